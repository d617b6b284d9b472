import type { TokenEncoding } from '../types';

/**
 * `application/x-www-form-urlencoded` serialisation of one value, exactly as `URLSearchParams`
 * does it (WHATWG URL §5.2): only `A-Z a-z 0-9 * - . _` stay as they are, a space becomes `+`,
 * everything else becomes UTF-8 `%XX`. Java's `URLEncoder`, which Marketo most likely uses, agrees
 * (reference §9, an inference). A lone surrogate cannot be written as UTF-8, so it becomes U+FFFD
 * first, as `URLSearchParams` does.
 */
export function formEncode(value: string): string {
	// Most values (names, ids, words) need no escaping at all; skip the work for them.
	if (SAFE.test(value)) return value;
	let out = '';
	for (let i = 0; i < value.length; i++) {
		const c = value.charCodeAt(i);
		if (c < 0x80) {
			out += ASCII[c];
			continue;
		}
		// A run of non-ASCII: UTF-8 percent-encoding, lone surrogates first made U+FFFD.
		let j = i + 1;
		while (j < value.length && value.charCodeAt(j) >= 0x80) j++;
		out += encodeURIComponent(value.slice(i, j).toWellFormed());
		i = j - 1;
	}
	return out;
}

const SAFE = /^[A-Za-z0-9*\-._]*$/;
const ASCII = Array.from({ length: 0x80 }, (_, c) => {
	const ch = String.fromCharCode(c);
	if (/[A-Za-z0-9*\-._]/.test(ch)) return ch;
	if (ch === ' ') return '+';
	return '%' + c.toString(16).toUpperCase().padStart(2, '0');
});

/**
 * A JSON string literal for the value, quotes included: what Marketo writes for a string-type token
 * under JSON encoding ("Marketo automatically encloses string-type tokens in double quotes").
 * Which characters Marketo escapes beyond `"`, `\` and controls (`/`, non-ASCII) is unverified;
 * `JSON.stringify` leaves them as they are and escapes lone surrogates as `\uXXXX`.
 */
export function jsonEncode(value: string): string {
	return JSON.stringify(value);
}

/**
 * Encodes one token value for the Request Token Encoding.
 * @param numeric true for numeric field types: under JSON they are written bare, without quotes.
 */
export function encodeTokenValue(value: string, encoding: TokenEncoding, numeric: boolean): string {
	switch (encoding) {
		case 'json':
			return numeric ? value : jsonEncode(value);
		case 'form':
			return formEncode(value);
		case 'none':
			return value;
	}
}
