import { describe, expect, it } from 'vitest';
import { toCurl, toFetch } from '../index';

const req = {
	method: 'POST' as const,
	url: 'https://x.example/in?a=1&b=2',
	headers: [['Content-Type', 'application/json']] as [string, string][],
	body: `{"n": "O'Neil"}`
};

describe('snippets', () => {
	it('curl quotes for the shell and sends the body raw', () => {
		expect(toCurl(req)).toBe(
			`curl -X POST 'https://x.example/in?a=1&b=2' \\\n  -H 'Content-Type: application/json' \\\n  --data-raw '{"n": "O'\\''Neil"}'`
		);
		expect(toCurl({ ...req, method: 'GET', headers: [], body: null })).toBe(
			`curl -X GET 'https://x.example/in?a=1&b=2'`
		);
	});

	it('fetch carries the exact strings', () => {
		const code = toFetch(req);
		expect(code).toContain('await fetch("https://x.example/in?a=1&b=2", {');
		expect(code).toContain('body: "{\\"n\\": \\"O\'Neil\\"}"');
		// the snippet is valid JavaScript that reproduces the request
		const calls: unknown[][] = [];
		new Function('fetch', `return (async () => { ${code} })()`)((...a: unknown[]) => calls.push(a));
		expect(calls[0]).toEqual([req.url, { method: 'POST', headers: req.headers, body: req.body }]);
	});
});
