/**
 * Marketo's backslash pre-parse of the webhook Template (TK-SLASH, reference §8 item 4): before
 * tokens are filled, the eight sequences `\b \t \n \f \r \\ \" \'` become their real characters,
 * and any other backslash escape is refused when the webhook is saved (a Scala parser error).
 */

const ESCAPES: Record<string, string> = {
	b: '\b',
	t: '\t',
	n: '\n',
	f: '\f',
	r: '\r',
	'\\': '\\',
	'"': '"',
	"'": "'"
};

export interface InvalidEscape {
	/** Offset of the backslash in the source. */
	from: number;
	/** Offset just past the escaped character (or the end of the source for a trailing `\`). */
	to: number;
	/** The offending sequence as written, e.g. `\s`. */
	sequence: string;
}

export interface Unescaped {
	/** The template with the supported escapes turned into their characters. */
	text: string;
	/**
	 * Source offsets of each escape in `text` order: `shifts[i]` is the offset in `text` where the
	 * i-th escape's character sits; every offset after it is one further along in the source.
	 */
	shifts: number[];
	invalid: InvalidEscape[];
}

/**
 * Applies the pre-parse. Invalid escapes are reported (all of them, not just the first) and kept
 * as written, so the rest of the template can still be checked.
 */
export function unescapeTemplate(source: string): Unescaped {
	if (!source.includes('\\')) return { text: source, shifts: [], invalid: [] };
	let text = '';
	const shifts: number[] = [];
	const invalid: InvalidEscape[] = [];
	let last = 0;
	for (let i = source.indexOf('\\'); i !== -1; i = source.indexOf('\\', last)) {
		text += source.slice(last, i);
		const next = source[i + 1];
		const replacement = next === undefined ? undefined : ESCAPES[next];
		if (replacement === undefined) {
			// A lone trailing backslash is refused too: it escapes nothing.
			const to = next === undefined ? i + 1 : i + 1 + (next.codePointAt(0)! > 0xffff ? 2 : 1);
			invalid.push({ from: i, to, sequence: source.slice(i, to) });
			text += source.slice(i, to);
			last = to;
		} else {
			shifts.push(text.length);
			text += replacement;
			last = i + 2;
		}
	}
	text += source.slice(last);
	return { text, shifts, invalid };
}

/** Maps an offset in the unescaped text back to the source offset. */
export function sourceOffset(shifts: readonly number[], offset: number): number {
	// Each escape before `offset` took two source characters for one text character.
	let lo = 0;
	let hi = shifts.length;
	while (lo < hi) {
		const mid = (lo + hi) >> 1;
		if (shifts[mid]! < offset) lo = mid + 1;
		else hi = mid;
	}
	return offset + lo;
}
