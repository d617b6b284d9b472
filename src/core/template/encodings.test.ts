import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeTokenValue, formEncode, jsonEncode, renderRequest } from '../index';
import { context, webhook } from '../test/fixtures';

// Strings full of what breaks payloads: quotes, backslashes, controls, & + = %, emoji, lone surrogates.
const nasty = fc.oneof(
	fc.string({ unit: 'binary' }),
	fc.string({
		unit: fc.constantFrom(
			'"',
			'\\',
			'\n',
			'\r',
			'\t',
			'\u0000',
			'&',
			'+',
			'=',
			'%',
			' ',
			'😀',
			'\ud800',
			'\udfff',
			'é',
			'{',
			'}',
			'/',
			"'"
		)
	}),
	fc.string({ unit: 'grapheme' })
);

const RUNS = 10_000;

describe('encodeTokenValue', () => {
	it('JSON: strings become JSON string literals, numbers stay bare', () => {
		expect(encodeTokenValue('Jack "J"', 'json', false)).toBe('"Jack \\"J\\""');
		expect(encodeTokenValue('42', 'json', true)).toBe('42');
		expect(jsonEncode('a/b é')).toBe('"a/b é"');
	});

	it('Form/Url: application/x-www-form-urlencoded, space as +', () => {
		expect(formEncode('Jack & Jill Construction')).toBe('Jack+%26+Jill+Construction');
		expect(formEncode('a+b=c%d')).toBe('a%2Bb%3Dc%25d');
		expect(encodeTokenValue('1 2', 'form', true)).toBe('1+2');
	});

	it('Form/Url matches URLSearchParams byte for byte', () => {
		fc.assert(
			fc.property(nasty, (s) => {
				const viaPlatform = new URLSearchParams({ v: s }).toString().slice(2);
				expect(formEncode(s)).toBe(viaPlatform);
			}),
			{ numRuns: 2_000 }
		);
	});

	it('None: the raw value', () => {
		expect(encodeTokenValue('a & "b"', 'none', false)).toBe('a & "b"');
	});
});

describe('property: encoded templates carry any value intact', () => {
	it(`a JSON-encoded template always parses and returns the original value (${RUNS} runs)`, () => {
		const wh = webhook({
			template: '{"first": {{lead.First Name}}, "notes": {{lead.Lead Notes}}}'
		});
		fc.assert(
			fc.property(nasty, nasty, (first, notes) => {
				const { request, diagnostics } = renderRequest(
					wh,
					context({ lead: { 'First Name': first, 'Lead Notes': notes } })
				);
				const parsed = JSON.parse(request!.body!);
				expect(parsed).toEqual({ first, notes });
				expect(diagnostics.filter((d) => d.code === 'invalid-json-body')).toEqual([]);
			}),
			{ numRuns: RUNS }
		);
	});

	it(`a Form/Url-encoded body always decodes to the original value (${RUNS} runs)`, () => {
		const wh = webhook({
			template: 'first={{lead.First Name}}&company={{company.Company Name}}',
			tokenEncoding: 'form',
			headers: [{ name: 'Content-Type', value: 'application/x-www-form-urlencoded' }]
		});
		fc.assert(
			fc.property(nasty, nasty, (first, company) => {
				const { request } = renderRequest(
					wh,
					context({ lead: { 'First Name': first }, company: { 'Company Name': company } })
				);
				const form = new URLSearchParams(request!.body!);
				// UTF-8 cannot carry a lone surrogate: it arrives as U+FFFD, exactly as URLSearchParams sends it.
				expect(form.get('first')).toBe(first.toWellFormed());
				expect(form.get('company')).toBe(company.toWellFormed());
				expect([...form.keys()]).toEqual(['first', 'company']);
			}),
			{ numRuns: RUNS }
		);
	});

	it(`a Form/Url-encoded URL token always decodes to the original value`, () => {
		const wh = webhook({
			method: 'GET',
			url: 'https://x.example/?e={{lead.Email Address}}&n=1',
			tokenEncoding: 'form'
		});
		fc.assert(
			fc.property(nasty, (email) => {
				const { request } = renderRequest(wh, context({ lead: { 'Email Address': email } }));
				const url = new URL(request!.url);
				expect(url.searchParams.get('e')).toBe(email.toWellFormed());
				expect(url.searchParams.get('n')).toBe('1');
			}),
			{ numRuns: 2_000 }
		);
	});

	it('well-formed strings round-trip exactly through Form/Url', () => {
		fc.assert(
			fc.property(fc.string({ unit: 'grapheme' }), (s) => {
				expect(new URLSearchParams('v=' + formEncode(s)).get('v')).toBe(s);
			}),
			{ numRuns: 2_000 }
		);
	});
});

describe('property: the invalid-json-body check agrees with JSON.parse', () => {
	const numberish = fc.constantFrom(
		'1',
		'1e5',
		'-0',
		'',
		'abc',
		'01',
		'1.5',
		' 2',
		'-',
		'1e',
		'.5'
	);
	const templates = [
		'{"a": {{lead.Lead Score}}, "b": {{lead.First Name}}}',
		'[{{lead.Lead Score}}.5]',
		'[{{lead.Lead Score}}{{lead.Id}}]',
		'[1{{lead.Lead Score}}]',
		'{"a": "{{lead.First Name}}"}',
		'{"a": [{{lead.First Name}}, {{lead.Lead Score}}]}',
		'{{lead.First Name}}'
	];
	it.each(templates)('%s', (template) => {
		for (const encoding of ['json', 'form', 'none'] as const) {
			const wh = webhook({ template, tokenEncoding: encoding });
			fc.assert(
				fc.property(nasty, numberish, numberish, (first, score, id) => {
					const lead = { 'First Name': first, 'Lead Score': score, Id: id };
					const { request, diagnostics } = renderRequest(wh, context({ lead }));
					let parses = true;
					try {
						JSON.parse(request!.body!);
					} catch {
						parses = false;
					}
					expect(diagnostics.some((d) => d.code === 'invalid-json-body')).toBe(!parses);
				}),
				{ numRuns: 300 }
			);
		}
	});
});
