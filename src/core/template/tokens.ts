import Mustache from 'mustache';

/** The token scopes Marketo knows, matched case-insensitively (reference §2.1). */
export const SCOPES = [
	'lead',
	'company',
	'system',
	'trigger',
	'campaign',
	'program',
	'my',
	'member'
] as const;
export type Scope = (typeof SCOPES)[number];

const SCOPE_BY_LOWER = new Map<string, Scope>(SCOPES.map((s) => [s, s]));

/** One `{{ … }}` tag found in a text. Offsets are into the text that was scanned. */
export interface TokenRef {
	/** The tag as written, braces included. */
	raw: string;
	from: number;
	to: number;
	/** The scope, or null when the tag has none Marketo knows (reported as unknown-token). */
	scope: Scope | null;
	/** The scope as written, e.g. `Lead`. */
	scopeText: string;
	/** The display name after the dot, e.g. `First Name`. */
	name: string;
	/** The `:default=` text, or null when none is given. */
	defaultValue: string | null;
	/**
	 * Set when the tag is a Mustache construct Marketo has no use for (`{{#x}}`, `{{{x}}}` …): it is
	 * sent as literal text.
	 */
	unsupported?: true;
}

export interface ScanResult {
	/** Literal text and tokens, in order; joining `raw`s and strings gives the text back. */
	parts: (string | TokenRef)[];
	/** Offset of a `{{` that is never closed (all text from there on is literal), or null. */
	unclosedAt: number | null;
}

// Mustache gives `{{#`, `{{^`, `{{/`, `{{>`, `{{!`, `{{=`, `{{&` and `{{{` meanings Marketo tokens
// never have, and an unbalanced section would make it throw. Swapping the sigil for a same-length
// marker keeps every offset and turns such tags into plain names we can report.
const SIGIL = /\{\{[#^/>!=&{]/g;
const MARKER = '\u0000';

// A private writer, so our parses never fill or read the cache behind `Mustache.render`.
const writer = new Mustache.Writer();

const DEFAULT_RE = /:default=/i;

/** Splits a tag's content (`lead.First Name:default=there`) into its parts. */
export function parseTokenContent(
	content: string
): Pick<TokenRef, 'scope' | 'scopeText' | 'name' | 'defaultValue'> {
	const d = DEFAULT_RE.exec(content);
	const ref = d ? content.slice(0, d.index) : content;
	const defaultValue = d ? content.slice(d.index + d[0].length) : null;
	const dot = ref.indexOf('.');
	if (dot === -1) return { scope: null, scopeText: '', name: ref.trim(), defaultValue };
	const scopeText = ref.slice(0, dot).trim();
	return {
		scope: SCOPE_BY_LOWER.get(scopeText.toLowerCase()) ?? null,
		scopeText,
		name: ref.slice(dot + 1).trim(),
		defaultValue
	};
}

function scanComplete(text: string, parts: (string | TokenRef)[]): void {
	const neutral = text.replace(SIGIL, (m) => '{{' + MARKER + m.slice(3));
	let tokens: [string, string, number, number][];
	try {
		tokens = writer.parse(neutral);
	} finally {
		// We keep our own bounded cache of compiled templates; Mustache's would grow per keystroke.
		writer.clearCache();
	}
	let last = 0;
	for (const [type, value, start, end] of tokens) {
		if (type !== 'name') continue;
		if (start > last) parts.push(text.slice(last, start));
		const raw = text.slice(start, end);
		if (value.startsWith(MARKER)) {
			parts.push({
				raw,
				from: start,
				to: end,
				scope: null,
				scopeText: '',
				name: raw.slice(2, -2),
				defaultValue: null,
				unsupported: true
			});
		} else {
			parts.push({ raw, from: start, to: end, ...parseTokenContent(value) });
		}
		last = end;
	}
	if (last < text.length) parts.push(text.slice(last));
}

/**
 * Finds the `{{ … }}` tokens of a text with Mustache's own parser. Never throws: an unclosed
 * `{{` is reported through `unclosedAt` and everything from it on is literal text.
 */
export function scanTokens(text: string): ScanResult {
	const parts: (string | TokenRef)[] = [];
	if (!text.includes('{{')) {
		if (text) parts.push(text);
		return { parts, unclosedAt: null };
	}
	try {
		scanComplete(text, parts);
		return { parts, unclosedAt: null };
	} catch {
		// Mustache only throws "Unclosed tag" once the sigils are neutral: the first `{{` after the
		// last `}}` is the one left open, because a `{{` before it would have consumed that `}}`.
		const lastClose = text.lastIndexOf('}}');
		const open = text.indexOf('{{', lastClose === -1 ? 0 : lastClose + 2);
		parts.length = 0;
		scanComplete(text.slice(0, open), parts);
		parts.push(text.slice(open));
		return { parts, unclosedAt: open };
	}
}

/** Writes a token back as Marketo syntax, e.g. `{{lead.First Name:default=there}}`. */
export function formatToken(scope: string, name: string, defaultValue?: string | null): string {
	return `{{${scope}.${name}${defaultValue != null ? `:default=${defaultValue}` : ''}}}`;
}
