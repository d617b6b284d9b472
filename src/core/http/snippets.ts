import type { RenderedRequest } from '../types';

/** Quotes a string for a POSIX shell: single quotes, with embedded ones as '\''. */
function shellQuote(s: string): string {
	return `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * The request as a `curl` command line that sends exactly the same bytes: the URL as written,
 * each header, and the body through `--data-raw` (no `@file` interpretation, no stripping of
 * newlines). Lines are joined with ` \` continuations.
 */
export function toCurl(req: RenderedRequest): string {
	const lines = [`curl -X ${req.method} ${shellQuote(req.url)}`];
	for (const [name, value] of req.headers) lines.push(`  -H ${shellQuote(`${name}: ${value}`)}`);
	if (req.body !== null) lines.push(`  --data-raw ${shellQuote(req.body)}`);
	return lines.join(' \\\n');
}

/** The request as a JavaScript `fetch` call (strings as JSON literals, so any value is exact). */
export function toFetch(req: RenderedRequest): string {
	const init: string[] = [`  method: ${JSON.stringify(req.method)}`];
	if (req.headers.length)
		init.push(
			`  headers: [\n${req.headers.map(([n, v]) => `    [${JSON.stringify(n)}, ${JSON.stringify(v)}]`).join(',\n')}\n  ]`
		);
	if (req.body !== null) init.push(`  body: ${JSON.stringify(req.body)}`);
	return `await fetch(${JSON.stringify(req.url)}, {\n${init.join(',\n')}\n});`;
}
