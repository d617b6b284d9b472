import { describe, expect, it } from 'vitest';
import { applyResponseMappings, type HttpResponse, type WebhookDefinition } from '../index';
import { codes, webhook } from '../test/fixtures';

const map = (
	responseMappings: WebhookDefinition['responseMappings'],
	response: HttpResponse,
	over: Partial<WebhookDefinition> = {},
	coercion: 'strict' | 'lenient' = 'strict'
) => applyResponseMappings(webhook({ responseMappings, ...over }), response, { coercion });

const ok = (body: string): HttpResponse => ({ status: 200, statusText: 'OK', body });

describe('JSON paths (DEV-RM: dots and integer indexes)', () => {
	it('maps a top-level key and orders[0].orderDate', () => {
		const r = map(
			[
				{ attribute: 'status', field: 'leadStatus' },
				{ attribute: 'orders[0].orderDate', field: 'acquisitionDate' }
			],
			ok('{"status": "MQL", "orders": [{"orderDate": "2016-08-28T02:21:00"}]}')
		);
		expect(r.updates).toEqual([
			{ field: 'leadStatus', value: 'MQL' },
			{ field: 'acquisitionDate', value: '2016-08-28T02:21:00' }
		]);
		expect(r.diagnostics).toEqual([]);
	});

	it('a path that does not resolve is reported and skipped', () => {
		const r = map(
			[{ attribute: 'orders[2].id', field: 'leadStatus' }],
			ok('{"orders": [{"id": 1}]}')
		);
		expect(r.updates).toEqual([]);
		expect(r.diagnostics[0]).toMatchObject({ code: 'mapping-path', index: 0 });
		expect(r.diagnostics[0]!.message).toContain('orders has 1 element, so [2] does not exist');
	});

	it('string indexes and forbidden key characters are refused with the position', () => {
		const bad = map([{ attribute: 'a["b"]', field: 'leadStatus' }], ok('{}'));
		expect(bad.diagnostics[0]).toMatchObject({
			code: 'mapping-path',
			severity: 'error',
			from: 1,
			to: 6
		});
		const dollar = map([{ attribute: 'data.$id', field: 'leadStatus' }], ok('{}'));
		expect(dollar.diagnostics[0]).toMatchObject({ code: 'mapping-path', from: 5, to: 6 });
		expect(dollar.diagnostics[0]!.message).toContain("'$' at character 6");
	});

	it('keys may hold letters, digits, -, _, : and spaces', () => {
		const r = map(
			[{ attribute: 'my-key_1:x y', field: 'leadStatus' }],
			ok('{"my-key_1:x y": "v"}')
		);
		expect(r.updates).toEqual([{ field: 'leadStatus', value: 'v' }]);
	});

	it('a key with a dot cannot be reached', () => {
		const r = map([{ attribute: 'a.b', field: 'leadStatus' }], ok('{"a.b": "v"}'));
		expect(r.updates).toEqual([]);
		expect(codes(r.diagnostics)).toEqual(['mapping-path']);
	});
});

describe('XML paths (DEV-RM: from the root element)', () => {
	const xml = { responseType: 'xml' as const };

	it('example.foo reaches <example><foo>bar</foo></example>', () => {
		const r = map(
			[{ attribute: 'example.foo', field: 'leadStatus' }],
			ok('<example><foo>bar</foo></example>'),
			xml
		);
		expect(r.updates).toEqual([{ field: 'leadStatus', value: 'bar' }]);
	});

	it('elementList.element[0].foo reaches the first repeated child', () => {
		const body =
			'<?xml version="1.0"?><elementList><element><foo>baz</foo></element><element><foo>qux</foo></element></elementList>';
		const r = map(
			[
				{ attribute: 'elementList.element[0].foo', field: 'leadStatus' },
				{ attribute: 'elementList.element[1].foo', field: 'leadSource' }
			],
			ok(body),
			xml
		);
		expect(r.updates).toEqual([
			{ field: 'leadStatus', value: 'baz' },
			{ field: 'leadSource', value: 'qux' }
		]);
	});

	it('a path must name every element from the root', () => {
		const r = map(
			[{ attribute: 'foo', field: 'leadStatus' }],
			ok('<example><foo>bar</foo></example>'),
			xml
		);
		expect(codes(r.diagnostics)).toEqual(['mapping-path']);
	});

	it('a namespaced SOAP response is reachable through the prefix', () => {
		const body =
			'<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><Result><Score>42</Score></Result></soap:Body></soap:Envelope>';
		const r = map(
			[{ attribute: 'soap:Envelope.soap:Body.Result.Score', field: 'leadScore' }],
			ok(body),
			xml
		);
		expect(r.updates).toEqual([{ field: 'leadScore', value: 42 }]);
	});

	it('malformed XML is a diagnostic with line and column, never thrown', () => {
		const r = map([{ attribute: 'a.b', field: 'leadStatus' }], ok('<a>\n<b>1</b>\n</c>'), xml);
		expect(r.updates).toEqual([]);
		expect(r.diagnostics[0]).toMatchObject({
			code: 'malformed-response',
			severity: 'error',
			where: 'response'
		});
		expect(r.diagnostics[0]!.message).toMatch(/line 3, column \d+/);
	});
});

describe('the 2xx rule and empty bodies (DEV-ERR)', () => {
	it('maps nothing on a non-2xx and says why', () => {
		const r = map([{ attribute: 'a', field: 'leadStatus' }], {
			status: 404,
			statusText: 'Not Found',
			body: '{"a": "x"}'
		});
		expect(r.updates).toEqual([]);
		expect(r.diagnostics).toEqual([
			expect.objectContaining({ code: 'non-2xx', where: 'response' })
		]);
		expect(r.diagnostics[0]!.message).toContain('Not Found');
	});

	it.each([201, 204, 299])('maps on %i', (status) => {
		expect(
			map([{ attribute: 'a', field: 'leadStatus' }], { status, body: '{"a": "x"}' }).updates
		).toHaveLength(1);
	});

	it('an empty 2xx body is error 1001', () => {
		const r = map([{ attribute: 'a', field: 'leadStatus' }], { status: 200, body: '' });
		expect(r.diagnostics).toEqual([
			expect.objectContaining({ code: 'empty-response', severity: 'error' })
		]);
		expect(r.diagnostics[0]!.message).toContain('1001');
	});

	it('malformed JSON is a diagnostic with its position, never thrown', () => {
		const r = map([{ attribute: 'a', field: 'leadStatus' }], ok('{"a": "x",\n "b": }'));
		expect(r.diagnostics[0]).toMatchObject({ code: 'malformed-response', from: 17 });
		expect(r.diagnostics[0]!.message).toContain('line 2, column 7');
	});

	it('Response Type None applies no mapping', () => {
		const r = map([{ attribute: 'a', field: 'leadStatus' }], ok('{"a": 1}'), {
			responseType: 'none'
		});
		expect(r.updates).toEqual([]);
		expect(codes(r.diagnostics)).toEqual(['response-type-none']);
	});

	it('an unknown target field is reported', () => {
		expect(
			codes(map([{ attribute: 'a', field: 'noSuchField' }], ok('{"a": 1}')).diagnostics)
		).toEqual(['unknown-field']);
	});
});

describe('typing (DEV-RM strict; TK-NUM lenient)', () => {
	const score = [{ attribute: 'v', field: 'leadScore' }];

	it('strict: a JSON string is not written into an integer/score field', () => {
		const r = map(score, ok('{"v": "999 whimmydiddles"}'));
		expect(r.updates).toEqual([]);
		expect(r.diagnostics[0]).toMatchObject({ code: 'type-mismatch', index: 0 });
	});

	it('lenient: leading digits are taken, as observed in Marketo', () => {
		const r = map(score, ok('{"v": "999 whimmydiddles"}'), {}, 'lenient');
		expect(r.updates).toEqual([{ field: 'leadScore', value: 999 }]);
		expect(codes(r.diagnostics)).toEqual(['lenient-coercion']);
		expect(
			map([{ attribute: 'v', field: 'leadScore' }], ok('{"v": "abc"}'), {}, 'lenient').updates
		).toEqual([]);
	});

	it('lenient decimals into a float field', () => {
		const r = map(
			[{ attribute: 'v', field: 'annualRevenue' }],
			ok('{"v": "12.5 USD"}'),
			{},
			'lenient'
		);
		// annualRevenue is a company field, not a person field: unknown
		expect(codes(r.diagnostics)).toEqual(['unknown-field']);
		const f = applyResponseMappings(
			webhook({ responseMappings: [{ attribute: 'v', field: 'revenue' }] }),
			ok('{"v": "12.5 USD"}'),
			{
				coercion: 'lenient',
				fields: [{ name: 'Revenue', apiName: 'revenue', type: 'currency' }]
			}
		);
		expect(f.updates).toEqual([{ field: 'revenue', value: 12.5 }]);
	});

	it('numbers into integer fields; a decimal is refused when strict', () => {
		expect(map(score, ok('{"v": 87}')).updates).toEqual([{ field: 'leadScore', value: 87 }]);
		expect(codes(map(score, ok('{"v": 8.7}')).diagnostics)).toEqual(['type-mismatch']);
	});

	it('booleans: JSON true/false; XML text true/false/1/0', () => {
		const b = [{ attribute: 'v', field: 'unsubscribed' }];
		expect(map(b, ok('{"v": true}')).updates).toEqual([{ field: 'unsubscribed', value: true }]);
		expect(codes(map(b, ok('{"v": "true"}')).diagnostics)).toEqual(['type-mismatch']);
		expect(
			map([{ attribute: 'r.v', field: 'unsubscribed' }], ok('<r><v>0</v></r>'), {
				responseType: 'xml'
			}).updates
		).toEqual([{ field: 'unsubscribed', value: false }]);
	});

	it('XML text that is wholly a number counts as a number', () => {
		const r = map([{ attribute: 'r.v', field: 'leadScore' }], ok('<r><v> 12 </v></r>'), {
			responseType: 'xml'
		});
		expect(r.updates).toEqual([{ field: 'leadScore', value: 12 }]);
	});

	it('dates must be yyyy-mm-dd, datetimes ISO 8601', () => {
		const d = [{ attribute: 'v', field: 'dateOfBirth' }];
		expect(map(d, ok('{"v": "2010-05-07"}')).updates).toEqual([
			{ field: 'dateOfBirth', value: '2010-05-07' }
		]);
		expect(codes(map(d, ok('{"v": "05/07/2010"}')).diagnostics)).toEqual(['type-mismatch']);
		expect(codes(map(d, ok('{"v": "2010-02-30"}')).diagnostics)).toEqual(['type-mismatch']);
		const dt = [{ attribute: 'v', field: 'createdAt' }];
		expect(map(dt, ok('{"v": "2016-08-28T02:21:00Z"}')).updates).toHaveLength(1);
	});

	it('a string over 255 characters is refused in a string field', () => {
		const r = map(
			[{ attribute: 'v', field: 'leadStatus' }],
			ok(JSON.stringify({ v: 'x'.repeat(256) }))
		);
		expect(codes(r.diagnostics)).toEqual(['type-mismatch']);
	});

	it('an object or array is not a value', () => {
		const r = map([{ attribute: 'v', field: 'leadStatus' }], ok('{"v": {"a": 1}}'));
		expect(r.diagnostics[0]!.message).toContain('an object');
	});

	it('null clears the field', () => {
		expect(map([{ attribute: 'v', field: 'leadStatus' }], ok('{"v": null}')).updates).toEqual([
			{ field: 'leadStatus', value: null }
		]);
	});
});
