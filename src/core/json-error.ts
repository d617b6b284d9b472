/**
 * Finds where and why a text is not valid JSON (RFC 8259). `JSON.parse` says *that* a text is
 * broken, but V8 does not always say where ("Unexpected end of JSON input", or a token with no
 * offset), and a person fixing a template needs the exact spot.
 */

export interface JsonSyntaxError {
	/** Offset of the first character that cannot be valid JSON. */
	offset: number;
	line: number;
	column: number;
	/** Plain words, e.g. `expected ',' or '}' after a property value`. */
	reason: string;
}

/** 1-based line and column of an offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
	let line = 1;
	let lineStart = 0;
	for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
		line++;
		lineStart = i + 1;
	}
	return { line, column: offset - lineStart + 1 };
}

function describe(ch: string | undefined): string {
	if (ch === undefined) return 'the end of the text';
	if (ch === '\n') return 'a line break';
	if (ch === '\t') return 'a tab';
	if (ch < ' ') return `control character U+${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
	return `'${ch}'`;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/**
 * A recursive-descent JSON checker; one instance per text. Methods return false on the first
 * error (kept in `offset`/`reason`) instead of throwing: a broken body is the common case when a
 * template is wrong for a whole campaign, and exceptions would dominate the cost.
 */
class Scanner {
	i = 0;
	offset = 0;
	reason = '';
	constructor(readonly text: string) {}

	fail(offset: number, reason: string): false {
		this.offset = offset;
		this.reason = reason;
		return false;
	}

	expected(what: string): false {
		return this.fail(this.i, `expected ${what}, found ${describe(this.text[this.i])}`);
	}

	ws(): void {
		const { text } = this;
		let i = this.i;
		while (i < text.length) {
			const c = text.charCodeAt(i);
			if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) i++;
			else break;
		}
		this.i = i;
	}

	string(): boolean {
		const { text } = this;
		const start = this.i;
		let i = start + 1; // past the opening quote
		for (;;) {
			const c = text.charCodeAt(i);
			if (Number.isNaN(c)) return this.fail(start, 'a string is never closed');
			if (c === 0x22) {
				this.i = i + 1;
				return true;
			}
			if (c < 0x20)
				return this.fail(i, `${describe(text[i])} inside a string must be escaped (e.g. \\n)`);
			if (c === 0x5c) {
				const e = text[i + 1];
				if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
				else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) i += 6;
				else return this.fail(i, `invalid escape ${describe(e)} after a backslash in a string`);
				continue;
			}
			i++;
		}
	}

	value(): boolean {
		this.ws();
		const { text } = this;
		const c = text.charCodeAt(this.i);
		if (c === 0x7b) return this.object();
		if (c === 0x5b) return this.array();
		if (c === 0x22) return this.string();
		for (const lit of LITERALS) {
			if (text.startsWith(lit, this.i)) {
				this.i += lit.length;
				return true;
			}
		}
		if (Number.isNaN(c)) return this.fail(this.i, 'a value is missing at the end of the text');
		NUMBER.lastIndex = this.i;
		if (!NUMBER.test(text))
			return this.fail(this.i, `${describe(text[this.i])} does not start a valid value`);
		this.i = NUMBER.lastIndex;
		return true;
	}

	object(): boolean {
		const { text } = this;
		this.i++;
		this.ws();
		if (text[this.i] === '}') {
			this.i++;
			return true;
		}
		for (;;) {
			this.ws();
			if (text[this.i] !== '"') return this.expected('a property name in double quotes');
			if (!this.string()) return false;
			this.ws();
			if (text[this.i] !== ':') return this.expected("':' after a property name");
			this.i++;
			if (!this.value()) return false;
			this.ws();
			const ch = text[this.i];
			if (ch !== ',' && ch !== '}') return this.expected("',' or '}' after a property value");
			this.i++;
			if (ch === '}') return true;
		}
	}

	array(): boolean {
		const { text } = this;
		this.i++;
		this.ws();
		if (text[this.i] === ']') {
			this.i++;
			return true;
		}
		for (;;) {
			if (!this.value()) return false;
			this.ws();
			const ch = text[this.i];
			if (ch !== ',' && ch !== ']') return this.expected("',' or ']' after an array element");
			this.i++;
			if (ch === ']') return true;
		}
	}
}

const LITERALS = ['true', 'false', 'null'];

/**
 * Returns null if `text` is valid JSON, else the first error.
 * @throws RangeError only for nesting deep enough to exhaust the stack.
 */
export function findJsonError(text: string): JsonSyntaxError | null {
	const s = new Scanner(text);
	let ok = s.value();
	if (ok) {
		s.ws();
		if (s.i < text.length)
			ok = s.fail(s.i, `unexpected ${describe(text[s.i])} after the JSON value`);
	}
	return ok ? null : { offset: s.offset, reason: s.reason, ...lineColumn(text, s.offset) };
}

/**
 * Parses JSON, returning the value or the located error. Never throws.
 */
export function parseJson(
	text: string
): { ok: true; value: unknown } | { ok: false; error: JsonSyntaxError } {
	try {
		return { ok: true, value: JSON.parse(text) };
	} catch {
		// Deeply nested input can overflow either parser's stack; report it at the start.
		let error: JsonSyntaxError | null;
		try {
			error = findJsonError(text);
		} catch {
			error = { offset: 0, line: 1, column: 1, reason: 'the JSON is nested too deeply to read' };
		}
		return {
			ok: false,
			error: error ?? { offset: 0, line: 1, column: 1, reason: 'the JSON could not be read' }
		};
	}
}
