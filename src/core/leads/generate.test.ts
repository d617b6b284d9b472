import { describe, expect, it } from 'vitest';
import { fieldCatalog } from '../field-catalog';
import { defaultCompanyFields } from '../fields';
import type { Lead } from '../workspace';
import { leadsToCsv, parseCsvValue, parseLeadsCsv } from './csv';
import { generateLeads, seededRandom, TRICKY_LEADS, trickyNotes } from './generate';

function ids(prefix = 'lead') {
	let n = 0;
	return () => `${prefix}-${++n}`;
}

const BASE_FIELDS = [
	'Id',
	'First Name',
	'Last Name',
	'Email Address',
	'Company Name',
	'Job Title',
	'Phone Number',
	'City',
	'Country',
	'Lead Score',
	'Lead Source',
	'Unsubscribed',
	'Date of Birth',
	'Created At'
];

/** A lead is tricky when a value holds & " ' a line break or non-ASCII, the email a +, or a base field is empty. */
function isTricky(lead: Lead): boolean {
	const strings = [...Object.entries(lead.values), ...Object.entries(lead.company)].filter(
		([key, value]) => typeof value === 'string' && key !== 'Phone Number'
	);
	return (
		strings.some(([, value]) => /[&"'\n]|[^\x20-\x7e]/.test(value as string)) ||
		String(lead.values['Email Address']).includes('+') ||
		BASE_FIELDS.some((name) => !(name in lead.values))
	);
}

describe('seededRandom', () => {
	it('is deterministic and in [0, 1)', () => {
		const a = seededRandom(42);
		const b = seededRandom(42);
		const xs = Array.from({ length: 1000 }, () => a());
		expect(Array.from({ length: 1000 }, () => b())).toEqual(xs);
		expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
		expect(seededRandom(43)()).not.toBe(xs[0]);
	});
});

describe('generateLeads', () => {
	it('gives the same leads for the same seed', () => {
		const a = generateLeads(200, { seed: 7, newId: ids() });
		const b = generateLeads(200, { seed: 7, newId: ids() });
		expect(b).toEqual(a);
	});

	it('gives different leads for a different seed', () => {
		const a = generateLeads(20, { seed: 7, newId: ids() });
		const b = generateLeads(20, { seed: 8, newId: ids() });
		expect(b.map((l) => l.values)).not.toEqual(a.map((l) => l.values));
	});

	it('continues from startIndex', () => {
		const all = generateLeads(10, { newId: ids() });
		const second = generateLeads(5, { startIndex: 5, newId: ids() });
		expect(second.map((l) => l.values)).toEqual(all.slice(5).map((l) => l.values));
	});

	it('gives unique ids, Ids and emails', () => {
		const leads = generateLeads(2000, { seed: 3, newId: ids() });
		expect(new Set(leads.map((l) => l.id)).size).toBe(2000);
		expect(new Set(leads.map((l) => l.values.Id)).size).toBe(2000);
		expect(new Set(leads.map((l) => l.values['Email Address'])).size).toBe(2000);
		expect(leads[0]?.values.Id).toBe(1001);
	});

	it('makes about one lead in five tricky', () => {
		const leads = generateLeads(2000, { seed: 1, newId: ids() });
		const share = leads.filter(isTricky).length / leads.length;
		expect(share).toBeGreaterThan(0.15);
		expect(share).toBeLessThan(0.25);
	});

	it('includes each kind of tricky value', () => {
		const text = JSON.stringify(generateLeads(2000, { newId: ids() }));
		for (const needle of ['&', "'", '\\"', '\\n', '+webinar@', 'ü', '🚀 Growth'])
			expect(text).toContain(needle);
	});

	it('writes values valid for their field types', () => {
		const people = fieldCatalog();
		const companies = new Map(defaultCompanyFields.map((f) => [f.name, f]));
		for (const lead of generateLeads(500, { newId: ids() })) {
			for (const [name, value] of Object.entries(lead.values)) {
				const def = people.byName.get(name.toLowerCase());
				expect(def, name).toBeDefined();
				expect(parseCsvValue(String(value), def!.type)).toEqual({ ok: true, value });
			}
			for (const [name, value] of Object.entries(lead.company)) {
				const def = companies.get(name);
				expect(def, name).toBeDefined();
				expect(parseCsvValue(String(value), def!.type)).toEqual({ ok: true, value });
			}
		}
	});

	it('floors odd counts at 0', () => {
		expect(generateLeads(-3, { newId: ids() })).toEqual([]);
		expect(generateLeads(Number.NaN, { newId: ids() })).toEqual([]);
		expect(generateLeads(2.9, { newId: ids() })).toHaveLength(2);
	});

	it('survives a CSV round trip', () => {
		const leads = generateLeads(300, { newId: ids() });
		const back = parseLeadsCsv(leadsToCsv(leads), { newId: ids() });
		expect(back.rowErrors).toEqual([]);
		const strip = ({ values, company }: Lead) => ({ values, company });
		expect(back.leads.map(strip)).toEqual(leads.map(strip));
	});
});

describe('TRICKY_LEADS', () => {
	it('has 6-8 leads, each with a note', () => {
		expect(TRICKY_LEADS.length).toBeGreaterThanOrEqual(6);
		expect(TRICKY_LEADS.length).toBeLessThanOrEqual(8);
		expect(Object.keys(trickyNotes).sort()).toEqual(TRICKY_LEADS.map((l) => l.id).sort());
	});

	it('survives a CSV round trip', () => {
		const back = parseLeadsCsv(leadsToCsv(TRICKY_LEADS), { newId: ids('tricky') });
		expect(back.rowErrors).toEqual([]);
		expect(back.leads.map((l) => l.values)).toEqual(TRICKY_LEADS.map((l) => l.values));
		expect(back.leads.map((l) => l.company)).toEqual(TRICKY_LEADS.map((l) => l.company));
	});
});
