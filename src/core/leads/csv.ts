import Papa from 'papaparse';
import { fieldCatalog } from '../field-catalog';
import { defaultCompanyFields } from '../fields';
import type { FieldDef, FieldType, FieldValue } from '../types';
import type { Lead } from '../workspace';

/** Where a CSV column's values go: a person field or a company field. */
export interface CsvTarget {
	scope: 'lead' | 'company';
	field: FieldDef;
}

/** One column of an imported file, as its header names it. */
export interface CsvColumn {
	/** The header cell, without surrounding spaces. */
	header: string;
	/** 0-based position in the row. Messages count columns from 1, as a spreadsheet does. */
	index: number;
	/** null: the column is ignored (unknown, unnamed, or a second column for the same field). */
	target: CsvTarget | null;
}

/** Why one data row (or one cell of it) was not imported. */
export interface CsvRowError {
	/**
	 * 1-based line of the file where the data row starts, counting the header as line 1. It is the
	 * spreadsheet row number unless an earlier cell holds a line break.
	 */
	row: number;
	/** The header of the bad cell; absent when the whole row is wrong (ragged, broken quotes). */
	column?: string;
	/** A full sentence for a person, starting with `Row <row>`. */
	message: string;
}

/** The outcome of `parseLeadsCsv`. */
export interface CsvImport {
	columns: CsvColumn[];
	/** The rows whose every cell converted; rows with a bad cell are left out whole. */
	leads: Lead[];
	/** One entry per bad cell, or one per bad row when the row's shape is wrong. */
	rowErrors: CsvRowError[];
	/** Data rows read (imported or not); blank lines are not rows. */
	rowsRead: number;
	/** File-level findings: empty file, no header, duplicate or unknown columns, no data rows. */
	problems: string[];
}

/** A converted cell: `value` undefined means the cell was empty and the field stays empty. */
export type CsvValue =
	{ ok: true; value: string | number | boolean | undefined } | { ok: false; reason: string };

/** Options for `parseLeadsCsv`. */
export interface ParseLeadsCsvOptions {
	/** Custom person fields, added to `defaultLeadFields` (a same-named one replaces the default). */
	fields?: FieldDef[];
	/** The id of each imported lead; called once per imported lead, in file order. */
	newId: () => string;
}

/** Options for `leadsToCsv`. */
export interface LeadsToCsvOptions {
	/** Custom person fields, added to `defaultLeadFields`; they fix the column order. */
	fields?: FieldDef[];
	/**
	 * Prefix `'` to a cell that starts with `=`, `+`, `-` or `@` followed by a non-digit, so a
	 * spreadsheet shows it as text instead of running it as a formula (CSV injection). It changes the
	 * data, so the file no longer round-trips. @default false
	 */
	spreadsheetSafe?: boolean;
}

// DEV-FT: String, "Text up to 255 characters". Text areas are unlimited here on purpose: the brief for
// imports is to refuse only what cannot be a value, and a long note is still a note.
const STRING_LIMIT = 255;

const WHOLE = /^[-+]?\d+$/;
const DECIMAL = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;
const THOUSANDS = /^[-+]?\d{1,3}(?:[, ']\d{3})+(?:[.,]\d+)?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME =
	/^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const TRUE_WORDS = new Set(['true', 'yes', '1']);
const FALSE_WORDS = new Set(['false', 'no', '0']);

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

// Plain arithmetic rather than a Date per cell: 100,000-row imports check a date in every row.
function isRealDate(text: string): boolean {
	const m = DATE.exec(text);
	if (m === null) return false;
	const year = Number(m[1]);
	const month = Number(m[2]);
	const day = Number(m[3]);
	const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
	const days = month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1];
	return days !== undefined && day >= 1 && day <= days;
}

const article = (word: string) => (/^[aeiou]/.test(word) ? 'an' : 'a');

/**
 * Converts one CSV cell for a field type. A blank cell (empty or only white space) is empty, not an
 * error. Strings keep their surrounding spaces; numbers, booleans, dates and emails are trimmed.
 *
 * - integer, score: whole numbers within ±2^53; no thousands separators, decimals or exponents.
 * - float, currency, percent: plain decimals, optionally with an exponent (`1e+21`); no `$` or `%`.
 * - boolean: true/false, yes/no, 1/0, any case.
 * - date: `yyyy-mm-dd`, a real calendar date. datetime: ISO 8601 with a time (`T` or a space),
 *   kept as written.
 * - email: one `@`, no spaces, a dot inside the domain.
 * - string, email, phone, url: at most 255 characters (code points); text: any length.
 * @returns `reason` completes a sentence that starts with the quoted cell: `"12abc" is not …`.
 */
export function parseCsvValue(text: string, type: FieldType): CsvValue {
	const trimmed = text.trim();
	if (trimmed === '') return { ok: true, value: undefined };
	switch (type) {
		case 'integer':
		case 'score': {
			if (WHOLE.test(trimmed)) {
				const n = Number(trimmed);
				if (Number.isSafeInteger(n)) return { ok: true, value: n === 0 ? 0 : n };
				return { ok: false, reason: 'is too large for a whole-number field' };
			}
			if (THOUSANDS.test(trimmed))
				return { ok: false, reason: 'is not a whole number (leave out thousands separators)' };
			return { ok: false, reason: 'is not a whole number' };
		}
		case 'float':
		case 'currency':
		case 'percent': {
			if (DECIMAL.test(trimmed)) {
				const n = Number(trimmed);
				if (Number.isFinite(n)) return { ok: true, value: n === 0 ? 0 : n };
				return { ok: false, reason: 'is too large for a number field' };
			}
			if (THOUSANDS.test(trimmed))
				return { ok: false, reason: 'is not a number (leave out thousands separators)' };
			// Semicolon files often come from locales that write 1,5 for 1.5.
			if (/^[-+]?\d*,\d+$/.test(trimmed))
				return { ok: false, reason: 'is not a number (write decimals with a dot, e.g. 1.5)' };
			if (/^[-+]?[$€£¥]|[$€£¥]$/.test(trimmed))
				return { ok: false, reason: 'is not a number (leave out the currency symbol)' };
			if (trimmed.endsWith('%'))
				return { ok: false, reason: 'is not a number (leave out the % sign)' };
			return { ok: false, reason: 'is not a number' };
		}
		case 'boolean': {
			const word = trimmed.toLowerCase();
			if (TRUE_WORDS.has(word)) return { ok: true, value: true };
			if (FALSE_WORDS.has(word)) return { ok: true, value: false };
			return { ok: false, reason: 'is not true, false, yes, no, 1 or 0' };
		}
		case 'date': {
			if (!DATE.test(trimmed))
				return { ok: false, reason: 'is not a date in the form 2010-05-07 (yyyy-mm-dd)' };
			if (!isRealDate(trimmed)) return { ok: false, reason: 'is not a real calendar date' };
			return { ok: true, value: trimmed };
		}
		case 'datetime': {
			const m = DATETIME.exec(trimmed);
			const valid =
				m !== null &&
				isRealDate(m[1]!) &&
				Number(m[2]) < 24 &&
				Number(m[3]) < 60 &&
				Number(m[4] ?? 0) < 60;
			if (valid) return { ok: true, value: trimmed };
			return {
				ok: false,
				reason: 'is not an ISO 8601 date-time such as 2016-08-28T02:21:00Z'
			};
		}
		case 'email':
			if (!EMAIL.test(trimmed))
				return {
					ok: false,
					reason: 'is not an email address (it needs one @ and a dot in the domain, no spaces)'
				};
			return withinLimit(trimmed, type);
		case 'string':
		case 'phone':
		case 'url':
			return withinLimit(text, type);
		case 'text':
			return { ok: true, value: text };
	}
}

function withinLimit(text: string, type: FieldType): CsvValue {
	// text.length counts UTF-16 units, so only count code points when it could matter.
	if (text.length > STRING_LIMIT && [...text].length > STRING_LIMIT)
		return {
			ok: false,
			reason: `is longer than the ${STRING_LIMIT} characters ${type === 'url' ? 'a URL' : `${article(type)} ${type}`} field holds`
		};
	return { ok: true, value: text };
}

const companyCatalog = {
	byName: new Map(defaultCompanyFields.map((f) => [f.name.toLowerCase(), f])),
	byApiName: new Map(defaultCompanyFields.map((f) => [f.apiName.toLowerCase(), f]))
};
const COMPANY_PREFIX = /^company\s*[.:]\s*(.+)$/i;

/**
 * The field a CSV header names: a person field by display name or API name, else
 * `company.<name>` or `Company: <name>` for a company field; case and surrounding spaces do not
 * matter. null when nothing matches.
 */
export function matchCsvHeader(header: string, fields?: FieldDef[]): CsvTarget | null {
	const key = header.trim().toLowerCase();
	if (key === '') return null;
	const people = fieldCatalog(fields);
	const person = people.byName.get(key) ?? people.byApiName.get(key);
	if (person) return { scope: 'lead', field: person };
	const m = COMPANY_PREFIX.exec(key);
	if (!m) return null;
	const name = m[1]!.trim();
	const company = companyCatalog.byName.get(name) ?? companyCatalog.byApiName.get(name);
	return company ? { scope: 'company', field: company } : null;
}

const DELIMITERS = [',', ';', '\t'] as const;
const DELIMITER_NAMES: Record<string, string> = {
	',': 'a comma',
	';': 'a semicolon',
	'\t': 'a tab'
};

/**
 * The delimiter the header row uses: the most frequent of `,` `;` tab outside quotes, `,` when none.
 * Papaparse's own guess reads the first rows of data too, and a one-column file whose values hold
 * `;` looks to it like a `;` file; header names rarely hold a delimiter, so the header decides.
 */
function headerDelimiter(text: string): string {
	const counts = [0, 0, 0];
	let quoted = false;
	const end = Math.min(text.length, 65_536);
	for (let i = 0; i < end; i++) {
		const c = text[i];
		if (c === '"') quoted = !quoted;
		else if (quoted) continue;
		else if (c === '\n' || c === '\r') {
			// Lines before the header that are blank do not decide anything.
			if (counts.some((n) => n > 0) || text.slice(0, i).trim() !== '') break;
		} else {
			const at = DELIMITERS.indexOf(c as (typeof DELIMITERS)[number]);
			if (at >= 0) counts[at]!++;
		}
	}
	let best = 0;
	for (let i = 1; i < counts.length; i++) if (counts[i]! > counts[best]!) best = i;
	return DELIMITERS[best]!;
}

const LINE_BREAK = /\r\n|\r|\n/g;

/** Line breaks inside the row's (quoted) cells: the row spans that many more lines of the file. */
function extraLines(cells: string[]): number {
	let n = 0;
	for (const cell of cells)
		if (cell.includes('\n') || cell.includes('\r')) n += cell.match(LINE_BREAK)?.length ?? 0;
	return n;
}

function isBlank(cells: string[]): boolean {
	for (const cell of cells) if (cell.trim() !== '') return false;
	return true;
}

/** A cell as a message shows it: JSON-quoted, cut to 60 characters. */
function quote(cell: string): string {
	return JSON.stringify(cell.length > 60 ? cell.slice(0, 57) + '…' : cell);
}

const QUOTE_PROBLEMS: Record<string, string> = {
	MissingQuotes: 'a quoted cell is never closed, so the rest of the file was read into it',
	InvalidQuotes:
		'a quoted cell has text after its closing quote (inside quotes, write a quote as "")'
};

/**
 * Reads leads from CSV text: a header row of field names, then one lead per row.
 *
 * Headers match person fields by display name or API name, and company fields as
 * `company.<name>` or `Company: <name>` (case and surrounding spaces ignored). Unknown and unnamed
 * columns are ignored and listed in `problems`; of two columns for one field, the first wins. Each
 * cell is converted by its field's type (see `parseCsvValue`); an empty cell leaves the field out.
 * A row with any bad cell, the wrong number of cells or a broken quote is not imported and gets
 * row errors; the other rows still import. When no column matches a field, the first row is not
 * taken as a header and nothing is imported.
 *
 * Handles a UTF-8 byte order mark, CRLF/LF/CR line ends, quoted cells with delimiters, quotes and
 * line breaks, `,` `;` or tab delimiters (read from the header row) and blank lines. Never throws.
 */
export function parseLeadsCsv(text: string, options: ParseLeadsCsvOptions): CsvImport {
	const out: CsvImport = { columns: [], leads: [], rowErrors: [], rowsRead: 0, problems: [] };
	const input = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
	if (input.trim() === '') {
		out.problems.push('The file is empty');
		return out;
	}
	const delimiter = headerDelimiter(input);
	const parsed = Papa.parse<string[]>(input, { delimiter, skipEmptyLines: false });
	const quoteErrors = new Map<number, string>();
	for (const e of parsed.errors)
		if (e.type === 'Quotes' && typeof e.row === 'number' && !quoteErrors.has(e.row))
			quoteErrors.set(e.row, QUOTE_PROBLEMS[e.code] ?? e.message);

	const rows = parsed.data;
	let line = 1;
	let at = 0;
	while (at < rows.length && isBlank(rows[at]!) && !quoteErrors.has(at)) {
		line += 1 + extraLines(rows[at]!);
		at++;
	}
	const header = rows[at];
	if (header === undefined) {
		out.problems.push('The file is empty');
		return out;
	}
	line += 1 + extraLines(header);
	at++;

	const firstFor = new Map<FieldDef, CsvColumn>();
	const unknown: string[] = [];
	for (let index = 0; index < header.length; index++) {
		const name = header[index]!.trim();
		let target = matchCsvHeader(name, options.fields);
		if (name === '') unknown.push(`Column ${index + 1} has no name; it is ignored`);
		else if (!target)
			unknown.push(
				`Column ${index + 1} ${quote(name)} matches no field; add it as a custom field or it is ignored`
			);
		else {
			const first = firstFor.get(target.field);
			if (first) {
				out.problems.push(
					`Columns ${first.index + 1} ${quote(first.header)} and ${index + 1} ${quote(name)} both fill ${target.scope === 'company' ? 'company.' : ''}${target.field.name}; column ${index + 1} is ignored`
				);
				target = null;
			}
		}
		const column: CsvColumn = { header: name, index, target };
		if (target) firstFor.set(target.field, column);
		out.columns.push(column);
	}
	if (firstFor.size === 0) {
		out.problems.push(
			'No column name matches a lead field, so the first row is not a header and nothing is imported. The first row must name the fields, e.g. Email Address,First Name,Last Name'
		);
		out.problems.push(...unknown);
		return out;
	}
	out.problems.push(...unknown);

	const mapped = out.columns.filter((c) => c.target !== null) as (CsvColumn & {
		target: CsvTarget;
	})[];
	const width = header.length;
	for (; at < rows.length; at++) {
		const cells = rows[at]!;
		const row = line;
		line += 1 + extraLines(cells);
		const quoteProblem = quoteErrors.get(at);
		if (quoteProblem) {
			out.rowsRead++;
			out.rowErrors.push({ row, message: `Row ${row}: ${quoteProblem}` });
			continue;
		}
		if (isBlank(cells)) continue;
		out.rowsRead++;
		if (cells.length !== width) {
			const hint =
				cells.length > width
					? ` (a value that contains ${DELIMITER_NAMES[delimiter]} must be in double quotes)`
					: '';
			out.rowErrors.push({
				row,
				message: `Row ${row} has ${cells.length} ${cells.length === 1 ? 'cell' : 'cells'}, but the header has ${width}${hint}`
			});
			continue;
		}
		const values: Record<string, FieldValue> = {};
		const company: Record<string, FieldValue> = {};
		let bad = false;
		for (const { index, header: column, target } of mapped) {
			const cell = cells[index]!;
			const result = parseCsvValue(cell, target.field.type);
			if (!result.ok) {
				bad = true;
				out.rowErrors.push({
					row,
					column,
					message: `Row ${row}, ${quote(column)}: ${quote(cell)} ${result.reason}`
				});
			} else if (result.value !== undefined)
				(target.scope === 'lead' ? values : company)[target.field.name] = result.value;
		}
		if (!bad) out.leads.push({ id: options.newId(), values, company });
	}
	if (out.rowsRead === 0) out.problems.push('The file has a header row but no data rows');
	return out;
}

function hasValue(value: FieldValue | undefined): boolean {
	return value !== null && value !== undefined && value !== '';
}

/** Keys with a value in any record: the known ones in catalog order, then the rest as first seen. */
function usedKeys(records: Record<string, FieldValue>[], known: FieldDef[]): string[] {
	const used = new Set<string>();
	for (const record of records)
		for (const [key, value] of Object.entries(record)) if (hasValue(value)) used.add(key);
	const ordered = known.map((f) => f.name).filter((name) => used.has(name));
	const seen = new Set(ordered);
	return [...ordered, ...[...used].filter((key) => !seen.has(key))];
}

function formatCell(value: FieldValue | undefined, spreadsheetSafe: boolean): string {
	if (value === null || value === undefined) return '';
	if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
	const text = String(value);
	// OWASP CSV injection: a spreadsheet runs a cell starting with = + - @ as a formula; a digit
	// after the sign means a number or a phone (+1 555…), which we leave alone.
	return spreadsheetSafe && /^[=+\-@][^0-9]/.test(text) ? `'${text}` : text;
}

/**
 * Writes leads as CSV (RFC 4180: CRLF line ends, quotes only where needed, `"` doubled, no final
 * line end). Columns: the display name of every person field that any lead has a value for, in
 * catalog order (`defaultLeadFields`, then `options.fields`), then keys outside the catalog; then
 * `company.<Display Name>` the same way. Numbers are written as JavaScript prints them (`1e+21`),
 * booleans as `true`/`false`, null and empty strings as empty cells. No leads or no values: `''`.
 *
 * `parseLeadsCsv(leadsToCsv(leads, { fields }), { fields, newId })` gives back the same values,
 * except that empty and white-space-only strings and null come back as left out, `-0` as `0`,
 * and a lead with no values at all comes back as no row.
 */
export function leadsToCsv(leads: Lead[], options: LeadsToCsvOptions = {}): string {
	const safe = options.spreadsheetSafe ?? false;
	const person = usedKeys(
		leads.map((l) => l.values),
		fieldCatalog(options.fields).list
	);
	const company = usedKeys(
		leads.map((l) => l.company),
		defaultCompanyFields
	);
	if (person.length + company.length === 0) return '';
	const data = leads.map((lead) => [
		...person.map((key) => formatCell(lead.values[key], safe)),
		...company.map((key) => formatCell(lead.company[key], safe))
	]);
	return Papa.unparse(
		{ fields: [...person, ...company.map((key) => `company.${key}`)], data },
		{ newline: '\r\n', delimiter: ',' }
	);
}
