import {
	autocompletion,
	closeBrackets,
	closeBracketsKeymap,
	insertCompletionText,
	pickedCompletion,
	startCompletion,
	type Completion,
	type CompletionContext,
	type CompletionResult,
	type CompletionSource
} from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { json } from '@codemirror/lang-json';
import { xml } from '@codemirror/lang-xml';
import { bracketMatching } from '@codemirror/language';
import {
	linter,
	lintKeymap,
	previousDiagnostic,
	setDiagnostics as lintSetDiagnostics,
	setDiagnosticsEffect,
	type Diagnostic as LintDiagnostic
} from '@codemirror/lint';
import {
	Annotation,
	Compartment,
	type AnnotationType,
	EditorState,
	Prec,
	RangeSetBuilder,
	StateEffect,
	Transaction,
	type ChangeSpec,
	type Extension,
	type TransactionSpec
} from '@codemirror/state';
import {
	Decoration,
	EditorView,
	ViewPlugin,
	keymap,
	placeholder,
	type DecorationSet,
	type ViewUpdate
} from '@codemirror/view';
import {
	CAMPAIGN_TOKENS,
	PROGRAM_TOKENS,
	SCOPES,
	SYSTEM_TOKENS,
	TRIGGER_TOKENS,
	defaultCompanyFields,
	fieldCatalog,
	formatToken,
	scanTokens,
	type Diagnostic,
	type FieldDef,
	type FlowContextDef,
	type Scope,
	type TokenRef
} from '../core';

/** Display names per token scope, and whether the current flow context supplies each scope. */
export interface TokenCatalog {
	lead: string[];
	company: string[];
	system: string[];
	trigger: string[];
	campaign: string[];
	program: string[];
	my: string[];
	member: string[];
	inScope: Record<Scope, boolean>;
}

type Named = string | { name: string };

export interface CatalogInput {
	/** Custom person fields; they join (or replace, by display name) the standard ones. */
	fields?: readonly FieldDef[];
	/** The scopes the flow context supplies. lead, company and system always resolve. */
	contextScopes?: readonly Scope[];
	myTokens?: readonly Named[];
	memberFields?: readonly Named[];
	/** The tokens the context's trigger fills; without a trigger, every documented one is listed. */
	triggerTokens?: readonly string[];
}

const ALWAYS_IN_SCOPE: readonly Scope[] = ['lead', 'company', 'system'];
const nameOf = (n: Named): string => (typeof n === 'string' ? n : n.name);

/** Builds the catalog the token highlighter and completion read from the core's lists. */
export function catalogFrom(input: CatalogInput = {}): TokenCatalog {
	const supplied = new Set<Scope>([...ALWAYS_IN_SCOPE, ...(input.contextScopes ?? [])]);
	const inScope = Object.fromEntries(SCOPES.map((s) => [s, supplied.has(s)])) as Record<
		Scope,
		boolean
	>;
	return {
		lead: fieldCatalog(input.fields ? [...input.fields] : undefined).list.map((f) => f.name),
		company: defaultCompanyFields.map((f) => f.name),
		system: [...SYSTEM_TOKENS],
		trigger: input.triggerTokens?.length ? [...input.triggerTokens] : [...TRIGGER_TOKENS],
		campaign: [...CAMPAIGN_TOKENS],
		program: [...PROGRAM_TOKENS],
		my: (input.myTokens ?? []).map(nameOf).filter(Boolean),
		member: (input.memberFields ?? []).map(nameOf).filter(Boolean),
		inScope
	};
}

/** The scopes a flow context supplies, for `catalogFrom({ contextScopes })`. */
export function contextScopesOf(def: FlowContextDef | null | undefined): Scope[] {
	const scopes: Scope[] = [...ALWAYS_IN_SCOPE];
	if (!def) return scopes;
	if (def.trigger) scopes.push('trigger');
	if (def.campaign) scopes.push('campaign');
	// My Tokens and member fields belong to the program (see toFlowContext).
	if (def.program) scopes.push('program', 'my', 'member');
	return scopes;
}

const SCOPE_BY_LOWER = new Map<string, Scope>(SCOPES.map((s) => [s, s]));

// ---------------------------------------------------------------------------------------------
// Token highlighting

/** Documents longer than this (in UTF-16 units) are not decorated: a scan per keystroke is O(n). */
export const MAX_HIGHLIGHT_LENGTH = 100_000;

const refreshTokensEffect = StateEffect.define<null>();

/** Asks the token highlighter to re-read its catalog (the catalog lives outside the state). */
export function refreshTokens(view: EditorView): void {
	view.dispatch({ effects: refreshTokensEffect.of(null) });
}

const markCache = new Map<string, Decoration>();
function mark(cls: string): Decoration {
	let deco = markCache.get(cls);
	if (!deco) markCache.set(cls, (deco = Decoration.mark({ class: cls })));
	return deco;
}

function tokenClass(ref: TokenRef, info: TokenCatalog): string {
	if (!ref.scope || ref.unsupported) return 'cm-token cm-token-unknown';
	const out = info.inScope[ref.scope] ? '' : ' cm-token-out-of-scope';
	return `cm-token cm-token-${ref.scope}${out}`;
}

const DEFAULT_RE = /:default=/i;

/** The token marks for a text: one per `{{…}}` plus one over each `:default=…` part. */
export function tokenDecorations(text: string, info: TokenCatalog): DecorationSet {
	if (text.length > MAX_HIGHLIGHT_LENGTH || !text.includes('{{')) return Decoration.none;
	const builder = new RangeSetBuilder<Decoration>();
	for (const part of scanTokens(text).parts) {
		if (typeof part === 'string') continue;
		builder.add(part.from, part.to, mark(tokenClass(part, info)));
		const at = part.defaultValue === null ? -1 : part.raw.search(DEFAULT_RE);
		// `to - 2` leaves the closing braces to the outer pill.
		if (at !== -1 && part.from + at < part.to - 2)
			builder.add(part.from + at, part.to - 2, mark('cm-token-default'));
	}
	return builder.finish();
}

/** Marks each `{{scope.Name}}` token with `cm-token cm-token-<scope>` (or `cm-token-unknown`). */
export function tokenHighlight(getInfo: () => TokenCatalog): Extension {
	const plugin = ViewPlugin.fromClass(
		class {
			decorations: DecorationSet;
			constructor(view: EditorView) {
				this.decorations = tokenDecorations(view.state.doc.toString(), getInfo());
			}
			update(u: ViewUpdate) {
				const refresh = u.transactions.some((tr) =>
					tr.effects.some((e) => e.is(refreshTokensEffect))
				);
				if (u.docChanged || refresh)
					this.decorations = tokenDecorations(u.state.doc.toString(), getInfo());
			}
		},
		{ decorations: (p) => p.decorations }
	);
	return [plugin, tokenTheme];
}

// light-dark() follows the page's `color-scheme`, which the app switches with its theme, while
// `&dark` only applies under a CodeMirror dark theme. Both paths end on the same dark colours.
const PALETTE: Record<string, [lightBg: string, lightFg: string, darkBg: string, darkFg: string]> =
	{
		lead: ['#e0ecff', '#0b4aa2', '#1e3a5f', '#a8d1ff'],
		company: ['#dcf0f7', '#075b73', '#163f4b', '#9be0f2'],
		system: ['#ece6ff', '#5a32a3', '#3a2d5c', '#d6c2ff'],
		trigger: ['#fff1d6', '#7f4500', '#4a3413', '#ffd08a'],
		campaign: ['#ffe9dc', '#8a3b0c', '#4d2a17', '#ffc19e'],
		program: ['#fbe7f3', '#8a1f62', '#4c1d3b', '#ffb3e0'],
		my: ['#dff5e3', '#17632b', '#1f4027', '#9be3ad'],
		member: ['#e6f4d7', '#3d5f0d', '#2e3f18', '#c5e79a'],
		unknown: ['#fde2e1', '#9c1409', '#5c1f1c', '#ffb4ab']
	};

const themeSpec: Record<string, Record<string, string>> = {
	'.cm-token': { borderRadius: '4px', padding: '0 2px' },
	'.cm-token-default': { fontStyle: 'italic' },
	// Dashed, not faded: fading would drop the text below readable contrast.
	'.cm-token-out-of-scope': { outline: '1px dashed currentColor', outlineOffset: '-1px' },
	'.cm-token-unknown': { textDecoration: 'underline dotted' }
};
for (const [name, [lightBg, lightFg, darkBg, darkFg]] of Object.entries(PALETTE)) {
	themeSpec[`&light .cm-token-${name}`] = {
		backgroundColor: `light-dark(${lightBg}, ${darkBg})`,
		color: `light-dark(${lightFg}, ${darkFg})`
	};
	themeSpec[`&dark .cm-token-${name}`] = { backgroundColor: darkBg, color: darkFg };
}
const tokenTheme = EditorView.baseTheme(themeSpec);

// ---------------------------------------------------------------------------------------------
// Token completion

const OUT_OF_SCOPE = 'not in this flow context';
const WHY_OUT: Partial<Record<Scope, string>> = {
	trigger: 'no trigger',
	campaign: 'no campaign',
	program: 'no program',
	my: 'no program',
	member: 'no program'
};
const OUT_OF_SCOPE_BOOST = -50;
const PREFIX_BOOST = 20;

const TOKEN_BEFORE = /\{\{([^{}\n]*)$/;
// What follows the cursor up to the closing braces: the rest of the name, then a `:default=`.
const TOKEN_AFTER = /^([^{}\n:]*)((?::[^{}\n]*)?)\}\}/;

const leadingSpace = (s: string): number => s.length - s.trimStart().length;

function boost(inScope: boolean, label: string, typed: string): number {
	const prefix = typed !== '' && label.toLowerCase().startsWith(typed.toLowerCase());
	return (inScope ? 0 : OUT_OF_SCOPE_BOOST) + (prefix ? PREFIX_BOOST : 0);
}

function scopeOptions(info: TokenCatalog, typed: string): Completion[] {
	return SCOPES.map((scope, i) => ({
		label: scope,
		// Ties keep Marketo's order (lead first), not the alphabet.
		sortText: String(i),
		type: 'namespace',
		detail: info.inScope[scope] ? 'in scope' : OUT_OF_SCOPE,
		boost: boost(info.inScope[scope], scope, typed),
		apply: (view: EditorView, completion: Completion, from: number, to: number) => {
			view.dispatch({
				...insertCompletionText(view.state, `${scope}.`, from, to),
				annotations: pickedCompletion.of(completion)
			});
			// Straight on to the names: the scope alone is never a whole token.
			startCompletion(view);
		}
	}));
}

function nameOptions(scope: Scope, info: TokenCatalog, typed: string, lead: number): Completion[] {
	const inScope = info.inScope[scope];
	const why = WHY_OUT[scope];
	const detail = inScope ? undefined : why ? `${OUT_OF_SCOPE} (${why})` : OUT_OF_SCOPE;
	return info[scope].map((name) => ({
		label: name,
		type: 'variable',
		detail,
		info: inScope
			? undefined
			: `Renders empty here: this flow context has ${why ?? 'no such scope'}.`,
		boost: boost(inScope, name, typed),
		apply: (view: EditorView, completion: Completion, from: number, to: number) => {
			const { state } = view;
			// `lead` = distance from `{{` to the name; it is fixed once the result exists.
			const open = from - lead;
			const rest = TOKEN_AFTER.exec(state.sliceDoc(to, state.doc.lineAt(to).to));
			const token = formatToken(scope, name);
			const insert = rest ? token.slice(0, -2) : token;
			const end = rest ? to + rest[1]!.length : to;
			const cursor = open + insert.length + (rest ? rest[2]!.length + 2 : 0);
			view.dispatch({
				changes: { from: open, to: end, insert },
				selection: { anchor: cursor },
				scrollIntoView: true,
				userEvent: 'input.complete',
				annotations: pickedCompletion.of(completion)
			});
		}
	}));
}

/**
 * The completion source behind `tokenCompletion`: scopes after `{{`, names after `{{scope.`.
 * Exported for tests.
 */
export function tokenCompletionSource(getInfo: () => TokenCatalog): CompletionSource {
	return (context: CompletionContext): CompletionResult | null => {
		const line = context.state.doc.lineAt(context.pos);
		const match = TOKEN_BEFORE.exec(line.text.slice(0, context.pos - line.from));
		if (!match) return null;
		const inner = match[1]!;
		// Past the name (into `:default=`) there is nothing left to complete.
		if (inner.includes(':')) return null;
		const open = line.from + match.index;
		const info = getInfo();
		const dot = inner.indexOf('.');
		if (dot === -1) {
			const typed = inner.trimStart();
			return {
				from: open + 2 + leadingSpace(inner),
				options: scopeOptions(info, typed)
			};
		}
		const scope = SCOPE_BY_LOWER.get(inner.slice(0, dot).trim().toLowerCase());
		if (!scope) return null;
		const typedRaw = inner.slice(dot + 1);
		const typed = typedRaw.trimStart();
		const from = open + 2 + dot + 1 + leadingSpace(typedRaw);
		const options = nameOptions(scope, info, typed, from - open);
		return options.length ? { from, options } : null;
	};
}

/** Autocompletion of Marketo tokens: scopes after `{{`, then the names of the scope. */
export function tokenCompletion(getInfo: () => TokenCatalog): Extension {
	return autocompletion({ override: [tokenCompletionSource(getInfo)] });
}

// ---------------------------------------------------------------------------------------------
// Diagnostics

const clamp = (n: number, min: number, max: number): number => Math.min(Math.max(n, min), max);

/**
 * The core's diagnostics as lint diagnostics for a document of `docLength`. Offsets are clamped;
 * diagnostics without offsets are left out (the UI lists them elsewhere).
 */
export function toLintDiagnostics(
	diagnostics: readonly Diagnostic[],
	docLength: number
): LintDiagnostic[] {
	const out: LintDiagnostic[] = [];
	for (const d of diagnostics) {
		if (d.from === undefined || !Number.isFinite(d.from)) continue;
		const from = clamp(d.from, 0, docLength);
		const to = d.to === undefined || !Number.isFinite(d.to) ? from : clamp(d.to, from, docLength);
		out.push({
			from,
			to,
			severity: d.severity,
			message: d.message,
			markClass: `cm-diagnostic-code-${d.code}`
		});
	}
	return out;
}

/** Replaces the diagnostics shown in the editor. */
export function setDiagnostics(view: EditorView, diagnostics: readonly Diagnostic[]): void {
	view.dispatch(
		lintSetDiagnostics(view.state, toLintDiagnostics(diagnostics, view.state.doc.length))
	);
}

/**
 * Underlines the core's diagnostics, with hover tooltips and no gutter. F8 / Shift-F8 select the
 * next / previous one and open its tooltip; Mod-Shift-m opens the list. `getDiagnostics` gives
 * the initial set; later sets come through `setDiagnostics`.
 */
export function diagnosticsLint(getDiagnostics: () => readonly Diagnostic[]): Extension {
	// A view cannot dispatch while it is being built, so the first set goes in on a microtask,
	// unless something has pushed a newer set by then.
	const initial = ViewPlugin.define((view) => {
		let pending = true;
		queueMicrotask(() => {
			if (pending) setDiagnostics(view, getDiagnostics());
		});
		return {
			update(u: ViewUpdate) {
				if (u.transactions.some((tr) => tr.effects.some((e) => e.is(setDiagnosticsEffect))))
					pending = false;
			},
			destroy() {
				pending = false;
			}
		};
	});
	return [
		linter(null),
		initial,
		// lintKeymap: F8 selects the next diagnostic and opens its tooltip, Mod-Shift-m the list.
		keymap.of([...lintKeymap, { key: 'Shift-F8', run: previousDiagnostic }])
	];
}

// ---------------------------------------------------------------------------------------------
// Languages

export type EditorKind = 'json' | 'xml' | 'text';

/** Swaps the language of a live editor; see `setLanguage`. */
export const languageCompartment = new Compartment();

const languages: Record<EditorKind, Extension> = { json: json(), xml: xml(), text: [] };

/** The language support for a kind; the same instance each time, so a no-op swap is detectable. */
export function languageFor(kind: EditorKind): Extension {
	return languages[kind];
}

/** Reconfigures `languageCompartment` (which the editor must include) when the kind changed. */
export function setLanguage(view: EditorView, kind: EditorKind): void {
	const ext = languageFor(kind);
	if (languageCompartment.get(view.state) !== ext)
		view.dispatch({ effects: languageCompartment.reconfigure(ext) });
}

/**
 * The body kind: by Content-Type first (`…/json`, `…+json`, `…/xml`, `…+xml`), else by the first
 * non-space character (`{` or `[` → json, `<` → xml), else text.
 */
export function detectKind(contentType: string | null, text: string): EditorKind {
	const mime = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
	if (/[/+]json$/.test(mime)) return 'json';
	if (/[/+]xml$/.test(mime)) return 'xml';
	const first = /\S/.exec(text)?.[0];
	if (first === '{' || first === '[') return 'json';
	if (first === '<') return 'xml';
	return 'text';
}

// ---------------------------------------------------------------------------------------------
// Single-line inputs

export interface SingleLineOptions {
	/** Called on Enter (which never inserts a line break). */
	onEnter?: (view: EditorView) => void;
}

function stripLineBreaks(tr: Transaction): Transaction | TransactionSpec {
	if (!tr.docChanged) return tr;
	let breaks = false;
	tr.changes.iterChanges((_fa, _ta, _fb, _tb, inserted) => {
		if (inserted.lines > 1) breaks = true;
	});
	if (!breaks) return tr;
	const changes: ChangeSpec[] = [];
	tr.changes.iterChanges((from, to, _fb, _tb, inserted) => {
		changes.push({ from, to, insert: inserted.sliceString(0, inserted.length, '') });
	});
	const set = tr.startState.changes(changes);
	// A filter's replacement spec starts bare: carry over the annotations that matter here.
	const annotations: Annotation<unknown>[] = [];
	const keep = <T>(type: AnnotationType<T>): void => {
		const value = tr.annotation(type);
		if (value !== undefined) annotations.push(type.of(value));
	};
	keep(Transaction.userEvent);
	keep(Transaction.addToHistory);
	keep(Transaction.remote);
	keep(externalChange);
	return {
		changes: set,
		// The original selection points into text that no longer exists; a paste or a typed
		// character leaves the cursor after what went in, which mapping forward reproduces.
		selection: tr.startState.selection.map(set, 1),
		effects: tr.effects,
		scrollIntoView: tr.scrollIntoView,
		annotations
	};
}

const singleLineTheme = EditorView.theme({
	'.cm-content': { whiteSpace: 'pre', padding: '0' },
	'.cm-line': { padding: '0' },
	// Scrolls sideways like an <input>, without a scrollbar eating the single row.
	'.cm-scroller': { overflowX: 'auto', overflowY: 'hidden', scrollbarWidth: 'none' }
});

/** One-line editing for URL and header inputs: line breaks are dropped, Enter inserts nothing. */
export function singleLine(options: SingleLineOptions = {}): Extension {
	const enter = (view: EditorView): boolean => {
		options.onEnter?.(view);
		return true;
	};
	return [
		EditorState.transactionFilter.of(stripLineBreaks),
		// Below Prec.highest, so Enter still accepts an open completion.
		Prec.high(keymap.of([{ key: 'Enter', run: enter, shift: enter }])),
		EditorView.contentAttributes.of({ 'aria-multiline': 'false' }),
		singleLineTheme
	];
}

/**
 * History and the default keymaps; a multi-line editor also wraps lines and matches and closes
 * brackets, a single-line one gets `singleLine(options)`.
 */
export function editingBasics(
	options: SingleLineOptions & { singleLine?: boolean } = {}
): Extension {
	return [
		history(),
		keymap.of([...defaultKeymap, ...historyKeymap]),
		options.singleLine
			? singleLine(options)
			: [
					EditorView.lineWrapping,
					bracketMatching(),
					closeBrackets(),
					keymap.of(closeBracketsKeymap)
				]
	];
}

// ---------------------------------------------------------------------------------------------
// Editing helpers

/** Marks changes that came from the bound value, so they are not reported back as edits. */
export const externalChange = Annotation.define<boolean>();

/**
 * Makes the document equal `value` with the smallest change (common prefix and suffix kept), so
 * the selection maps to where it was and stays inside the document.
 */
export function replaceDoc(view: EditorView, value: string): void {
	const doc = view.state.doc.toString();
	if (doc === value) return;
	const max = Math.min(doc.length, value.length);
	let start = 0;
	while (start < max && doc.charCodeAt(start) === value.charCodeAt(start)) start++;
	let endA = doc.length;
	let endB = value.length;
	while (endA > start && endB > start && doc.charCodeAt(endA - 1) === value.charCodeAt(endB - 1)) {
		endA--;
		endB--;
	}
	view.dispatch({
		changes: { from: start, to: endA, insert: value.slice(start, endB) },
		annotations: externalChange.of(true)
	});
}

/** Calls `onChange` with the text after each edit that did not come from `replaceDoc`. */
export function onDocChange(onChange: (text: string) => void): Extension {
	return EditorView.updateListener.of((u) => {
		if (u.docChanged && !u.transactions.some((tr) => tr.annotation(externalChange)))
			onChange(u.state.doc.toString());
	});
}

/** Replaces the selection with `text` (e.g. from an "Insert Token" menu) and focuses the view. */
export function insertText(view: EditorView, text: string): void {
	view.dispatch(view.state.replaceSelection(text), { scrollIntoView: true, userEvent: 'input' });
	view.focus();
}

/**
 * The accessible name and id of the editable element (the id serves an outside `<label for>`).
 * An explicit tabindex tells assistive tech (and axe's scrollable-region check) that the
 * scrolling editor has a keyboard-focusable element; contenteditable alone is not always counted.
 */
export function contentLabel(label: string, id?: string): Extension {
	const attrs: Record<string, string> = { 'aria-label': label, tabindex: '0' };
	if (id) attrs.id = id;
	return EditorView.contentAttributes.of(attrs);
}

/** CodeMirror's placeholder, re-exported under a name that does not clash with a prop. */
export const placeholderText = placeholder;

/**
 * Colours from the app's CSS variables (with fallbacks), so cursor, selection and tooltips stay
 * readable in both app themes; CodeMirror's defaults assume a light page.
 */
export function editorTheme(): Extension {
	return EditorView.theme({
		'&': { color: 'var(--fg, inherit)', backgroundColor: 'transparent' },
		'&.cm-focused': { outline: 'none' },
		'.cm-scroller': { fontFamily: 'var(--mono, ui-monospace, monospace)', lineHeight: '1.45' },
		'.cm-content': { caretColor: 'var(--fg, currentColor)' },
		'.cm-cursor, .cm-dropCursor': { borderLeftColor: 'var(--fg, currentColor)' },
		'&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground, .cm-content ::selection':
			{ backgroundColor: 'var(--bg-selected, #d7d4f0)' },
		'.cm-placeholder': { color: 'var(--fg-muted, #5d6377)' },
		'.cm-tooltip': {
			backgroundColor: 'var(--bg-panel, #fff)',
			color: 'var(--fg, #1c2030)',
			border: '1px solid var(--border-strong, #b9bdcc)',
			borderRadius: '4px'
		},
		'.cm-tooltip.cm-tooltip-autocomplete > ul': { fontFamily: 'var(--mono, monospace)' }
	});
}
