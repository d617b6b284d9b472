import { describe, expect, it } from 'vitest';
import { renderRequest } from '../index';
import { codes, context, webhook } from '../test/fixtures';

const TEXT = [{ name: 'Content-Type', value: 'text/plain' }];
const body = (template: string, over = {}, ctx = {}) =>
	renderRequest(webhook({ template, ...over }), context(ctx));

describe('token grammar', () => {
	it('fills {{scope.Display Name}} with the lead value', () => {
		expect(body('{"n": {{lead.First Name}}}').request?.body).toBe('{"n": "Jane"}');
	});

	it('matches the scope case-insensitively ({{Lead.…}}, {{LEAD.…}})', () => {
		expect(
			body('{{Lead.First Name}}|{{LEAD.Last Name}}', { tokenEncoding: 'none' }).request?.body
		).toBe('Jane|Doe');
	});

	it('uses :default= when the value is empty or missing', () => {
		const r = body('{{lead.Job Title:default=edit me}}', { tokenEncoding: 'none' });
		expect(r.request?.body).toBe('edit me');
		const r2 = body(
			'{{lead.First Name:default=there}}',
			{ tokenEncoding: 'none' },
			{ lead: { 'First Name': '' } }
		);
		expect(r2.request?.body).toBe('there');
	});

	it('Full Name is composed from the name fields when not set', () => {
		expect(body('{{lead.Full Name}}', { tokenEncoding: 'none' }).request?.body).toBe('Jane Doe');
		const set = body(
			'{{lead.Full Name}}',
			{ tokenEncoding: 'none' },
			{ lead: { 'Full Name': 'Dr. J. Doe' } }
		);
		expect(set.request?.body).toBe('Dr. J. Doe');
		expect(
			body('[{{lead.Full Name}}]', { tokenEncoding: 'none' }, { lead: {} }).request?.body
		).toBe('[]');
	});

	it('renders an empty field with no default as an empty string', () => {
		expect(body('[{{lead.Job Title}}]', { tokenEncoding: 'none' }).request?.body).toBe('[]');
	});

	it('default text is encoded like a value', () => {
		expect(body('{"t": {{lead.Job Title:default=edit me}}}').request?.body).toBe(
			'{"t": "edit me"}'
		);
		expect(
			body('t={{lead.Job Title:default=edit me}}', { tokenEncoding: 'form' }).request?.body
		).toBe('t=edit+me');
	});

	it('an unknown token renders empty with a warning at its exact offsets', () => {
		const r = body('a {{lead.Shoe Size}} b', { tokenEncoding: 'none' });
		expect(r.request?.body).toBe('a  b');
		expect(r.diagnostics).toContainEqual(
			expect.objectContaining({
				code: 'unknown-token',
				severity: 'warning',
				where: 'template',
				from: 2,
				to: 20
			})
		);
	});

	it('a token with an unknown scope or no scope is unknown', () => {
		expect(codes(body('{{leed.First Name}}', { tokenEncoding: 'none' }).diagnostics)).toContain(
			'unknown-token'
		);
		expect(codes(body('{{First Name}}', { tokenEncoding: 'none' }).diagnostics)).toContain(
			'unknown-token'
		);
	});

	it('custom fields come in through options.fields, with their type', () => {
		const r = renderRequest(
			webhook({ template: '{"shoe": {{lead.Shoe Size}}}' }),
			context({ lead: { 'Shoe Size': 42 } }),
			{ fields: [{ name: 'Shoe Size', apiName: 'shoeSize', type: 'integer' }] }
		);
		expect(r.request?.body).toBe('{"shoe": 42}');
		expect(codes(r.diagnostics)).toEqual([]);
	});

	it('a value present on the lead but not in the catalog still renders', () => {
		const r = body(
			'{{lead.Favourite Colour}}',
			{ tokenEncoding: 'none' },
			{ lead: { 'Favourite Colour': 'teal' } }
		);
		expect(r.request?.body).toBe('teal');
		expect(codes(r.diagnostics)).not.toContain('unknown-token');
	});

	it('Mustache section and triple tags are not Marketo tokens: sent literally, with a warning', () => {
		const r = body('{{#list}}x{{/list}} {{{raw}}}', { tokenEncoding: 'none' });
		expect(r.request?.body).toBe('{{#list}}x{{/list}} {{{raw}}}');
		expect(r.diagnostics.filter((d) => d.code === 'unknown-token')).toHaveLength(3);
	});

	it('an unclosed {{ is sent literally and reported where it opens, never thrown', () => {
		const r = body('Hi {{lead.First Name}} and {{lead.Last Name', { tokenEncoding: 'none' });
		expect(r.request?.body).toBe('Hi Jane and {{lead.Last Name');
		expect(r.diagnostics).toContainEqual(
			expect.objectContaining({ code: 'unclosed-token', where: 'template', from: 27, to: 29 })
		);
	});
});

describe('scopes (DEV-WH: lead and system always; trigger, campaign, program, my, member in scope)', () => {
	it('lead and company tokens always resolve', () => {
		const r = body(
			'{{company.Company Name}}',
			{ tokenEncoding: 'none', headers: TEXT },
			{ company: { 'Company Name': 'ACME' } }
		);
		expect(r.request?.body).toBe('ACME');
		expect(r.diagnostics).toEqual([]);
	});

	it('a trigger token without a trigger is out of scope and renders empty', () => {
		const r = body('[{{trigger.Web Page}}]', { tokenEncoding: 'none' });
		expect(r.request?.body).toBe('[]');
		expect(r.diagnostics).toContainEqual(
			expect.objectContaining({ code: 'out-of-scope-token', from: 1, to: 21 })
		);
	});

	it('a trigger token the trigger supplies resolves; one it does not supply is empty, with a warning', () => {
		const trigger = {
			'Trigger Name': 'Fills Out Form',
			Name: 'Contact Us',
			'Web Page': 'example.com/contact'
		};
		const r = body('{{trigger.Web Page}}|{{trigger.Link}}', { tokenEncoding: 'none' }, { trigger });
		expect(r.request?.body).toBe('example.com/contact|');
		expect(r.diagnostics).toContainEqual(
			expect.objectContaining({ code: 'out-of-scope-token', from: 21 })
		);
	});

	it('campaign and program tokens need their scope', () => {
		const none = body('{{campaign.name}}{{program.Name}}', { tokenEncoding: 'none' });
		expect(codes(none.diagnostics).filter((c) => c === 'out-of-scope-token')).toHaveLength(2);
		const r = body(
			'{{campaign.name}}/{{campaign.id}}/{{program.Name}}/{{Program.name}}/{{program.id}}',
			{ tokenEncoding: 'none', headers: TEXT },
			{
				campaign: { name: 'Welcome', id: 1001, description: '' },
				program: { Name: 'Q3 Launch', Description: '', id: 7 }
			}
		);
		expect(r.request?.body).toBe('Welcome/1001/Q3 Launch/Q3 Launch/7');
		expect(r.diagnostics).toEqual([]);
	});

	it('my tokens resolve only from the program; an unknown My Token warns', () => {
		const r = body(
			'{{my.Region}} {{my.Nope}}',
			{ tokenEncoding: 'none' },
			{ program: { Name: 'P' }, my: { Region: 'EMEA' } }
		);
		expect(r.request?.body).toBe('EMEA ');
		expect(r.diagnostics).toContainEqual(
			expect.objectContaining({ code: 'unknown-token', from: 14 })
		);
		expect(codes(body('{{my.Region}}', { tokenEncoding: 'none' }).diagnostics)).toContain(
			'out-of-scope-token'
		);
	});

	it('member tokens need a program membership', () => {
		expect(codes(body('{{member.webinar url}}', { tokenEncoding: 'none' }).diagnostics)).toContain(
			'out-of-scope-token'
		);
		const r = body(
			'{{member.webinar url}}',
			{ tokenEncoding: 'none' },
			{ member: { 'webinar url': 'https://w.example/1' } }
		);
		expect(r.request?.body).toBe('https://w.example/1');
	});

	it('an unknown campaign token is unknown, not out of scope', () => {
		const r = body('{{campaign.owner}}', { tokenEncoding: 'none' }, { campaign: { name: 'x' } });
		expect(codes(r.diagnostics)).toContain('unknown-token');
	});
});

describe('system tokens (UG-SYS formats, account time zone)', () => {
	it('formats date, time and dateTime in the account time zone', () => {
		const r = body('{{system.date}}|{{system.time}}|{{system.dateTime}}', {
			tokenEncoding: 'none'
		});
		// 2013-08-08T23:36:13Z is 16:36:13 in Los Angeles (PDT, GMT -0700)
		expect(r.request?.body).toBe('Aug 08, 2013|04:36 PM (GMT -0700)|2013-08-08 16:36:13');
	});

	it('defaults to UTC and reports an unknown zone', () => {
		const r = body('{{system.dateTime}}', { tokenEncoding: 'none' }, { timeZone: 'Mars/Olympus' });
		expect(r.request?.body).toBe('2013-08-08 23:36:13');
		expect(codes(r.diagnostics)).toContain('invalid-time-zone');
	});

	it('an unknown system token warns', () => {
		expect(codes(body('{{system.weekday}}', { tokenEncoding: 'none' }).diagnostics)).toContain(
			'unknown-token'
		);
	});
});

describe('Request Token Encoding: JSON', () => {
	it('a string-type value becomes a whole JSON string, quotes included', () => {
		const r = body(
			'{"c": {{company.Company Name}}}',
			{},
			{ company: { 'Company Name': 'Jack & "Jill"\nCo' } }
		);
		expect(r.request?.body).toBe('{"c": "Jack & \\"Jill\\"\\nCo"}');
		expect(JSON.parse(r.request!.body!)).toEqual({ c: 'Jack & "Jill"\nCo' });
	});

	it('numeric types (integer, float, currency, score, percent) render bare', () => {
		const r = body(
			'{"s": {{lead.Lead Score}}, "id": {{lead.Id}}, "rev": {{company.Annual Revenue}}}',
			{},
			{
				lead: { 'Lead Score': 87, Id: 12 },
				company: { 'Annual Revenue': 1500000.5 }
			}
		);
		expect(r.request?.body).toBe('{"s": 87, "id": 12, "rev": 1500000.5}');
	});

	it('Number My Tokens render bare, Text My Tokens quoted', () => {
		const r = body(
			'{"n": {{my.Count}}, "t": {{my.Label}}}',
			{},
			{ program: { Name: 'P' }, my: { Count: -3, Label: '42' } }
		);
		expect(r.request?.body).toBe('{"n": -3, "t": "42"}');
	});

	it('Boolean and date fields render as quoted strings (unverified in Marketo)', () => {
		const r = body(
			'[{{lead.Unsubscribed}}, {{lead.Date of Birth}}]',
			{},
			{ lead: { Unsubscribed: true, 'Date of Birth': '1990-04-01' } }
		);
		expect(r.request?.body).toBe('["true", "1990-04-01"]');
	});

	it('quoting a token yourself is warned: ""Jane"" is invalid JSON', () => {
		const r = body('{"n": "{{lead.First Name}}"}');
		expect(r.request?.body).toBe('{"n": ""Jane""}');
		expect(r.diagnostics).toContainEqual(
			expect.objectContaining({ code: 'quoted-json-token', from: 7, to: 26 })
		);
		expect(r.diagnostics).toContainEqual(
			expect.objectContaining({ code: 'invalid-json-body', from: 7, to: 26 })
		);
	});

	it('a quoted numeric token is not warned (it stays a valid string)', () => {
		const r = body('{"s": "{{lead.Lead Score}}"}', {}, { lead: { 'Lead Score': 5 } });
		expect(r.request?.body).toBe('{"s": "5"}');
		expect(codes(r.diagnostics)).toEqual([]);
	});

	it('an empty numeric token leaves a hole: warned, with the :default= fix', () => {
		const r = body('{"s": {{lead.Lead Score}}}');
		expect(r.request?.body).toBe('{"s": }');
		expect(codes(r.diagnostics)).toEqual(
			expect.arrayContaining(['empty-numeric-token', 'invalid-json-body'])
		);
		expect(body('{"s": {{lead.Lead Score:default=0}}}').request?.body).toBe('{"s": 0}');
	});
});

describe('Request Token Encoding: Form/Url', () => {
	it('x-www-form-urlencoded: space is +, & = + % are escaped', () => {
		const r = body(
			'company={{company.Company Name}}&email={{lead.Email Address}}',
			{
				tokenEncoding: 'form',
				headers: [{ name: 'Content-Type', value: 'application/x-www-form-urlencoded' }]
			},
			{
				company: { 'Company Name': 'Jack & Jill Construction' },
				lead: { 'Email Address': 'jane+tag@x.com' }
			}
		);
		expect(r.request?.body).toBe('company=Jack+%26+Jill+Construction&email=jane%2Btag%40x.com');
		const form = new URLSearchParams(r.request!.body!);
		expect(form.get('company')).toBe('Jack & Jill Construction');
		expect(form.get('email')).toBe('jane+tag@x.com');
	});

	it('leaves only A-Z a-z 0-9 * - . _ unencoded, like URLSearchParams', () => {
		const r = body(
			'{{lead.First Name}}',
			{ tokenEncoding: 'form', headers: [] },
			{ lead: { 'First Name': "Zoë (O'Neil)!~*-._" } }
		);
		expect(r.request?.body).toBe('Zo%C3%AB+%28O%27Neil%29%21%7E*-._');
	});

	it('encodes only token values, never the literal text of the template', () => {
		const r = body(
			'From=%2B1555&Body=Hi {{lead.First Name}}!',
			{ tokenEncoding: 'form', headers: [] },
			{ lead: { 'First Name': 'A B' } }
		);
		expect(r.request?.body).toBe('From=%2B1555&Body=Hi A+B!');
	});
});

describe('Request Token Encoding: None', () => {
	it('pastes the raw value', () => {
		const r = body(
			'company={{company.Company Name}}',
			{ tokenEncoding: 'none', headers: [] },
			{ company: { 'Company Name': 'Jack & Jill' } }
		);
		expect(r.request?.body).toBe('company=Jack & Jill');
	});

	it('warns that a raw & splits a form field and a raw + arrives as a space', () => {
		const r = body(
			'c={{company.Company Name}}&e={{lead.Email Address}}',
			{
				tokenEncoding: 'none',
				headers: [{ name: 'Content-Type', value: 'application/x-www-form-urlencoded' }]
			},
			{ company: { 'Company Name': 'Jack & Jill' }, lead: { 'Email Address': 'a+b@x.com' } }
		);
		const raw = r.diagnostics.filter((d) => d.code === 'raw-form-value');
		expect(raw).toHaveLength(2);
		expect(raw[0]!.message).toContain('an & starts a new field');
		expect(raw[1]!.message).toContain('a + arrives as a space');
		expect(new URLSearchParams(r.request!.body!).get('e')).toBe('a b@x.com');
	});

	it('warns that a raw quote breaks a JSON body', () => {
		const r = body(
			'{"n": "{{lead.First Name}}"}',
			{ tokenEncoding: 'none' },
			{ lead: { 'First Name': 'Jo "JJ"' } }
		);
		expect(codes(r.diagnostics)).toEqual(
			expect.arrayContaining(['raw-json-value', 'invalid-json-body'])
		);
	});
});

describe('template backslash pre-parse (TK-SLASH)', () => {
	it('turns \\b \\t \\n \\f \\r \\\\ \\" \\\' into their characters before tokens are filled', () => {
		const r = body('a\\tb\\nc\\\\d\\"e\\\'f\\rg\\bh\\fi', { tokenEncoding: 'none', headers: [] });
		expect(r.request?.body).toBe('a\tb\nc\\d"e\'f\rg\bh\fi');
	});

	it('so "a\\nb" in a JSON template sends a raw newline: invalid JSON, reported', () => {
		const r = body('{"t": "a\\nb"}');
		expect(r.request?.body).toBe('{"t": "a\nb"}');
		expect(r.diagnostics).toContainEqual(
			expect.objectContaining({ code: 'invalid-json-body', from: 8, to: 9 })
		);
		expect(body('{"t": "a\\\\nb"}').request?.body).toBe('{"t": "a\\nb"}');
	});

	it('any other backslash escape is an error Marketo refuses to save: no request', () => {
		const r = body('{"re": "\\s+"} \\x', { tokenEncoding: 'none' });
		expect(r.request).toBeNull();
		const bad = r.diagnostics.filter((d) => d.code === 'invalid-escape');
		expect(bad.map((d) => [d.from, d.to, d.severity])).toEqual([
			[8, 10, 'error'],
			[14, 16, 'error']
		]);
		expect(bad[0]!.message).toContain('\\s');
	});

	it('a trailing lone backslash is an invalid escape', () => {
		expect(codes(body('abc\\', { tokenEncoding: 'none' }).diagnostics)).toContain('invalid-escape');
	});

	it('offsets after an escape still point at the token in the source', () => {
		const r = body('\\n\\n{{lead.Nope}}', { tokenEncoding: 'none', headers: [] });
		expect(r.diagnostics).toContainEqual(
			expect.objectContaining({ code: 'unknown-token', from: 4, to: 17 })
		);
	});

	it('does not apply to the URL or headers (only the Template is pre-parsed)', () => {
		const r = renderRequest(
			webhook({ url: 'https://x.example/a\\nb', headers: [{ name: 'X-A', value: 'a\\nb' }] }),
			context()
		);
		expect(r.request?.url).toBe('https://x.example/a\\nb');
		expect(r.request?.headers).toEqual([['X-A', 'a\\nb']]);
	});
});

describe('URL', () => {
	it('literal characters go out exactly as written: & stays &, %26 stays %26', () => {
		const r = renderRequest(webhook({ url: 'https://x.example/p?a=1&b=%26&c=a b' }), context());
		expect(r.request?.url).toBe('https://x.example/p?a=1&b=%26&c=a b');
	});

	it('tokens in the URL take the selected encoding (Form/Url)', () => {
		const r = renderRequest(
			webhook({
				method: 'GET',
				template: '',
				tokenEncoding: 'form',
				url: 'https://x.example/?e={{lead.Email Address}}&n={{lead.Full Name}}'
			}),
			context({ lead: { 'Email Address': 'jane+1@x.com', 'Full Name': 'Jane Doe' } })
		);
		expect(r.request?.url).toBe('https://x.example/?e=jane%2B1%40x.com&n=Jane+Doe');
		expect(codes(r.diagnostics)).not.toContain('url-token-encoding');
	});

	it('tokens in the URL under JSON get quotes, and under None go raw: both warned', () => {
		const json = renderRequest(
			webhook({ url: 'https://x.example/?n={{lead.First Name}}' }),
			context()
		);
		expect(json.request?.url).toBe('https://x.example/?n="Jane"');
		expect(json.diagnostics).toContainEqual(
			expect.objectContaining({ code: 'url-token-encoding', where: 'url', from: 21, to: 40 })
		);
		const none = renderRequest(
			webhook({ tokenEncoding: 'none', url: 'https://x.example/?n={{lead.First Name}}' }),
			context()
		);
		expect(none.request?.url).toBe('https://x.example/?n=Jane');
		expect(codes(none.diagnostics)).toContain('url-token-encoding');
	});

	it('an empty or non-http URL is reported', () => {
		expect(codes(renderRequest(webhook({ url: '' }), context()).diagnostics)).toContain(
			'invalid-url'
		);
		expect(codes(renderRequest(webhook({ url: 'ftp://x' }), context()).diagnostics)).toContain(
			'invalid-url'
		);
	});
});

describe('headers', () => {
	it('header tokens are inserted raw, whatever the encoding', () => {
		const r = renderRequest(
			webhook({
				tokenEncoding: 'form',
				headers: [{ name: 'X-Name', value: '{{lead.First Name}} & co' }]
			}),
			context({ lead: { 'First Name': 'Jane Doe' } })
		);
		expect(r.request?.headers).toEqual([['X-Name', 'Jane Doe & co']]);
	});

	it('a line break in a header value (from a token) is reported', () => {
		const r = renderRequest(
			webhook({ headers: [{ name: 'X-Notes', value: '{{lead.Lead Notes}}' }] }),
			context({ lead: { 'Lead Notes': 'a\r\nInjected: 1' } })
		);
		expect(r.diagnostics).toContainEqual(
			expect.objectContaining({ code: 'invalid-header', index: 0 })
		);
	});

	it('an invalid header name is reported; an empty one is dropped', () => {
		const r = renderRequest(
			webhook({
				headers: [
					{ name: 'Bad Name', value: 'x' },
					{ name: '', value: '' }
				]
			}),
			context()
		);
		expect(r.diagnostics).toContainEqual(
			expect.objectContaining({ code: 'invalid-header', index: 0 })
		);
		expect(r.request?.headers).toEqual([['Bad Name', 'x']]);
	});

	it('no Content-Type with a body gives advice (Marketo does not set application/json)', () => {
		const r = renderRequest(webhook({ headers: [], template: '{"a": 1}' }), context());
		expect(r.diagnostics).toContainEqual(
			expect.objectContaining({ code: 'no-content-type', severity: 'info' })
		);
		expect(r.diagnostics.find((d) => d.code === 'no-content-type')!.message).toContain(
			'application/json'
		);
	});
});

describe('methods and campaign type', () => {
	it('GET sends no body; a template on a GET is warned (body-ignored)', () => {
		const r = renderRequest(webhook({ method: 'GET', template: '{"a": 1}' }), context());
		expect(r.request?.body).toBeNull();
		expect(r.diagnostics).toContainEqual(
			expect.objectContaining({ code: 'body-ignored', where: 'template' })
		);
	});

	it.each(['POST', 'PUT', 'PATCH', 'DELETE'] as const)(
		'%s sends the template as body',
		(method) => {
			expect(renderRequest(webhook({ method, template: '{}' }), context()).request?.body).toBe(
				'{}'
			);
		}
	);

	it('a batch campaign is error 1000 and no request is made', () => {
		const r = renderRequest(webhook({ template: '{}' }), context({ campaignType: 'batch' }));
		expect(r.request).toBeNull();
		expect(r.diagnostics[0]).toMatchObject({
			code: 'batch-campaign',
			severity: 'error',
			where: 'campaign'
		});
		expect(r.diagnostics[0]!.message).toContain('1000');
	});
});

describe('encoding mismatch and JSON body checks', () => {
	it('invalid-json-body only when the Content-Type says JSON', () => {
		expect(codes(body('{"a": }').diagnostics)).toContain('invalid-json-body');
		expect(
			codes(
				body('{"a": }', { headers: [{ name: 'Content-Type', value: 'text/plain' }] }).diagnostics
			)
		).not.toContain('invalid-json-body');
		expect(
			codes(
				body('{"a": 1}', { headers: [{ name: 'content-type', value: 'application/vnd.api+json' }] })
					.diagnostics
			)
		).toEqual([]);
	});

	it('invalid-json-body says where in the body, with line and column', () => {
		const r = body('{\n  "a": 1,\n}');
		const d = r.diagnostics.find((x) => x.code === 'invalid-json-body')!;
		expect(d.message).toContain('line 3, column 1');
		expect(d.from).toBe(12);
	});

	it('Form/Url encoding on a JSON body and JSON encoding on a form body are warned', () => {
		expect(
			codes(body('{"n": {{lead.First Name}}}', { tokenEncoding: 'form' }).diagnostics)
		).toContain('encoding-mismatch');
		expect(
			codes(
				body('n={{lead.First Name}}', {
					headers: [{ name: 'Content-Type', value: 'application/x-www-form-urlencoded' }]
				}).diagnostics
			)
		).toContain('encoding-mismatch');
	});
});

describe('never throws', () => {
	it.each([
		['unclosed', '{{lead.First Name'],
		['only braces', '{{}}{{ }}}}{{'],
		['set delimiter', '{{=<% %>=}} <%lead.First Name%>'],
		['unbalanced section', '{{/a}}{{^b}}'],
		['comment and partial', '{{! note }}{{> part}}'],
		['lone surrogate', '\ud800{{lead.First Name}}'],
		['deep JSON', '['.repeat(5000)]
	])('%s', (_, template) => {
		expect(() => body(template)).not.toThrow();
		expect(body(template).request).not.toBeNull();
	});
});
