import { describe, expect, it } from 'vitest';
import { scanTokens } from '../index';

describe('scanTokens (Mustache parser, Marketo grammar)', () => {
	it('splits scope, display name and :default=', () => {
		const { parts } = scanTokens('Hi {{lead.First Name:default=there}}!');
		expect(parts).toEqual([
			'Hi ',
			{
				raw: '{{lead.First Name:default=there}}',
				from: 3,
				to: 36,
				scope: 'lead',
				scopeText: 'lead',
				name: 'First Name',
				defaultValue: 'there'
			},
			'!'
		]);
	});

	it('a default may contain dots, colons and spaces', () => {
		const [t] = scanTokens('{{campaign.id:default=Campaign Id: n/a.}}').parts;
		expect(t).toMatchObject({ scope: 'campaign', name: 'id', defaultValue: 'Campaign Id: n/a.' });
	});

	it('joins back to the original text', () => {
		const text = 'a {{lead.A}} {{#x}} {{{y}}} }} {{z';
		const { parts, unclosedAt } = scanTokens(text);
		expect(parts.map((p) => (typeof p === 'string' ? p : p.raw)).join('')).toBe(text);
		expect(unclosedAt).toBe(31);
	});
});
