import type { FieldDef, FieldValue } from '../types';

export type Coercion = 'strict' | 'lenient';
export type Coerced =
	{ ok: true; value: FieldValue; note?: string } | { ok: false; reason: string };

const STRING_LIMIT = 255; // DEV-FT: String, "Text up to 255 characters"
const TEXT_BYTES = 30_000; // DEV-FT: Text area, "up to 30,000 bytes"
const encoder = new TextEncoder();

const LEADING_INT = /^\s*([-+]?\d+)/;
const LEADING_FLOAT = /^\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)/;
const WHOLE_INT = /^\s*[-+]?\d+\s*$/;
const WHOLE_FLOAT = /^\s*[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?\s*$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATETIME =
	/^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

function describe(raw: unknown, source: 'json' | 'xml'): string {
	if (source === 'xml') return `the XML text ${JSON.stringify(raw)}`;
	if (typeof raw === 'string') return `the JSON string ${JSON.stringify(raw)}`;
	return `the JSON ${typeof raw} ${JSON.stringify(raw)}`;
}

const article = (word: string) => (/^[aeiou]/.test(word) ? 'an' : 'a');

function realDate(text: string): boolean {
	const d = new Date(text.slice(0, 10) + 'T00:00:00Z');
	return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text.slice(0, 10);
}

/**
 * Converts a response value for a lead field, or says why it cannot be written.
 *
 * Strict (the documented rule, DEV-RM): "Marketo does not write a string response value to a field
 * of type integer". Lenient (observed, TK-NUM): a string that starts with digits is written as
 * those digits (`"999 whimmydiddles"` → 999). XML values are always text, so in XML a text that is
 * wholly a number counts as a number in both modes.
 */
export function coerceValue(
	raw: unknown,
	def: FieldDef,
	source: 'json' | 'xml',
	mode: Coercion
): Coerced {
	if (raw === null) return { ok: true, value: null };
	if (typeof raw === 'object')
		return {
			ok: false,
			reason: `it is ${Array.isArray(raw) ? 'an array' : source === 'xml' ? 'an element with children' : 'an object'}, not a single value; point the Response Attribute at one of its members`
		};
	if (typeof raw !== 'string' && typeof raw !== 'number' && typeof raw !== 'boolean')
		return { ok: false, reason: 'it is not a value that can be written to a field' };
	const what = describe(raw, source);
	const lenient = mode === 'lenient';
	switch (def.type) {
		case 'string':
		case 'email':
		case 'phone':
		case 'url':
		case 'text': {
			const text = String(raw);
			const tooLong =
				def.type === 'text' ? encoder.encode(text).length > TEXT_BYTES : text.length > STRING_LIMIT;
			if (!tooLong) return { ok: true, value: text };
			const limit = def.type === 'text' ? `${TEXT_BYTES} bytes` : `${STRING_LIMIT} characters`;
			// What Marketo does with an over-long value is undocumented.
			if (lenient && def.type !== 'text')
				return { ok: true, value: text.slice(0, STRING_LIMIT), note: `cut to ${limit}` };
			return {
				ok: false,
				reason: `it is longer than ${article(def.type)} ${def.type} field holds (${limit})`
			};
		}
		case 'integer':
		case 'score': {
			if (typeof raw === 'number') {
				if (Number.isInteger(raw)) return { ok: true, value: raw };
				if (lenient) return { ok: true, value: Math.trunc(raw), note: 'decimals dropped' };
				return { ok: false, reason: `${what} is not a whole number` };
			}
			if (typeof raw === 'boolean') return { ok: false, reason: `${what} is not a number` };
			if (source === 'xml' && WHOLE_INT.test(raw))
				return { ok: true, value: Number.parseInt(raw, 10) };
			if (lenient) {
				const m = LEADING_INT.exec(raw);
				if (m) return { ok: true, value: Number.parseInt(m[1]!, 10), note: 'leading digits taken' };
				return { ok: false, reason: `${what} does not start with digits` };
			}
			return {
				ok: false,
				reason: `${what} is text, and Marketo does not write text into ${article(def.type)} ${def.type} field (switch on lenient coercion to take leading digits, as Marketo has been seen to do)`
			};
		}
		case 'float':
		case 'currency':
		case 'percent': {
			if (typeof raw === 'number') return { ok: true, value: raw };
			if (typeof raw === 'boolean') return { ok: false, reason: `${what} is not a number` };
			if (source === 'xml' && WHOLE_FLOAT.test(raw))
				return { ok: true, value: Number.parseFloat(raw) };
			if (lenient) {
				const m = LEADING_FLOAT.exec(raw);
				if (m) return { ok: true, value: Number.parseFloat(m[1]!), note: 'leading number taken' };
				return { ok: false, reason: `${what} does not start with a number` };
			}
			return {
				ok: false,
				reason: `${what} is text, and Marketo does not write text into ${article(def.type)} ${def.type} field (switch on lenient coercion to take the leading number)`
			};
		}
		case 'boolean': {
			if (typeof raw === 'boolean') return { ok: true, value: raw };
			const text = String(raw).trim().toLowerCase();
			const truthy = text === 'true' || text === '1' || (lenient && text === 'yes');
			const falsy = text === 'false' || text === '0' || (lenient && text === 'no');
			if ((source === 'xml' || lenient) && (truthy || falsy)) return { ok: true, value: truthy };
			return {
				ok: false,
				reason:
					source === 'json'
						? `${what} is not a JSON true or false`
						: `${what} is not true, false, 1 or 0`
			};
		}
		case 'date': {
			if (typeof raw === 'string') {
				const text = raw.trim();
				if (DATE.test(text) && realDate(text)) return { ok: true, value: text };
				if (lenient && DATETIME.test(text) && realDate(text))
					return { ok: true, value: text.slice(0, 10), note: 'time of day dropped' };
			}
			return { ok: false, reason: `${what} is not a date in the form 2010-05-07` };
		}
		case 'datetime': {
			if (typeof raw === 'string') {
				const text = raw.trim();
				if (DATETIME.test(text) && realDate(text)) return { ok: true, value: text };
			}
			return {
				ok: false,
				reason: `${what} is not an ISO 8601 date-time such as 2016-08-28T02:21:00Z`
			};
		}
	}
}
