import { describe, expect, it } from 'vitest';
import { compareEncodings } from '../index';
import { context, webhook } from '../test/fixtures';

describe('compareEncodings', () => {
	it('marks where None and Form/Url break a JSON body, and JSON as fine', () => {
		const [none, json, form] = compareEncodings(
			webhook({ template: '{"c": {{company.Company Name}}}' }),
			context({ company: { 'Company Name': 'Jack & "Jill"' } })
		);
		expect(json!.breaks).toEqual([]);
		expect(json!.result.request?.body).toBe('{"c": "Jack & \\"Jill\\""}');
		expect(none!.breaks.length).toBeGreaterThan(0);
		expect(none!.result.request?.body).toBe('{"c": Jack & "Jill"}');
		expect(form!.result.request?.body).toBe('{"c": Jack+%26+%22Jill%22}');
		expect(form!.breaks.some((b) => b.includes('URL-encoded'))).toBe(true);
	});
});
