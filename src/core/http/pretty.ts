/** Bodies larger than this are shown raw only (DESIGN.md §6: never freeze the page). */
export const PRETTY_LIMIT_BYTES = 5 * 1024 * 1024;

export type BodyKind = 'json' | 'xml' | 'html' | 'text';

/** What a body is, from its Content-Type, else from its first character. */
export function bodyKind(contentType: string | null | undefined, body: string): BodyKind {
	const ct = (contentType ?? '').toLowerCase();
	if (/[/+]json\b/.test(ct)) return 'json';
	if (/[/+]xml\b/.test(ct)) return 'xml';
	if (ct.includes('html')) return 'html';
	const first = body.trimStart()[0];
	if (first === '{' || first === '[') return 'json';
	if (first === '<') return 'xml';
	return 'text';
}

/**
 * The body indented for reading, or null when it cannot be (malformed JSON, text, or over
 * {@link PRETTY_LIMIT_BYTES}: the raw view is then the only one). Never throws.
 */
export function prettyBody(kind: BodyKind, body: string, bytes = body.length): string | null {
	if (bytes > PRETTY_LIMIT_BYTES || !body.trim()) return null;
	if (kind === 'json') {
		try {
			return JSON.stringify(JSON.parse(body), null, 2);
		} catch {
			return null;
		}
	}
	if (kind === 'xml') return prettyXml(body);
	return null;
}

/**
 * Indents XML by nesting, one element per line; text-only elements stay on one line. It only
 * re-flows whitespace between tags, so it never changes the content, and it tolerates malformed
 * input (the result is then merely less tidy).
 */
export function prettyXml(xml: string): string {
	const tokens = xml.replace(/>\s+</g, '><').match(/<[^>]*>|[^<]+/g) ?? [];
	const out: string[] = [];
	let depth = 0;
	for (let i = 0; i < tokens.length; i++) {
		const t = tokens[i]!;
		const pad = '  '.repeat(Math.max(0, depth));
		if (t.startsWith('</')) {
			depth = Math.max(0, depth - 1);
			out.push('  '.repeat(Math.max(0, depth)) + t);
		} else if (t.startsWith('<?') || t.startsWith('<!') || t.endsWith('/>')) {
			out.push(pad + t);
		} else if (t.startsWith('<')) {
			const text = tokens[i + 1];
			const close = tokens[i + 2];
			if (text !== undefined && !text.startsWith('<') && close?.startsWith('</')) {
				out.push(pad + t + text + close);
				i += 2;
			} else if (text?.startsWith('</')) {
				out.push(pad + t + text);
				i += 1;
			} else {
				out.push(pad + t);
				depth++;
			}
		} else if (t.trim()) {
			out.push(pad + t.trim());
		}
	}
	return out.join('\n');
}
