import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultCompanyFields, defaultLeadFields } from '../fields';
import type { FieldDef, FieldType, FieldValue } from '../types';
import type { Lead } from '../workspace';
import { leadsToCsv, matchCsvHeader, parseCsvValue, parseLeadsCsv } from './csv';

// A thousand runs take about 2 s; the margin is for a loaded CI machine, not a speed limit.
const PROPERTY_TIMEOUT = 30_000;

function ids() {
	let n = 0;
	return () => `lead-${++n}`;
}

const parse = (text: string, fields?: FieldDef[]) => parseLeadsCsv(text, { fields, newId: ids() });
const valuesOf = (text: string) => parse(text).leads.map((l) => l.values);

describe('matchCsvHeader', () => {
	// Rule: person fields match by display name or API name, ignoring case and surrounding spaces;
	// company fields need a `company.` or `Company:` prefix.
	it.each([
		['First Name', 'lead', 'First Name'],
		['firstName', 'lead', 'First Name'],
		['EMAIL', 'lead', 'Email Address'],
		['  email address  ', 'lead', 'Email Address'],
		['Company', 'lead', 'Company Name'],
		['company.Industry', 'company', 'Industry'],
		['Company.annualRevenue', 'company', 'Annual Revenue'],
		['Company: Num Employees', 'company', 'Num Employees'],
		['company . website', 'company', 'Website']
	])('%j → %s %s', (header, scope, name) => {
		expect(matchCsvHeader(header)).toMatchObject({ scope, field: { name } });
	});

	it.each(['Shoe Size', '', 'company.Shoe Size', 'company.'])('%j matches nothing', (header) => {
		expect(matchCsvHeader(header)).toBeNull();
	});

	it('matches custom fields', () => {
		const fields: FieldDef[] = [{ name: 'Shoe Size', apiName: 'shoeSize__c', type: 'integer' }];
		expect(matchCsvHeader('SHOESIZE__C', fields)?.field.name).toBe('Shoe Size');
	});
});

describe('parseCsvValue', () => {
	// Rule: each field type accepts one plain written form and refuses the rest with a reason.
	it.each<[FieldType, string, FieldValue | undefined]>([
		['integer', '42', 42],
		['integer', ' -7 ', -7],
		['score', '+12', 12],
		['float', '3.25', 3.25],
		['float', '-.5', -0.5],
		['currency', '1e+21', 1e21],
		['percent', '12.5', 12.5],
		['boolean', 'TRUE', true],
		['boolean', 'no', false],
		['boolean', '1', true],
		['boolean', 'False', false],
		['date', '2024-02-29', '2024-02-29'],
		['datetime', '2016-08-28T02:21:00Z', '2016-08-28T02:21:00Z'],
		['datetime', '2016-08-28 02:21:00.123+02:00', '2016-08-28 02:21:00.123+02:00'],
		['email', ' jane+webinar@acme.example ', 'jane+webinar@acme.example'],
		['string', '  Jane  ', '  Jane  '],
		['phone', '+1 (555) 010-1234', '+1 (555) 010-1234'],
		['url', 'https://acme.example/?a=1&b=2', 'https://acme.example/?a=1&b=2'],
		['string', '🚀'.repeat(255), '🚀'.repeat(255)],
		['text', 'x'.repeat(40_000), 'x'.repeat(40_000)],
		['integer', '   ', undefined],
		['string', '', undefined]
	])('%s %j → %j', (type, text, value) => {
		expect(parseCsvValue(text, type)).toEqual({ ok: true, value });
	});

	it.each<[FieldType, string, string]>([
		['integer', '12abc', 'is not a whole number'],
		['integer', '12.0', 'is not a whole number'],
		['score', '1,234', 'is not a whole number (leave out thousands separators)'],
		['integer', '9007199254740993', 'is too large for a whole-number field'],
		['float', 'abc', 'is not a number'],
		['float', '1e999', 'is too large for a number field'],
		['currency', '1,234.50', 'is not a number (leave out thousands separators)'],
		['currency', '$12', 'is not a number (leave out the currency symbol)'],
		['float', '1,5', 'is not a number (write decimals with a dot, e.g. 1.5)'],
		['percent', '12%', 'is not a number (leave out the % sign)'],
		['boolean', 'maybe', 'is not true, false, yes, no, 1 or 0'],
		['date', '05/07/2010', 'is not a date in the form 2010-05-07 (yyyy-mm-dd)'],
		['date', '2023-02-29', 'is not a real calendar date'],
		['datetime', '2016-08-28', 'is not an ISO 8601 date-time such as 2016-08-28T02:21:00Z'],
		[
			'datetime',
			'2016-08-28T25:00:00Z',
			'is not an ISO 8601 date-time such as 2016-08-28T02:21:00Z'
		],
		[
			'email',
			'jane@@acme.example',
			'is not an email address (it needs one @ and a dot in the domain, no spaces)'
		],
		[
			'email',
			'jane@localhost',
			'is not an email address (it needs one @ and a dot in the domain, no spaces)'
		],
		['string', 'x'.repeat(256), 'is longer than the 255 characters a string field holds'],
		['url', 'x'.repeat(256), 'is longer than the 255 characters a URL field holds']
	])('%s %j is refused', (type, text, reason) => {
		expect(parseCsvValue(text, type)).toEqual({ ok: false, reason });
	});
});

describe('parseLeadsCsv', () => {
	it('maps headers and converts by type', () => {
		const result = parse(
			'first name,EMAIL,leadScore,Unsubscribed,company.Industry,Company: Annual Revenue\n' +
				'Jane,jane@acme.example,12,yes,Retail,1500000.5\n'
		);
		expect(result.problems).toEqual([]);
		expect(result.leads).toEqual([
			{
				id: 'lead-1',
				values: {
					'First Name': 'Jane',
					'Email Address': 'jane@acme.example',
					'Lead Score': 12,
					Unsubscribed: true
				},
				company: { Industry: 'Retail', 'Annual Revenue': 1500000.5 }
			}
		]);
	});

	it('lists unknown columns and ignores them', () => {
		const result = parse(
			'First Name,Last Name,Email,City,State,Country,Shoe Size\nA,B,a@b.co,,,,42\n'
		);
		expect(result.problems).toEqual([
			'Column 7 "Shoe Size" matches no field; add it as a custom field or it is ignored'
		]);
		expect(result.columns[6]).toEqual({ header: 'Shoe Size', index: 6, target: null });
		expect(result.leads[0]?.values).toEqual({
			'First Name': 'A',
			'Last Name': 'B',
			'Email Address': 'a@b.co'
		});
	});

	it('keeps the first of two columns for one field', () => {
		const result = parse('Email,Email Address\na@b.co,c@d.co\n');
		expect(result.problems).toEqual([
			'Columns 1 "Email" and 2 "Email Address" both fill Email Address; column 2 is ignored'
		]);
		expect(result.leads[0]?.values).toEqual({ 'Email Address': 'a@b.co' });
	});

	it('reports a nameless column', () => {
		expect(parse('First Name,\nJane,\n').problems).toEqual(['Column 2 has no name; it is ignored']);
	});

	it('skips one bad row and imports the others', () => {
		// Rule: a bad cell drops its whole row; the message names the file line, column and value.
		const result = parse('First Name,Lead Score\nAnn,10\nBob,20\nCy,12abc\nDee,40\n');
		expect(result.leads.map((l) => l.values['First Name'])).toEqual(['Ann', 'Bob', 'Dee']);
		expect(result.leads.map((l) => l.id)).toEqual(['lead-1', 'lead-2', 'lead-3']);
		expect(result.rowErrors).toEqual([
			{
				row: 4,
				column: 'Lead Score',
				message: 'Row 4, "Lead Score": "12abc" is not a whole number'
			}
		]);
		expect(result.rowsRead).toBe(4);
	});

	it('reports every bad cell of a row', () => {
		const result = parse('Lead Score,Unsubscribed\nx,maybe\n');
		expect(result.rowErrors.map((e) => e.column)).toEqual(['Lead Score', 'Unsubscribed']);
		expect(result.leads).toEqual([]);
	});

	it('reads quoted commas, quotes and line breaks', () => {
		const result = parse(
			'Company Name,Lead Notes,Lead Score\n' +
				'"Smith, Jones & Partners","Said ""hi"",\nthen left\n",1\n' +
				'Acme,plain,x\n'
		);
		expect(result.leads[0]?.values).toEqual({
			'Company Name': 'Smith, Jones & Partners',
			'Lead Notes': 'Said "hi",\nthen left\n',
			'Lead Score': 1
		});
		// The quoted cell spans lines 2-4, so the next row starts on line 5.
		expect(result.rowErrors[0]?.row).toBe(5);
	});

	it('strips a byte order mark and reads CRLF', () => {
		expect(valuesOf('\uFEFFFirst Name,Last Name\r\nJane,Doe\r\n')).toEqual([
			{ 'First Name': 'Jane', 'Last Name': 'Doe' }
		]);
	});

	it('reads semicolon and tab delimiters', () => {
		expect(valuesOf('First Name;Last Name\nJane;Doe, Jr.\n')).toEqual([
			{ 'First Name': 'Jane', 'Last Name': 'Doe, Jr.' }
		]);
		expect(valuesOf('First Name\tLast Name\nJane\tDoe, Jr.\n')).toEqual([
			{ 'First Name': 'Jane', 'Last Name': 'Doe, Jr.' }
		]);
	});

	it('takes the delimiter from the header, not from the values', () => {
		// Papaparse's own guess reads a one-column file with ; in every value as two columns.
		expect(valuesOf('Lead Notes\na;b\nc;d\n')).toEqual([
			{ 'Lead Notes': 'a;b' },
			{ 'Lead Notes': 'c;d' }
		]);
	});

	it('skips blank lines and a trailing empty line', () => {
		const result = parse('\nFirst Name,Last Name\n\nJane,Doe\n,\n\n');
		expect(result.leads).toHaveLength(1);
		expect(result.rowsRead).toBe(1);
		expect(result.rowErrors).toEqual([]);
	});

	it('refuses ragged rows', () => {
		const result = parse('First Name,Last Name\nJane\nJohn,Doe,Jr.\nAnn,Lee\n');
		expect(result.rowErrors).toEqual([
			{ row: 2, message: 'Row 2 has 1 cell, but the header has 2' },
			{
				row: 3,
				message:
					'Row 3 has 3 cells, but the header has 2 (a value that contains a comma must be in double quotes)'
			}
		]);
		expect(valuesOf('First Name,Last Name\nJane\nAnn,Lee\n')).toEqual([
			{ 'First Name': 'Ann', 'Last Name': 'Lee' }
		]);
	});

	it('refuses broken quotes', () => {
		expect(parse('First Name,Last Name\n"Ja"ne,Doe\n').rowErrors).toEqual([
			{
				row: 2,
				message:
					'Row 2: a quoted cell has text after its closing quote (inside quotes, write a quote as "")'
			}
		]);
		expect(parse('First Name,Last Name\nAnn,Lee\n"Jane,Doe\nJohn,Doe\n').rowErrors).toEqual([
			{
				row: 3,
				message: 'Row 3: a quoted cell is never closed, so the rest of the file was read into it'
			}
		]);
	});

	it.each(['', '\uFEFF', ' \r\n\n'])('says %j is empty', (text) => {
		expect(parse(text)).toEqual({
			columns: [],
			leads: [],
			rowErrors: [],
			rowsRead: 0,
			problems: ['The file is empty']
		});
	});

	it('says a header-only file has no rows', () => {
		const result = parse('First Name,Last Name\r\n');
		expect(result.problems).toEqual(['The file has a header row but no data rows']);
		expect(result.columns).toHaveLength(2);
	});

	it('imports nothing without a header', () => {
		const result = parse('jane@acme.example,Jane\njohn@acme.example,John\n');
		expect(result.problems[0]).toMatch(/^No column name matches a lead field/);
		expect(result.leads).toEqual([]);
		expect(result.rowsRead).toBe(0);
	});

	it('uses custom fields', () => {
		const fields: FieldDef[] = [{ name: 'Shoe Size', apiName: 'shoeSize', type: 'integer' }];
		expect(parse('Shoe Size\n42\n', fields).leads[0]?.values).toEqual({ 'Shoe Size': 42 });
	});

	it(
		'never throws',
		() => {
			const piece = fc.oneof(
				fc.constantFrom(',', ';', '\t', '"', '""', '\n', '\r\n', '\r', '\uFEFF', ' '),
				fc.constantFrom('First Name', 'Lead Score', 'company.Industry', 'Email', 'Id', 'x@y.z'),
				fc.string({ unit: 'binary', maxLength: 8 })
			);
			fc.assert(
				fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => {
					const result = parse(pieces.join(''));
					expect(result.rowsRead).toBeGreaterThanOrEqual(result.leads.length);
				}),
				{ numRuns: 1000 }
			);
		},
		PROPERTY_TIMEOUT
	);
});

describe('leadsToCsv', () => {
	const lead = (
		values: Record<string, FieldValue>,
		company: Record<string, FieldValue> = {}
	): Lead => ({
		id: 'x',
		values,
		company
	});

	it('writes used fields in catalog order, then unknown keys, then company columns', () => {
		const csv = leadsToCsv([
			lead({ 'Last Name': 'Doe', Zed: 'z', 'First Name': 'Jane' }, { Website: 'w', Industry: 'i' }),
			lead({ 'Lead Score': 5, Unsubscribed: false, 'Job Title': null })
		]);
		expect(csv).toBe(
			'First Name,Last Name,Lead Score,Unsubscribed,Zed,company.Industry,company.Website\r\n' +
				'Jane,Doe,,,z,i,w\r\n' +
				',,5,false,,,'
		);
	});

	it('quotes only where needed (RFC 4180)', () => {
		expect(leadsToCsv([lead({ 'First Name': ' Jane', 'Lead Notes': 'a "b",\nc' })])).toBe(
			'First Name,Lead Notes\r\n" Jane","a ""b"",\nc"'
		);
	});

	it('guards formulas only when asked', () => {
		const leads = [
			lead({
				'First Name': '=HYPERLINK("x")',
				'Phone Number': '+1 (555) 010-1234',
				City: '@x',
				'Last Name': '-'
			})
		];
		expect(leadsToCsv(leads)).toBe(
			'City,First Name,Last Name,Phone Number\r\n@x,"=HYPERLINK(""x"")",-,+1 (555) 010-1234'
		);
		expect(leadsToCsv(leads, { spreadsheetSafe: true })).toBe(
			'City,First Name,Last Name,Phone Number\r\n\'@x,"\'=HYPERLINK(""x"")",-,+1 (555) 010-1234'
		);
	});

	it('writes nothing for no values', () => {
		expect(leadsToCsv([])).toBe('');
		expect(leadsToCsv([lead({ City: '' })])).toBe('');
	});
});

describe('CSV round trip', () => {
	// Rule: parseLeadsCsv(leadsToCsv(leads)) gives back the same values. Not generated, because they
	// do not survive by design: empty and white-space-only strings (an empty cell means "no value"),
	// null, -0 (written as 0), strings over 255 characters in string fields, and leads with no values.
	const custom: FieldDef[] = [
		{ name: 'Favourite Colour, Primary', apiName: 'favColour', type: 'string' },
		{ name: 'Shoe Size', apiName: 'shoeSize', type: 'float' }
	];
	const tricky = fc.constantFrom(
		'"',
		',',
		';',
		'\t',
		'\n',
		'\r\n',
		'\r',
		' ',
		'🚀',
		'é',
		'&',
		"'",
		'=',
		'+',
		'-',
		'@',
		'\uFEFF'
	);
	const text = (maxLength: number) =>
		fc
			.array(fc.oneof(tricky, fc.string({ unit: 'grapheme', maxLength: 6 })), { maxLength: 12 })
			.map((parts) => parts.join(''))
			.filter((s) => s.trim() !== '' && [...s].length <= maxLength);
	const date = fc.date({
		min: new Date('1900-01-01T00:00:00Z'),
		max: new Date('2099-12-31T23:59:59Z'),
		noInvalidDate: true
	});
	const byType: Record<FieldType, fc.Arbitrary<FieldValue>> = {
		string: text(255),
		phone: text(255),
		url: text(255),
		text: text(10_000),
		email: fc
			.tuple(
				fc.stringMatching(/^[a-z0-9.+_"',-]{1,10}$/),
				fc.stringMatching(/^[a-z0-9-]{1,8}\.[a-z]{2,4}$/)
			)
			.map(([local, domain]) => `${local}@${domain}`),
		integer: fc.maxSafeInteger(),
		score: fc.integer({ min: -1000, max: 1000 }),
		float: fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => (n === 0 ? 0 : n)),
		currency: fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => (n === 0 ? 0 : n)),
		percent: fc.double({ min: -1000, max: 1000, noNaN: true }).map((n) => (n === 0 ? 0 : n)),
		boolean: fc.boolean(),
		date: date.map((d) => d.toISOString().slice(0, 10)),
		datetime: date.map((d) => d.toISOString())
	};
	const record = (fields: FieldDef[]) =>
		fc.record(Object.fromEntries(fields.map((f) => [f.name, byType[f.type]])), {
			requiredKeys: []
		}) as fc.Arbitrary<Record<string, FieldValue>>;
	const leads = fc.array(
		fc
			.record({
				values: record([...defaultLeadFields, ...custom]),
				company: record(defaultCompanyFields)
			})
			.filter((l) => Object.keys(l.values).length + Object.keys(l.company).length > 0),
		{ minLength: 1, maxLength: 4 }
	);

	it(
		'keeps every value',
		() => {
			fc.assert(
				fc.property(leads, (input) => {
					const csv = leadsToCsv(
						input.map((l, i) => ({ id: String(i), ...l })),
						{ fields: custom }
					);
					const result = parseLeadsCsv(csv, { fields: custom, newId: ids() });
					expect(result.problems).toEqual([]);
					expect(result.rowErrors).toEqual([]);
					expect(result.leads.map(({ values, company }) => ({ values, company }))).toEqual(input);
				}),
				{ numRuns: 1000 }
			);
		},
		PROPERTY_TIMEOUT
	);
});
