import {
	CompletionContext,
	acceptCompletion,
	currentCompletions,
	type Completion,
	type CompletionResult
} from '@codemirror/autocomplete';
import { forEachDiagnostic } from '@codemirror/lint';
import { EditorSelection, EditorState, type Extension } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Diagnostic } from '../core';
import {
	catalogFrom,
	contextScopesOf,
	detectKind,
	diagnosticsLint,
	insertText,
	languageCompartment,
	languageFor,
	onDocChange,
	replaceDoc,
	setDiagnostics,
	setLanguage,
	singleLine,
	tokenCompletion,
	tokenCompletionSource,
	tokenDecorations,
	tokenHighlight,
	toLintDiagnostics,
	type TokenCatalog
} from './extensions';

// jsdom has no layout: CodeMirror's measuring pass (on an animation frame) needs these to exist.
Range.prototype.getClientRects = () => [] as unknown as DOMRectList;
Range.prototype.getBoundingClientRect = () => new DOMRect();

const views: EditorView[] = [];
afterEach(() => {
	for (const v of views.splice(0)) v.destroy();
});

function makeView(doc: string, extensions: Extension = []): EditorView {
	const parent = document.createElement('div');
	document.body.append(parent);
	const view = new EditorView({ parent, state: EditorState.create({ doc, extensions }) });
	views.push(view);
	return view;
}

const catalog = catalogFrom({
	fields: [{ name: 'Favourite Colour', apiName: 'favouriteColour', type: 'string' }],
	contextScopes: ['trigger'],
	triggerTokens: ['Trigger Name', 'Web Page']
});
const getInfo = (): TokenCatalog => catalog;

function ranges(text: string, info = catalog): [number, number, string][] {
	const out: [number, number, string][] = [];
	tokenDecorations(text, info).between(0, text.length, (from, to, deco) => {
		out.push([from, to, String(deco.spec.class)]);
	});
	return out;
}

describe('catalogFrom', () => {
	it('lists core names per scope and what the context supplies', () => {
		expect(catalog.lead).toContain('First Name');
		expect(catalog.lead).toContain('Favourite Colour');
		expect(catalog.company).toContain('Company Name');
		expect(catalog.system).toEqual(['date', 'time', 'dateTime']);
		expect(catalog.trigger).toEqual(['Trigger Name', 'Web Page']);
		expect(catalog.inScope).toEqual({
			lead: true,
			company: true,
			system: true,
			trigger: true,
			campaign: false,
			program: false,
			my: false,
			member: false
		});
	});

	it('derives scopes from a flow context: a program brings my and member', () => {
		expect(contextScopesOf(null)).toEqual(['lead', 'company', 'system']);
		expect(
			contextScopesOf({
				id: 'c',
				name: 'c',
				campaignType: 'batch',
				trigger: null,
				campaign: null,
				program: { name: 'P', id: '1', description: '' },
				myTokens: [],
				member: [],
				timeZone: 'UTC',
				now: { mode: 'live' }
			})
		).toEqual(['lead', 'company', 'system', 'program', 'my', 'member']);
	});
});

describe('tokenHighlight', () => {
	it('marks exactly each token, with its scope', () => {
		const text = 'Hi {{lead.First Name}}, at {{System.dateTime}}!';
		expect(ranges(text)).toEqual([
			[3, 22, 'cm-token cm-token-lead'],
			[27, 46, 'cm-token cm-token-system']
		]);
	});

	it('marks unknown scopes, out-of-scope tokens and the :default part', () => {
		const text = '{{foo.bar}} {{campaign.name}} {{lead.City:default=Paris}}';
		expect(ranges(text)).toEqual([
			[0, 11, 'cm-token cm-token-unknown'],
			[12, 29, 'cm-token cm-token-campaign cm-token-out-of-scope'],
			[30, 57, 'cm-token cm-token-lead'],
			[41, 55, 'cm-token-default']
		]);
		expect(text.slice(41, 55)).toBe(':default=Paris');
	});

	it('leaves unclosed tokens and oversized documents alone', () => {
		expect(ranges('{{lead.First Name')).toEqual([]);
		expect(ranges('{{lead.City}}' + ' '.repeat(100_000))).toEqual([]);
	});

	it('renders .cm-token spans over the token text and follows edits', () => {
		const view = makeView('a {{lead.City}} b {{nope}}', tokenHighlight(getInfo));
		const spans = () =>
			[...view.contentDOM.querySelectorAll('.cm-token')].map((s) => [s.className, s.textContent]);
		expect(spans()).toEqual([
			['cm-token cm-token-lead', '{{lead.City}}'],
			['cm-token cm-token-unknown', '{{nope}}']
		]);
		view.dispatch({ changes: { from: 0, insert: '{{my.Token}} ' } });
		expect(spans()[0]).toEqual(['cm-token cm-token-my cm-token-out-of-scope', '{{my.Token}}']);
	});
});

describe('tokenCompletionSource', () => {
	const source = tokenCompletionSource(getInfo);

	function complete(doc: string, pos = doc.length, explicit = false) {
		const state = EditorState.create({ doc });
		return source(new CompletionContext(state, pos, explicit)) as CompletionResult | null;
	}

	function option(result: CompletionResult | null, label: string): Completion {
		const found = result?.options.find((o) => o.label === label);
		if (!found) throw new Error(`no option ${label}`);
		return found;
	}

	/** Applies an option through a real view, as the completion UI would. */
	function apply(doc: string, label: string, pos = doc.length): EditorView {
		const result = complete(doc, pos);
		const view = makeView(doc);
		view.dispatch({ selection: { anchor: pos } });
		const opt = option(result, label);
		if (typeof opt.apply !== 'function') throw new Error('expected an apply function');
		opt.apply(view, opt, result!.from, pos);
		return view;
	}

	it('offers the scopes after {{, ranking those the context lacks lower', () => {
		const result = complete('x {{');
		expect(result?.from).toBe(4);
		expect(result?.options.map((o) => o.label)).toEqual([
			'lead',
			'company',
			'system',
			'trigger',
			'campaign',
			'program',
			'my',
			'member'
		]);
		expect(option(result, 'lead').detail).toBe('in scope');
		expect(option(result, 'campaign').detail).toBe('not in this flow context');
		expect(option(result, 'campaign').boost).toBeLessThan(option(result, 'lead').boost ?? 0);
	});

	it('applying a scope writes scope and dot', () => {
		expect(apply('{{le', 'lead').state.doc.toString()).toBe('{{lead.');
	});

	it('offers the scope names after {{lead.Fi and completes the whole token', () => {
		const result = complete('Hello {{lead.Fi');
		expect(result?.from).toBe(13);
		expect(result?.options.map((o) => o.label)).toContain('First Name');
		expect(option(result, 'First Name').boost).toBeGreaterThan(
			option(result, 'Last Name').boost ?? 0
		);
		const view = apply('Hello {{lead.Fi', 'First Name');
		expect(view.state.doc.toString()).toBe('Hello {{lead.First Name}}');
		expect(view.state.selection.main.head).toBe(25);
	});

	it('matches scopes case-insensitively and writes the canonical one', () => {
		expect(complete('{{LEAD.')?.options.map((o) => o.label)).toContain('Favourite Colour');
		expect(apply('{{Lead.ci', 'City').state.doc.toString()).toBe('{{lead.City}}');
	});

	it('does not add closing braces that are already there, and keeps a :default', () => {
		expect(apply('{{lead.}} x', 'City', 7).state.doc.toString()).toBe('{{lead.City}} x');
		const view = apply('{{lead.Ci:default=Paris}}', 'City', 9);
		expect(view.state.doc.toString()).toBe('{{lead.City:default=Paris}}');
		expect(view.state.selection.main.head).toBe(27);
		expect(apply('{{lead.Fi|rst}}', 'First Name', 9).state.doc.toString()).toBe(
			'{{lead.First Name}}'
		);
	});

	it('still offers out-of-scope names, lower and saying why', () => {
		const result = complete('{{campaign.');
		const name = option(result, 'name');
		expect(name.detail).toBe('not in this flow context (no campaign)');
		expect(name.boost).toBeLessThan(0);
		expect(option(complete('{{trigger.'), 'Web Page').detail).toBeUndefined();
	});

	it('offers nothing outside a token, for unknown scopes or past :default=', () => {
		expect(complete('lead.Fi')).toBeNull();
		expect(complete('{{lead.City}} ')).toBeNull();
		expect(complete('{{foo.')).toBeNull();
		expect(complete('{{lead.City:default=')).toBeNull();
		// No My Tokens in this catalog: nothing to offer.
		expect(complete('{{my.')).toBeNull();
	});
});

describe('tokenCompletion', () => {
	const typeAt = (view: EditorView, text: string) => {
		const at = view.state.selection.main.head;
		view.dispatch({
			changes: { from: at, insert: text },
			selection: { anchor: at + text.length },
			userEvent: 'input.type'
		});
	};
	// Completion opens after a typing delay and accepts only after an interaction delay.
	const settle = () => new Promise((resolve) => setTimeout(resolve, 250));

	it('runs from {{ through the scope to a whole token', async () => {
		const view = makeView('', tokenCompletion(getInfo));
		typeAt(view, '{{');
		await settle();
		expect(currentCompletions(view.state).map((c) => c.label)).toEqual([
			'lead',
			'company',
			'system',
			'trigger',
			'campaign',
			'program',
			'my',
			'member'
		]);
		acceptCompletion(view);
		expect(view.state.doc.toString()).toBe('{{lead.');
		typeAt(view, 'fir');
		await settle();
		expect(currentCompletions(view.state)[0]?.label).toBe('First Name');
		acceptCompletion(view);
		expect(view.state.doc.toString()).toBe('{{lead.First Name}}');
	});
});

describe('diagnostics', () => {
	const diag = (from?: number, to?: number): Diagnostic => ({
		severity: 'warning',
		code: 'unknown-token',
		message: `at ${from}`,
		where: 'template',
		from,
		to
	});

	function shown(view: EditorView): [number, number, string, string][] {
		const out: [number, number, string, string][] = [];
		forEachDiagnostic(view.state, (d, from, to) => out.push([from, to, d.severity, d.message]));
		return out;
	}

	it('clamps offsets to the document and skips diagnostics without offsets', () => {
		expect(toLintDiagnostics([diag(2, 99), diag(-3, 1), diag(), diag(5)], 10)).toMatchObject([
			{ from: 2, to: 10 },
			{ from: 0, to: 1 },
			{ from: 5, to: 5 }
		]);
	});

	it('shows the initial set, then whatever setDiagnostics pushes', async () => {
		const view = makeView(
			'0123456789',
			diagnosticsLint(() => [diag(1, 3)])
		);
		await Promise.resolve();
		expect(shown(view)).toEqual([[1, 3, 'warning', 'at 1']]);
		setDiagnostics(view, [{ ...diag(4, 50), severity: 'error' }, diag()]);
		expect(shown(view)).toEqual([[4, 10, 'error', 'at 4']]);
		setDiagnostics(view, []);
		expect(shown(view)).toEqual([]);
	});

	it('does not let the initial set overwrite a newer push', async () => {
		const view = makeView(
			'0123456789',
			diagnosticsLint(() => [diag(1, 3)])
		);
		setDiagnostics(view, [diag(6, 7)]);
		await Promise.resolve();
		expect(shown(view)).toEqual([[6, 7, 'warning', 'at 6']]);
	});

	it('renders no lint gutter', async () => {
		const view = makeView(
			'0123456789',
			diagnosticsLint(() => [diag(1, 3)])
		);
		await Promise.resolve();
		expect(view.dom.querySelector('.cm-gutter-lint')).toBeNull();
		expect(view.contentDOM.querySelector('.cm-lintRange-warning')?.textContent).toBe('12');
	});
});

describe('languages', () => {
	it('detectKind: Content-Type first, then the first non-space character', () => {
		expect(detectKind('application/json; charset=utf-8', '<a/>')).toBe('json');
		expect(detectKind('application/ld+json', '')).toBe('json');
		expect(detectKind('text/xml', '{}')).toBe('xml');
		expect(detectKind('application/soap+xml', '')).toBe('xml');
		expect(detectKind('text/plain', '  [1]')).toBe('json');
		expect(detectKind(null, '\n {"a":1}')).toBe('json');
		expect(detectKind(null, '  <?xml version="1.0"?>')).toBe('xml');
		expect(detectKind(null, 'ok')).toBe('text');
		expect(detectKind(null, '')).toBe('text');
		expect(detectKind('application/jsonp', 'x')).toBe('text');
	});

	it('swaps the language through the compartment', () => {
		const view = makeView('{"a": 1}', languageCompartment.of(languageFor('text')));
		setLanguage(view, 'json');
		expect(languageCompartment.get(view.state)).toBe(languageFor('json'));
		const before = view.state;
		setLanguage(view, 'json');
		expect(view.state).toBe(before);
	});
});

describe('singleLine', () => {
	it('drops line breaks from a paste and leaves the cursor after it', () => {
		const view = makeView('https://x/', singleLine());
		view.dispatch(view.state.replaceSelection('a\nb\r\nc'), { userEvent: 'input.paste' });
		expect(view.state.doc.toString()).toBe('abchttps://x/');
		expect(view.state.selection.main.head).toBe(3);
		expect(view.contentDOM.getAttribute('aria-multiline')).toBe('false');
	});

	it('Enter inserts nothing and calls onEnter', () => {
		const onEnter = vi.fn();
		const view = makeView('abc', singleLine({ onEnter }));
		view.contentDOM.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
		expect(view.state.doc.toString()).toBe('abc');
		expect(onEnter).toHaveBeenCalledWith(view);
	});
});

describe('editing helpers', () => {
	it('insertText replaces the selection', () => {
		const view = makeView('Hello NAME!');
		view.dispatch({ selection: EditorSelection.range(6, 10) });
		insertText(view, '{{lead.First Name}}');
		expect(view.state.doc.toString()).toBe('Hello {{lead.First Name}}!');
		expect(view.state.selection.main.head).toBe(25);
	});

	it('replaceDoc changes only the differing middle and is not reported as an edit', () => {
		const onChange = vi.fn();
		const view = makeView('abc def ghi', onDocChange(onChange));
		view.dispatch({ selection: { anchor: 11 } });
		replaceDoc(view, 'abc');
		expect(view.state.doc.toString()).toBe('abc');
		expect(view.state.selection.main.head).toBe(3);
		expect(onChange).not.toHaveBeenCalled();
		view.dispatch({ changes: { from: 3, insert: '!' } });
		expect(onChange).toHaveBeenCalledWith('abc!');
	});
});
