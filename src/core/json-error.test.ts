import { describe, expect, it } from 'vitest';
import { findJsonError, parseJson } from './index';

describe('findJsonError', () => {
	it.each([
		['{"a": 1}', null],
		['[1, 2, {"b": [true, false, null]}]', null],
		['  "x"  ', null],
		['{"a": ""Jane""}', [8, "expected ',' or '}' after a property value, found 'J'"]],
		['{"a": }', [6, "'}' does not start a valid value"]],
		['{"a": "x\ny"}', [8, 'a line break inside a string must be escaped (e.g. \\n)']],
		['{"a": 1,}', [8, "expected a property name in double quotes, found '}'"]],
		['{"a": 1', [7, "expected ',' or '}' after a property value, found the end of the text"]],
		['"\\x"', [1, "invalid escape 'x' after a backslash in a string"]],
		['1 2', [2, "unexpected '2' after the JSON value"]]
	])('%j', (text, expected) => {
		const e = findJsonError(text);
		if (expected === null) expect(e).toBeNull();
		else expect([e?.offset, e?.reason]).toEqual(expected);
	});

	it('gives 1-based line and column', () => {
		expect(findJsonError('{\n  "a": 1,\n}')).toMatchObject({ line: 3, column: 1, offset: 12 });
	});

	it('agrees with JSON.parse on validity', () => {
		for (const t of ['01', '-', '1.', '.5', '1e', 'tru', '[1,]', '{"a":1}', '-0.5e+3', '"\\u12G4"'])
			expect(findJsonError(t) === null).toBe(parseJson(t).ok);
	});
});
