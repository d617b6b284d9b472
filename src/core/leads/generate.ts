import type { FieldValue } from '../types';
import type { Lead } from '../workspace';

/**
 * mulberry32: a tiny seeded PRNG (32-bit state, period 2^32), good enough for sample data and
 * deterministic across engines because it only uses 32-bit integer maths.
 * @param seed any number; only its low 32 bits count
 * @returns a function giving floats in [0, 1)
 */
export function seededRandom(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

type Random = () => number;

const pick = <T>(rnd: Random, list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
const between = (rnd: Random, min: number, max: number) =>
	min + Math.floor(rnd() * (max - min + 1));
const digits = (rnd: Random, n: number) => String(between(rnd, 0, 10 ** n - 1)).padStart(n, '0');

interface Company {
	name: string;
	domain: string;
	industry: string;
}

// Domains use the reserved .example TLD (RFC 2606) so sample data never reaches a real inbox.
const PLAIN_COMPANIES: Company[] = [
	{ name: 'Acme Corporation', domain: 'acme.example', industry: 'Manufacturing' },
	{ name: 'Globex', domain: 'globex.example', industry: 'Energy' },
	{ name: 'Initech', domain: 'initech.example', industry: 'Software' },
	{ name: 'Northwind Traders', domain: 'northwind.example', industry: 'Wholesale' },
	{ name: 'Contoso', domain: 'contoso.example', industry: 'Technology' },
	{ name: 'Fabrikam', domain: 'fabrikam.example', industry: 'Manufacturing' },
	{ name: 'Tailspin Toys', domain: 'tailspintoys.example', industry: 'Retail' },
	{ name: 'Wide World Importers', domain: 'wideworld.example', industry: 'Logistics' },
	{ name: 'Blue Yonder Airlines', domain: 'blueyonder.example', industry: 'Travel' },
	{ name: 'Litware', domain: 'litware.example', industry: 'Software' },
	{ name: 'Adventure Works', domain: 'adventureworks.example', industry: 'Retail' },
	{ name: 'Proseware', domain: 'proseware.example', industry: 'Education' }
];
const TRICKY_COMPANIES: Company[] = [
	{ name: 'Jack & Jill Construction', domain: 'jackandjill.example', industry: 'Construction' },
	{ name: "O'Reilly Media", domain: 'oreilly.example', industry: 'Publishing' },
	{ name: 'Müller GmbH', domain: 'mueller.example', industry: 'Manufacturing' },
	{ name: 'Café Zoë', domain: 'cafezoe.example', industry: 'Food & Beverage' },
	{ name: 'Smith, Jones & Partners', domain: 'smithjones.example', industry: 'Legal Services' },
	{ name: 'The "Good" Bakery', domain: 'goodbakery.example', industry: 'Food & Beverage' },
	{ name: 'Łódź Logistics Sp. z o.o.', domain: 'lodzlogistics.example', industry: 'Logistics' }
];

const PLAIN_FIRST = [
	'James',
	'Mary',
	'Robert',
	'Patricia',
	'John',
	'Jennifer',
	'Michael',
	'Linda',
	'David',
	'Elizabeth',
	'William',
	'Susan',
	'Richard',
	'Jessica',
	'Thomas',
	'Sarah',
	'Daniel',
	'Karen',
	'Matthew',
	'Emily',
	'Andrew',
	'Laura',
	'Steven',
	'Jane'
];
const PLAIN_LAST = [
	'Smith',
	'Johnson',
	'Williams',
	'Brown',
	'Jones',
	'Miller',
	'Davis',
	'Wilson',
	'Anderson',
	'Taylor',
	'Moore',
	'Martin',
	'Jackson',
	'Lee',
	'Walker',
	'Hall',
	'Young',
	'King',
	'Wright',
	'Green',
	'Baker',
	'Doe'
];
const TRICKY_FIRST = ['Zoë', 'José', 'Søren', 'François', 'Siobhán', 'Björn', 'Łukasz', 'Chloé'];
const TRICKY_LAST = ["O'Brien", 'Müller', 'Nguyễn', "D'Angelo", 'García', 'Østergaard'];

const PLAIN_TITLES = [
	'Marketing Manager',
	'Software Engineer',
	'Account Executive',
	'Director of Operations',
	'Chief Financial Officer',
	'Product Manager',
	'Sales Representative',
	'Data Analyst',
	'Office Manager',
	'Chief Executive Officer'
];
const TRICKY_TITLES = [
	'VP, Sales & Marketing',
	'Head of R&D',
	'Sr. Director, Demand Generation',
	'Founder & CEO',
	'Directeur Général',
	'Geschäftsführer'
];

interface Place {
	city: string;
	state?: string;
	postalCode: string;
	country: string;
}

const PLAIN_PLACES: Place[] = [
	{ city: 'New York', state: 'NY', postalCode: '10001', country: 'United States' },
	{ city: 'Chicago', state: 'IL', postalCode: '60601', country: 'United States' },
	{ city: 'Austin', state: 'TX', postalCode: '73301', country: 'United States' },
	{ city: 'Seattle', state: 'WA', postalCode: '98101', country: 'United States' },
	// Leading zero: stays text here, but a spreadsheet opening the CSV turns it into 2108.
	{ city: 'Boston', state: 'MA', postalCode: '02108', country: 'United States' },
	{ city: 'London', postalCode: 'EC1A 1BB', country: 'United Kingdom' },
	{ city: 'Toronto', state: 'ON', postalCode: 'M5H 2N2', country: 'Canada' },
	{ city: 'Dublin', postalCode: 'D02 X285', country: 'Ireland' },
	{ city: 'Berlin', postalCode: '10115', country: 'Germany' },
	{ city: 'Paris', postalCode: '75001', country: 'France' }
];
const TRICKY_PLACES: Place[] = [
	{ city: 'São Paulo', state: 'SP', postalCode: '01310-100', country: 'Brazil' },
	{ city: 'Zürich', postalCode: '8001', country: 'Switzerland' },
	{ city: 'Montréal', state: 'QC', postalCode: 'H2Y 1C6', country: 'Canada' },
	{ city: 'Kraków', postalCode: '31-001', country: 'Poland' },
	{ city: 'Reykjavík', postalCode: '101', country: 'Iceland' },
	{ city: 'Düsseldorf', postalCode: '40213', country: 'Germany' },
	{ city: 'Malmö', postalCode: '211 20', country: 'Sweden' },
	{ city: 'Abidjan', postalCode: '01 BP 1', country: "Côte d'Ivoire" }
];

const PLAIN_SOURCES = [
	'Website',
	'Webinar',
	'Trade Show',
	'Paid Search',
	'Referral',
	'Partner',
	'Content Download'
];
const TRICKY_SOURCES = ['🚀 Growth', 'Webinar 🎥', 'Trade Show ✨'];
const STATUSES = ['New', 'Contacted', 'Qualified', 'Nurture'];
const PLAIN_NOTES = [
	'Asked for a demo.',
	'Downloaded the pricing guide.',
	'Follow up next quarter.',
	'Attended the spring webinar.'
];
const TRICKY_NOTES = [
	'Met at the booth.\nAsked about "enterprise" pricing.\n',
	'Said: "call me after 3pm"\nPrefers email.\n',
	'Budget approved, see "Q3 plan".\nDecision maker: CFO\n'
];
const PLUS_TAGS = ['webinar', 'newsletter', 'events', 'trial'];

/** The standard fields every plain generated lead has; a tricky lead may leave some empty. */
const DROPPABLE = ['Phone Number', 'Job Title', 'Date of Birth', 'City', 'Lead Score'] as const;

type Trick = 'company' | 'name' | 'plus' | 'notes' | 'emoji' | 'empty' | 'title' | 'place';
const TRICKS: readonly Trick[] = [
	'company',
	'name',
	'plus',
	'notes',
	'emoji',
	'empty',
	'title',
	'place'
];

// One in five leads gets one or two tricks; the rest stay plain ASCII with every base field set.
const TRICKY_SHARE = 0.2;

const ASCII_FOLD: Record<string, string> = { ł: 'l', ø: 'o', ß: 'ss', æ: 'ae', đ: 'd' };

/** An email local part from a name: accents folded, everything but a-z 0-9 dropped. */
function emailPart(name: string): string {
	return name
		.toLowerCase()
		.normalize('NFD')
		.replace(/[łøßæđ]/g, (c) => ASCII_FOLD[c] ?? '')
		.replace(/[^a-z0-9]/g, '');
}

const DAY_MS = 86_400_000;
const DOB_FROM = Date.UTC(1955, 0, 1);
const DOB_DAYS = 17_500; // to about 2002
const CREATED_FROM = Date.UTC(2021, 0, 1);
const CREATED_SECONDS = 4 * 365 * 86_400;

function phone(rnd: Random, country: string): string {
	// Fictional numbers only: Ofcom's 020 7946 0xxx drama range in the UK, and elsewhere the North
	// American 555-01xx range, as most countries reserve none.
	if (country === 'United Kingdom') return `+44 20 7946 0${digits(rnd, 3)}`;
	return `+1 (555) 0${digits(rnd, 2)}-${digits(rnd, 4)}`;
}

function oneLead(rnd: Random, index: number, newId: () => string): Lead {
	const tricks = new Set<Trick>();
	if (rnd() < TRICKY_SHARE) {
		tricks.add(pick(rnd, TRICKS));
		if (rnd() < 0.3) tricks.add(pick(rnd, TRICKS));
	}
	const has = (t: Trick) => tricks.has(t);
	const company = pick(rnd, has('company') ? TRICKY_COMPANIES : PLAIN_COMPANIES);
	const place = pick(rnd, has('place') ? TRICKY_PLACES : PLAIN_PLACES);
	const trickyName = has('name');
	// A tricky name changes the first name, the last name or both.
	const nameStyle = trickyName ? between(rnd, 0, 2) : -1;
	const first = pick(rnd, nameStyle === 0 || nameStyle === 2 ? TRICKY_FIRST : PLAIN_FIRST);
	const last = pick(rnd, nameStyle === 1 || nameStyle === 2 ? TRICKY_LAST : PLAIN_LAST);
	// The index keeps emails unique, as Marketo dedupes leads on email.
	const local = `${emailPart(first)}.${emailPart(last)}${index + 1}`;
	const plus = has('plus') ? `+${pick(rnd, PLUS_TAGS)}` : '';

	const values: Record<string, FieldValue> = {
		Id: 1001 + index,
		'First Name': first,
		'Last Name': last,
		'Email Address': `${local}${plus}@${company.domain}`,
		'Company Name': company.name,
		'Job Title': pick(rnd, has('title') ? TRICKY_TITLES : PLAIN_TITLES),
		'Phone Number': phone(rnd, place.country),
		City: place.city,
		...(place.state ? { State: place.state } : {}),
		'Postal Code': place.postalCode,
		Country: place.country,
		'Lead Score': between(rnd, 0, 150),
		'Lead Source': pick(rnd, has('emoji') ? TRICKY_SOURCES : PLAIN_SOURCES),
		'Lead Status': pick(rnd, STATUSES),
		Unsubscribed: rnd() < 0.1,
		'Date of Birth': new Date(DOB_FROM + between(rnd, 0, DOB_DAYS) * DAY_MS)
			.toISOString()
			.slice(0, 10),
		'Created At': new Date(CREATED_FROM + between(rnd, 0, CREATED_SECONDS) * 1000)
			.toISOString()
			.replace('.000Z', 'Z')
	};
	if (has('notes')) values['Lead Notes'] = pick(rnd, TRICKY_NOTES);
	else if (rnd() < 0.4) values['Lead Notes'] = pick(rnd, PLAIN_NOTES);
	if (has('empty')) {
		delete values[pick(rnd, DROPPABLE)];
		if (rnd() < 0.5) delete values[pick(rnd, DROPPABLE)];
	}
	// Revenue in whole thousands, sometimes with cents, as CRMs hold it.
	const revenue = between(rnd, 500, 500_000) * 1000 + (rnd() < 0.2 ? between(rnd, 1, 99) / 100 : 0);
	return {
		id: newId(),
		values,
		company: {
			'Company Name': company.name,
			'Annual Revenue': revenue,
			'Num Employees': between(rnd, 5, 20_000),
			Industry: company.industry,
			Website: `https://www.${company.domain}`
		}
	};
}

/** Options for `generateLeads`. */
export interface GenerateLeadsOptions {
	/** Same seed, same leads. @default 1 */
	seed?: number;
	/** The id of each lead, called once per lead in order. */
	newId: () => string;
	/**
	 * The position of the first lead. Lead `i` depends only on the seed and `startIndex + i`, so
	 * `generateLeads(5, { startIndex: 5 })` continues `generateLeads(5)`. @default 0
	 */
	startIndex?: number;
}

/**
 * Realistic sample leads, the same for the same seed. Each has names, an email on a reserved
 * `.example` domain (unique per index), company, job title, a fictional phone, place, Lead Score,
 * Lead Source, Lead Status, Unsubscribed, Date of Birth (`yyyy-mm-dd`), Created At (ISO 8601, UTC)
 * and Id (`1001 + index`, unique), plus company Company Name, Annual Revenue, Num Employees,
 * Industry and Website. About one lead in five carries one or two tricky values: `&`, quotes,
 * apostrophes, line breaks, a plus-addressed email, accents, emoji, or empty standard fields; the
 * rest are plain ASCII with every standard field set.
 * @param count how many; a negative or fractional count is floored at 0
 */
export function generateLeads(count: number, options: GenerateLeadsOptions): Lead[] {
	const seed = options.seed ?? 1;
	const start = Math.max(0, Math.floor(options.startIndex ?? 0));
	const n = Number.isFinite(count) ? Math.max(0, Math.floor(count)) : 0;
	const leads: Lead[] = [];
	for (let i = 0; i < n; i++) {
		const index = start + i;
		// A stream per lead (seed mixed with the index by the golden-ratio constant) keeps lead i the
		// same however the leads are paged.
		leads.push(
			oneLead(seededRandom(seed ^ Math.imul(index + 1, 0x9e3779b9)), index, options.newId)
		);
	}
	return leads;
}

function tricky(
	id: string,
	values: Record<string, FieldValue>,
	company: Record<string, FieldValue>
): Lead {
	return { id, values, company };
}

/**
 * Hand-written leads that each show one pitfall of webhook payloads or CSV files; `trickyNotes`
 * explains each, keyed by lead id. Shared example data: copy (e.g. `structuredClone`) before
 * editing. Every value is valid for its field type, so they round-trip through CSV.
 */
export const TRICKY_LEADS: Lead[] = [
	tricky(
		'tricky-ampersand',
		{
			Id: 9001,
			'First Name': 'Jack',
			'Last Name': 'Hill',
			'Email Address': 'jack.hill@jackandjill.example',
			'Company Name': 'Jack & Jill Construction',
			'Lead Score': 40
		},
		{ 'Company Name': 'Jack & Jill Construction', Industry: 'Construction' }
	),
	tricky(
		'tricky-plus-email',
		{
			Id: 9002,
			'First Name': 'Jane',
			'Last Name': 'Doe',
			'Email Address': 'jane+webinar@acme.example',
			'Company Name': 'Acme Corporation',
			'Lead Score': 75
		},
		{ 'Company Name': 'Acme Corporation', Industry: 'Manufacturing' }
	),
	tricky(
		'tricky-quotes-newline',
		{
			Id: 9003,
			'First Name': 'Sarah',
			'Last Name': 'Green',
			'Email Address': 'sarah.green@globex.example',
			'Company Name': 'Globex',
			'Lead Notes': 'Met at the booth.\nAsked about "enterprise" pricing.\n'
		},
		{ 'Company Name': 'Globex', Industry: 'Energy' }
	),
	tricky(
		'tricky-apostrophe',
		{
			Id: 9004,
			'First Name': 'Liam',
			'Last Name': "O'Brien",
			'Email Address': 'liam.obrien@oreilly.example',
			'Company Name': "O'Reilly Media",
			'Lead Score': 20
		},
		{ 'Company Name': "O'Reilly Media", Industry: 'Publishing' }
	),
	tricky(
		'tricky-non-ascii',
		{
			Id: 9005,
			'First Name': 'Zoë',
			'Last Name': 'Müller',
			'Email Address': 'zoe.mueller@cafezoe.example',
			'Company Name': 'Café Zoë',
			City: 'Zürich',
			Country: 'Switzerland'
		},
		{ 'Company Name': 'Café Zoë', Industry: 'Food and Beverage' }
	),
	tricky(
		'tricky-emoji',
		{
			Id: 9006,
			'First Name': 'Emily',
			'Last Name': 'Walker',
			'Email Address': 'emily.walker@initech.example',
			'Company Name': 'Initech',
			'Lead Source': '🚀 Growth'
		},
		{ 'Company Name': 'Initech', Industry: 'Software' }
	),
	tricky(
		'tricky-empty-number',
		{
			Id: 9007,
			'First Name': 'Tom',
			'Last Name': 'King',
			'Email Address': 'tom.king@contoso.example',
			'Company Name': 'Contoso'
		},
		{ 'Company Name': 'Contoso', Industry: 'Technology' }
	),
	tricky(
		'tricky-leading-zero',
		{
			Id: 9008,
			'First Name': 'Karen',
			'Last Name': 'Hall',
			'Email Address': 'karen.hall@litware.example',
			'Company Name': 'Litware',
			City: 'Boston',
			State: 'MA',
			'Postal Code': '02108'
		},
		{ 'Company Name': 'Litware', Industry: 'Software' }
	)
];

/** What breaks for each of `TRICKY_LEADS`, keyed by lead id; one or two sentences for a person. */
export const trickyNotes: Record<string, string> = {
	'tricky-ampersand':
		'Company Name has an &: under Token Encoding None a Form/Url body (company={{company.Company Name}}) splits there: the receiver reads company as "Jack " plus a stray " Jill Construction" parameter. Form/Url encoding sends it as %26.',
	'tricky-plus-email':
		'The email has a +: under Token Encoding None, in a Form/Url body or the URL query, the receiver decodes it as a space (jane webinar@acme.example). Form/Url encoding sends it as %2B.',
	'tricky-quotes-newline':
		'Lead Notes has "quotes", line breaks and a final newline: under Token Encoding None they go into a JSON body as they are and the JSON breaks; JSON encoding escapes them (\\" and \\n). In a CSV file the cell must be quoted, with each " doubled.',
	'tricky-apostrophe':
		"The apostrophes in O'Brien and O'Reilly Media are harmless in JSON and Form/Url, but under Token Encoding None they end a single-quoted string: an XML attribute written name='{{lead.Last Name}}', or a receiver that builds SQL by hand.",
	'tricky-non-ascii':
		'Zoë, Müller, Café and Zürich are not ASCII: they travel as UTF-8 (Form/Url encoding sends ü as %C3%BC), and a receiver that reads the body as Latin-1 shows MÃ¼ller.',
	'tricky-emoji':
		'Lead Source starts with an emoji, which lies outside the Basic Multilingual Plane: 4 bytes in UTF-8 and 2 units in JavaScript string length, so length limits disagree, and a MySQL utf8 (3-byte) column refuses or cuts it.',
	'tricky-empty-number':
		'Lead Score is empty: under JSON encoding a number token is written bare, so "score": {{lead.Lead Score}} becomes "score": with nothing after it and the body is not JSON. Give the token a default: {{lead.Lead Score:default=0}}.',
	'tricky-leading-zero':
		'Postal Code 02108 is text with a leading zero: it survives in JSON (quoted) and in the CSV file, but a spreadsheet that opens the CSV turns it into the number 2108.'
};
