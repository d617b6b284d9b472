import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FIELD_TYPES } from '../fields';
import { applyResponseMappings } from '../mapping/map-response';
import { parseXml } from '../mapping/xml';
import { webhook } from '../test/fixtures';
import type { FieldDef, RenderedRequest, WebhookDefinition } from '../types';
import {
	decodeFormComponent,
	defaultMockConfig,
	inspectRequest,
	parseUrlEncoded,
	reasonPhrase,
	respondAsMock,
	splitUrl,
	type MockConfig
} from './mock';

const post = (over: Partial<RenderedRequest> = {}): RenderedRequest => ({
	method: 'POST',
	url: 'https://hooks.example.com/in/lead?source=web&tag=a&tag=b',
	headers: [
		['Content-Type', 'application/json'],
		['X-Api-Key', 'k1']
	],
	body: '{"email": "jane@example.com", "score": 12, "tags": ["a", "b"], "owner": {"id": 7}}',
	...over
});

const config = (over: Partial<MockConfig> = {}): MockConfig => ({
	status: 200,
	statusText: 'OK',
	delayMs: 0,
	contentType: 'text/plain',
	headers: [],
	body: '',
	...over
});

const fixed = { now: () => new Date('2024-05-07T09:30:00Z'), newId: () => 'id-1' };

/** The body the mock answers with for a template, under a content type. */
const fill = (body: string, contentType = 'text/plain', request = post()) =>
	respondAsMock(config({ body, contentType }), request, fixed);

const mockResponseOf = (c: MockConfig) => respondAsMock(c, post(), fixed).response;

describe('respondAsMock: status, headers, size, delay', () => {
	it('an empty statusText becomes the standard reason phrase', () => {
		expect(respondAsMock(config({ status: 404, statusText: '' }), post()).response).toMatchObject({
			status: 404,
			statusText: 'Not Found'
		});
		expect(respondAsMock(config({ status: 201, statusText: '' }), post()).response.statusText).toBe(
			'Created'
		);
		// a custom phrase wins; an unlisted status has none
		expect(
			respondAsMock(config({ status: 503, statusText: 'Down for lunch' }), post()).response
				.statusText
		).toBe('Down for lunch');
		expect(respondAsMock(config({ status: 299, statusText: '' }), post()).response.statusText).toBe(
			''
		);
	});

	it('reasonPhrase covers the standard statuses', () => {
		expect(reasonPhrase(200)).toBe('OK');
		expect(reasonPhrase(204)).toBe('No Content');
		expect(reasonPhrase(422)).toBe('Unprocessable Content');
		expect(reasonPhrase(429)).toBe('Too Many Requests');
		expect(reasonPhrase(504)).toBe('Gateway Timeout');
		expect(reasonPhrase(799)).toBe('');
	});

	it.each([0, 99, 600, 200.5, Number.NaN])(
		'status %s is not HTTP, so the mock answers 500',
		(s) => {
			expect(respondAsMock(config({ status: s, statusText: '' }), post()).response).toMatchObject({
				status: 500,
				statusText: 'Internal Server Error'
			});
		}
	);

	it('Content-Type comes first from contentType and replaces one in the header list', () => {
		const r = respondAsMock(
			config({
				contentType: 'application/json',
				headers: [
					['content-type', 'text/html'],
					['X-Request-Id', 'r1'],
					['Set-Cookie', 'a=1'],
					['Set-Cookie', 'b=2']
				]
			}),
			post()
		);
		expect(r.response.headers).toEqual([
			['Content-Type', 'application/json'],
			['X-Request-Id', 'r1'],
			['Set-Cookie', 'a=1'],
			['Set-Cookie', 'b=2']
		]);
		// no contentType: the header list is sent as written
		expect(
			respondAsMock(config({ contentType: '', headers: [['Content-Type', 'text/csv']] }), post())
				.response.headers
		).toEqual([['Content-Type', 'text/csv']]);
	});

	it('bodyBytes is the UTF-8 length', () => {
		expect(fill('é€😀').response).toMatchObject({ body: 'é€😀', bodyBytes: 2 + 3 + 4 });
		expect(fill('').response.bodyBytes).toBe(0);
	});

	it.each([
		[1500, 1500],
		[1234.6, 1235],
		[-5, 0],
		[Number.NaN, 0],
		[Number.POSITIVE_INFINITY, 0]
	])('delay %s ms → %s ms', (delayMs, expected) => {
		expect(respondAsMock(config({ delayMs }), post()).delayMs).toBe(expected);
	});

	it('changes neither the config nor the request', () => {
		const c = Object.freeze(config({ body: '{{request.json.email}}', headers: [['A', '1']] }));
		const r = Object.freeze(post());
		const before = JSON.stringify([c, r]);
		respondAsMock(c, r, fixed);
		expect(JSON.stringify([c, r])).toBe(before);
	});
});

describe('respondAsMock: request tokens', () => {
	it('fills method, url, path, query, header, form, body, now and uuid', () => {
		const r = fill(
			'{{request.method}} {{request.url}} | {{request.path}} | {{request.query.source}} | {{request.header.x-api-key}} | {{now}} | {{uuid}}'
		);
		expect(r.response.body).toBe(
			'POST https://hooks.example.com/in/lead?source=web&tag=a&tag=b | /in/lead | web | k1 | 2024-05-07T09:30:00.000Z | id-1'
		);
		expect(r.diagnostics).toEqual([]);
	});

	it('a repeated query parameter gives its first value; a repeated header joins with ", "', () => {
		const request = post({
			headers: [
				['Accept', 'text/plain'],
				['accept', 'application/json']
			]
		});
		expect(
			fill('{{request.query.tag}};{{request.header.ACCEPT}}', 'text/plain', request).response.body
		).toBe('a;text/plain, application/json');
	});

	it('form fields are decoded', () => {
		const request = post({
			headers: [['Content-Type', 'application/x-www-form-urlencoded']],
			body: 'name=Jack+%26+Jill&city=S%C3%A3o+Paulo'
		});
		expect(
			fill('{{request.form.name}} / {{request.form.city}}', 'text/plain', request).response.body
		).toBe('Jack & Jill / São Paulo');
	});

	it('request.json.PATH follows dots and [n]; non-strings are inserted as JSON', () => {
		expect(
			fill(
				'{{request.json.email}} {{request.json.tags[1]}} {{request.json.score}} {{request.json.owner}}'
			).response.body
		).toBe('jane@example.com b 12 {"id":7}');
		expect(fill('{{request.json.owner.id}}').response.body).toBe('7');
	});

	it('request.body is the raw body', () => {
		expect(fill('<<{{request.body}}>>', 'text/plain', post({ body: 'a=1' })).response.body).toBe(
			'<<a=1>>'
		);
	});

	it('keywords are case-insensitive and spaces inside the braces do not count', () => {
		expect(fill('{{ UUID }}-{{Request.Method}}-{{ request.json.email }}').response.body).toBe(
			'id-1-POST-jane@example.com'
		);
	});

	it('now and uuid are taken once per response', () => {
		let n = 0;
		const r = respondAsMock(config({ body: '{{uuid}} {{uuid}}' }), post(), {
			newId: () => `id-${++n}`
		});
		expect(r.response.body).toBe('id-1 id-1');
		// the defaults: the real clock and a v4 UUID
		const d = respondAsMock(config({ body: '{{uuid}}|{{now}}' }), post()).response.body.split('|');
		expect(d[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
		expect(Number.isNaN(Date.parse(d[1]!))).toBe(false);
	});

	it('text that is not a whole token stays as written', () => {
		expect(fill('{{ {x}} {{uuid} }} {uuid}').response.body).toBe('{{ {x}} {{uuid} }} {uuid}');
		expect(fill('{{{uuid}}}').response.body).toBe('{id-1}');
	});
});

describe('respondAsMock: unknown and empty tokens', () => {
	it('an unknown token is left empty with a warning at its offsets', () => {
		const r = fill('a {{request.cookie}} b');
		expect(r.response.body).toBe('a  b');
		expect(r.diagnostics).toEqual([
			{
				severity: 'warning',
				code: 'mock-token',
				message: expect.stringContaining('{{request.cookie}} is left empty'),
				from: 2,
				to: 20
			}
		]);
		expect(r.diagnostics[0]!.message).toContain('request.json.PATH');
	});

	it('a Marketo token is explained', () => {
		const r = fill('{{lead.First Name}}');
		expect(r.diagnostics[0]).toMatchObject({ severity: 'warning', from: 0, to: 19 });
		expect(r.diagnostics[0]!.message).toContain('is a Marketo token');
	});

	it('query, header, form and json need a name; a bad JSON path says why', () => {
		const r = fill('{{request.query}}{{request.json.}}{{request.json.a["b"]}}');
		expect(r.diagnostics.map((d) => [d.severity, d.from, d.to])).toEqual([
			['warning', 0, 17],
			['warning', 17, 34],
			['warning', 34, 57]
		]);
		expect(r.diagnostics[0]!.message).toContain('it needs a name after the dot');
		expect(r.diagnostics[2]!.message).toContain('not an integer index');
	});

	it('a known token without a value is empty with an info that says why', () => {
		const r = fill(
			'[{{request.query.nope}}][{{request.header.Authorization}}][{{request.json.tags[5]}}][{{request.form.a}}]'
		);
		expect(r.response.body).toBe('[][][][]');
		expect(r.diagnostics.map((d) => d.severity)).toEqual(['info', 'info', 'info', 'info']);
		expect(r.diagnostics.map((d) => d.message)).toEqual([
			'{{request.query.nope}} is empty: the request URL has no query parameter "nope".',
			'{{request.header.Authorization}} is empty: the request has no "Authorization" header.',
			'{{request.json.tags[5]}} is empty: in the request body, tags has 2 elements, so [5] does not exist.',
			'{{request.form.a}} is empty: the request body is not form-encoded (application/x-www-form-urlencoded).'
		]);
	});

	it('request.json on a body that is not JSON says where it breaks', () => {
		const r = fill('{{request.json.a}}', 'text/plain', post({ body: '{"a": 1,}' }));
		expect(r.diagnostics[0]!.message).toContain('the request body is not valid JSON');
		expect(r.diagnostics[0]!.message).toContain('line 1, column 9');
		expect(
			fill('{{request.body}}', 'text/plain', post({ method: 'GET', body: null })).diagnostics[0]!
				.message
		).toContain('the request has no body');
	});
});

describe('respondAsMock: escaping follows the Content-Type', () => {
	// Rule: in a JSON body, a token inside a JSON string is JSON-escaped (no quotes added); outside
	// a string it is inserted as is. XML bodies escape & < > " ' everywhere. Other types: raw.
	const tricky = post({
		body: JSON.stringify({ name: 'Jack "J" & Jill\n<x>\\', n: 5, o: { a: [1, true] } })
	});

	it('inside a JSON string the value is escaped and the body stays valid JSON', () => {
		const r = fill(
			'{"echo": "{{request.json.name}}", "id": "{{uuid}}"}',
			'application/json',
			tricky
		);
		expect(r.response.body).toBe('{"echo": "Jack \\"J\\" & Jill\\n<x>\\\\", "id": "id-1"}');
		expect(JSON.parse(r.response.body)).toEqual({ echo: 'Jack "J" & Jill\n<x>\\', id: 'id-1' });
	});

	it('outside a JSON string the value goes in as is, so numbers and objects stay JSON', () => {
		const r = fill(
			'{"n": {{request.json.n}}, "o": {{request.json.o}}}',
			'application/vnd.api+json',
			tricky
		);
		expect(JSON.parse(r.response.body)).toEqual({ n: 5, o: { a: [1, true] } });
	});

	it('an escaped quote in the template does not end the string', () => {
		const r = fill('{"q": "say \\"{{request.json.name}}\\" now"}', 'application/json', tricky);
		expect(JSON.parse(r.response.body)).toEqual({ q: 'say "Jack "J" & Jill\n<x>\\" now' });
	});

	it('a string value outside quotes is the template author’s JSON error, as in Marketo', () => {
		expect(fill('{"e": {{request.json.email}}}', 'application/json').response.body).toBe(
			'{"e": jane@example.com}'
		);
	});

	it('XML bodies escape & < > " \' in text and attributes', () => {
		const r = fill(
			'<r id="{{request.json.name}}"><name>{{request.json.name}}</name></r>',
			'application/xml; charset=utf-8',
			tricky
		);
		const escaped = 'Jack &quot;J&quot; &amp; Jill\n&lt;x&gt;\\';
		expect(r.response.body).toBe(`<r id="${escaped}"><name>${escaped}</name></r>`);
		expect(parseXml(r.response.body)).toMatchObject({
			ok: true,
			value: { r: { name: 'Jack "J" & Jill\n<x>\\' } }
		});
		expect(
			fill('<a>{{request.header.q}}</a>', 'text/xml', post({ headers: [['q', "it's"]] })).response
				.body
		).toBe('<a>it&apos;s</a>');
	});

	it('other content types take values raw', () => {
		expect(fill('{{request.json.name}}', 'text/plain', tricky).response.body).toBe(
			'Jack "J" & Jill\n<x>\\'
		);
	});
});

describe('inspectRequest: what the mock received', () => {
	it('lays out a JSON POST the way webhook.site does', () => {
		expect(inspectRequest(post())).toEqual({
			method: 'POST',
			url: 'https://hooks.example.com/in/lead?source=web&tag=a&tag=b',
			path: '/in/lead',
			query: [
				['source', 'web'],
				['tag', 'a'],
				['tag', 'b']
			],
			headers: [
				['Content-Type', 'application/json'],
				['X-Api-Key', 'k1']
			],
			rawBody: post().body,
			contentType: 'application/json',
			form: null,
			json: {
				ok: true,
				value: { email: 'jane@example.com', score: 12, tags: ['a', 'b'], owner: { id: 7 } }
			},
			bytes: 82
		});
	});

	it('a GET has no body, form or JSON', () => {
		const r = inspectRequest({ method: 'GET', url: 'https://h.example', headers: [], body: null });
		expect(r).toMatchObject({
			path: '/',
			query: [],
			rawBody: null,
			contentType: null,
			form: null,
			json: null,
			bytes: 0
		});
	});

	it('query pairs are decoded, + is a space; the fragment is not sent', () => {
		const r = inspectRequest(
			post({ url: 'https://h.example/p?q=Jack+%26+Jill&empty=&flag&&e=%E2%82%AC#top' })
		);
		expect(r.query).toEqual([
			['q', 'Jack & Jill'],
			['empty', ''],
			['flag', ''],
			['e', '€']
		]);
	});

	it('the path is shown as sent, not normalised', () => {
		expect(inspectRequest(post({ url: 'https://h.example/a b/../%7Ex?x=1' })).path).toBe(
			'/a b/../%7Ex'
		);
		expect(inspectRequest(post({ url: 'http://h.example:8080' })).path).toBe('/');
		expect(inspectRequest(post({ url: 'hooks.example.com/in?x=1' }))).toMatchObject({
			path: 'hooks.example.com/in',
			query: [['x', '1']]
		});
	});

	it('a malformed percent-escape is kept as written', () => {
		const r = inspectRequest(
			post({ url: 'https://h.example/?a=%zz&b=%E2%82&c=100%&d=%E2%82%AC%FF&e=%' })
		);
		expect(r.query).toEqual([
			['a', '%zz'],
			['b', '%E2%82'],
			['c', '100%'],
			['d', '€%FF'],
			['e', '%']
		]);
	});

	it('form fields are decoded under a form Content-Type, whatever its case or parameters', () => {
		const r = inspectRequest(
			post({
				headers: [['content-type', 'Application/X-WWW-Form-Urlencoded; charset=UTF-8']],
				body: 'first=Jack+%26+Jill&note=50%25+off&x=%zz'
			})
		);
		expect(r.form).toEqual([
			['first', 'Jack & Jill'],
			['note', '50% off'],
			['x', '%zz']
		]);
		expect(r.json).toBeNull();
	});

	it('without a Content-Type, a body that looks like k=v&… is read as a form', () => {
		expect(inspectRequest(post({ headers: [], body: 'a=1&b=two+words' })).form).toEqual([
			['a', '1'],
			['b', 'two words']
		]);
		expect(inspectRequest(post({ headers: [], body: 'ids[0]=7&tags[]=x' })).form).toEqual([
			['ids[0]', '7'],
			['tags[]', 'x']
		]);
		// but not plain text, nor under another Content-Type
		expect(inspectRequest(post({ headers: [], body: 'hello world' })).form).toBeNull();
		expect(
			inspectRequest(post({ headers: [['Content-Type', 'text/plain']], body: 'a=1' })).form
		).toBeNull();
	});

	it('JSON that does not parse comes with line, column and reason', () => {
		const r = inspectRequest(post({ body: '{\n  "a": 1,\n  "b": tru\n}' }));
		expect(r.json).toEqual({
			ok: false,
			message: expect.stringContaining("'t' does not start a valid value"),
			line: 3,
			column: 8,
			offset: 19
		});
	});

	it('a body that looks like JSON is parsed without a JSON Content-Type', () => {
		expect(inspectRequest(post({ headers: [], body: ' [1, 2]' })).json).toEqual({
			ok: true,
			value: [1, 2]
		});
		expect(
			inspectRequest(post({ headers: [['Content-Type', 'text/plain']], body: '{"a":' })).json
		).toMatchObject({
			ok: false,
			line: 1,
			column: 6
		});
		expect(inspectRequest(post({ headers: [], body: 'plain' })).json).toBeNull();
		// a JSON Content-Type parses whatever the body looks like
		expect(inspectRequest(post({ body: 'plain' })).json).toMatchObject({
			ok: false,
			line: 1,
			column: 1
		});
	});

	it('bytes counts UTF-8 and contentType is the first Content-Type header', () => {
		const r = inspectRequest(
			post({
				headers: [
					['CONTENT-TYPE', 'text/plain'],
					['Content-Type', 'application/json']
				],
				body: 'Zoë 😀'
			})
		);
		expect(r.bytes).toBe(9);
		expect(r.contentType).toBe('text/plain');
	});

	it('never throws, and counts bytes as UTF-8 (property)', () => {
		// The characters that make URLs and bodies tricky, plus a lone surrogate and astral text.
		const messy = fc.string({
			unit: fc.constantFrom(...'%E28Fz+=&?#{"[:\n'.split(''), '\uD800', 'é', '😀')
		});
		const text = fc.oneof(messy, fc.string({ unit: 'binary' }));
		const request = fc.record({
			method: fc.constantFrom('GET' as const, 'POST' as const),
			url: fc.oneof(
				text,
				fc
					.tuple(fc.constantFrom('https://h.example', 'http://u:p@h:8080', ''), messy, messy, messy)
					.map(([origin, path, query, hash]) => `${origin}/${path}?${query}#${hash}`)
			),
			headers: fc.array(
				fc.tuple(
					fc.oneof(fc.constantFrom('Content-Type', 'content-type'), text),
					fc.oneof(
						fc.constantFrom('application/json', 'application/x-www-form-urlencoded', 'text/xml'),
						text
					)
				)
			),
			body: fc.option(text)
		});
		fc.assert(
			fc.property(request, (r) => {
				const got = inspectRequest(r);
				expect(got.bytes).toBe(r.body === null ? 0 : Buffer.byteLength(r.body, 'utf8'));
				expect(got.query.length).toBeLessThanOrEqual(got.url.split('&').length);
			})
		);
	});

	it('respondAsMock never throws either (property)', () => {
		const template = fc.string({
			unit: fc.constantFrom(
				...'{{|}}|request.|json.|query.|header.|form.|a|[0]|"|\\|<|&| |uuid|now|body'.split('|')
			)
		});
		fc.assert(
			fc.property(
				template,
				fc.constantFrom('application/json', 'application/xml', 'text/plain', ''),
				fc.option(fc.string({ unit: 'binary' })),
				(body, contentType, reqBody) => {
					const r = respondAsMock(config({ body, contentType }), post({ body: reqBody }), fixed);
					expect(r.response.bodyBytes).toBe(Buffer.byteLength(r.response.body, 'utf8'));
				}
			)
		);
	});
});

describe('URL and form helpers', () => {
	it('decodeFormComponent: + is a space, %2B a plus, bad escapes stay', () => {
		expect(decodeFormComponent('a+b%2Bc%20d')).toBe('a b+c d');
		expect(decodeFormComponent('%C3%A9%C3')).toBe('é%C3');
		expect(decodeFormComponent('%F0%9F%98%80%ZZ')).toBe('😀%ZZ');
	});

	it('parseUrlEncoded keeps order and repeats; a name without = has an empty value', () => {
		expect(parseUrlEncoded('a=1&a=2&&b&=v&c==')).toEqual([
			['a', '1'],
			['a', '2'],
			['b', ''],
			['', 'v'],
			['c', '=']
		]);
	});

	it('splitUrl drops the origin and the fragment', () => {
		expect(splitUrl('https://u:p@h.example:1/x/y?q=1?2#f?g')).toEqual({
			path: '/x/y',
			query: 'q=1?2'
		});
		expect(splitUrl('')).toEqual({ path: '/', query: '' });
	});
});

describe('defaultMockConfig: mappings work out of the box', () => {
	const mapped = (
		responseType: WebhookDefinition['responseType'],
		responseMappings: WebhookDefinition['responseMappings']
	) => webhook({ responseType, responseMappings });

	it('Response Type None answers {"ok": true} as JSON, 200 OK, no delay', () => {
		const c = defaultMockConfig(mapped('none', [{ attribute: 'a', field: 'leadStatus' }]));
		expect(c).toEqual({
			status: 200,
			statusText: 'OK',
			delayMs: 0,
			contentType: 'application/json',
			headers: [],
			body: '{\n  "ok": true\n}'
		});
	});

	it('JSON without mappings is also {"ok": true}', () => {
		expect(JSON.parse(defaultMockConfig(mapped('json', [])).body)).toEqual({ ok: true });
	});

	it('JSON: nested objects and arrays follow the paths, with values typed for each field', () => {
		const c = defaultMockConfig(
			mapped('json', [
				{ attribute: 'data.company.industry', field: 'company' },
				{ attribute: 'orders[1].date', field: 'acquisitionDate' },
				{ attribute: 'score', field: 'leadScore' },
				{ attribute: 'customer', field: 'isCustomer' },
				{ attribute: 'contact.email', field: 'email' }
			])
		);
		expect(c.contentType).toBe('application/json');
		expect(JSON.parse(c.body)).toEqual({
			data: { company: { industry: 'Acme Corp' } },
			orders: [{ date: '2024-05-07T09:30:00Z' }, { date: '2024-05-07T09:30:00Z' }],
			score: 87,
			customer: true,
			contact: { email: 'jane.doe@example.com' }
		});
	});

	it('XML: the first step is the root element, indexes are repeated elements', () => {
		const c = defaultMockConfig(
			mapped('xml', [
				{ attribute: 'response.lead.status', field: 'leadStatus' },
				{ attribute: 'response.orders.order[1].id', field: 'id' }
			])
		);
		expect(c.contentType).toBe('application/xml');
		expect(c.body).toBe(
			[
				'<?xml version="1.0" encoding="UTF-8"?>',
				'<response>',
				'\t<lead>',
				'\t\t<status>MQL</status>',
				'\t</lead>',
				'\t<orders>',
				'\t\t<order>',
				'\t\t\t<id>42</id>',
				'\t\t</order>',
				'\t\t<order>',
				'\t\t\t<id>42</id>',
				'\t\t</order>',
				'\t</orders>',
				'</response>',
				''
			].join('\n')
		);
	});

	it('paths that clash, do not parse or cannot be XML are left out', () => {
		const json = defaultMockConfig(
			mapped('json', [
				{ attribute: 'a', field: 'leadStatus' },
				{ attribute: 'a.b', field: 'city' },
				{ attribute: 'x[y]', field: 'city' },
				{ attribute: 'big[51]', field: 'city' },
				{ attribute: 'with space', field: 'city' }
			])
		);
		expect(JSON.parse(json.body)).toEqual({ a: 'MQL', 'with space': 'San Francisco' });
		const xml = defaultMockConfig(
			mapped('xml', [
				{ attribute: 'root.a', field: 'leadStatus' },
				{ attribute: 'other.b', field: 'city' },
				{ attribute: 'root.with space', field: 'city' },
				{ attribute: 'root[1].c', field: 'city' },
				{ attribute: '[0].d', field: 'city' }
			])
		);
		expect(parseXml(xml.body)).toEqual({ ok: true, value: { root: { a: 'MQL' } } });
	});

	it('does not change the webhook', () => {
		const wh = Object.freeze(
			mapped('json', [Object.freeze({ attribute: 'a.b[0]', field: 'city' })])
		);
		expect(() => defaultMockConfig(wh)).not.toThrow();
	});

	// The rule under test: every mapping the mock can represent comes back as an update, for every
	// field type, under strict coercion, through the real applyResponseMappings.
	const fields: FieldDef[] = FIELD_TYPES.map((type) => ({
		name: `Custom ${type}`,
		apiName: `custom_${type}`,
		type
	}));
	const everyType = FIELD_TYPES.map((type, i) => ({
		attribute: [
			`result.value_${type}`,
			`result.items[${i % 3}].f_${type}`,
			`result.meta.deep.x_${type}`
		][i % 3]!,
		field: `custom_${type}`
	}));
	const standard = [
		{ attribute: 'result.lead.firstName', field: 'firstName' },
		{ attribute: 'result.lead.score', field: 'leadScore' },
		{ attribute: 'result.lead.dob', field: 'dateOfBirth' },
		{ attribute: 'result.list[0].website', field: 'website' },
		{ attribute: 'result.list[2].phone', field: 'phone' }
	];

	it.each(['json', 'xml'] as const)('%s: every mapping yields an update', (responseType) => {
		for (const mappings of [everyType, standard]) {
			const wh = mapped(responseType, mappings);
			const result = applyResponseMappings(wh, mockResponseOf(defaultMockConfig(wh, { fields })), {
				fields
			});
			expect(result.diagnostics).toEqual([]);
			expect(result.updates.map((u) => u.field)).toEqual(mappings.map((m) => m.field));
		}
	});

	it('the Marketo docs examples map: orders[0].orderDate, elementList.element[0].foo, SOAP', () => {
		const cases: [WebhookDefinition['responseType'], string][] = [
			['json', 'orders[0].orderDate'],
			['xml', 'example.foo'],
			['xml', 'elementList.element[0].foo'],
			['xml', 'soap:Envelope.soap:Body.Result.Score']
		];
		for (const [responseType, attribute] of cases) {
			const wh = mapped(responseType, [{ attribute, field: 'leadStatus' }]);
			expect(applyResponseMappings(wh, mockResponseOf(defaultMockConfig(wh))).updates).toEqual([
				{ field: 'leadStatus', value: 'MQL' }
			]);
		}
	});
});
