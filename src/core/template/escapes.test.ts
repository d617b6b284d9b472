import { describe, expect, it } from 'vitest';
import { unescapeTemplate } from '../index';
import { sourceOffset } from './escapes';

describe('unescapeTemplate (TK-SLASH: 8 known escapes, everything else refused)', () => {
	it('turns each of the 8 escapes into its character', () => {
		expect(unescapeTemplate('\\b\\t\\n\\f\\r\\\\\\"\\\'').text).toBe('\b\t\n\f\r\\"\'');
	});

	it('double escapes become single at the far end: \\\\n sends \\n', () => {
		expect(unescapeTemplate('\\\\n').text).toBe('\\n');
		// quadruple to make the remote side see two backslashes
		expect(unescapeTemplate('\\\\\\\\').text).toBe('\\\\');
	});

	it('reports every unknown escape with its offsets', () => {
		const r = unescapeTemplate('a\\sb\\d\\u0041');
		expect(r.invalid).toEqual([
			{ from: 1, to: 3, sequence: '\\s' },
			{ from: 4, to: 6, sequence: '\\d' },
			{ from: 6, to: 8, sequence: '\\u' }
		]);
	});

	it('maps offsets in the unescaped text back to the source', () => {
		const r = unescapeTemplate('\\n\\nX');
		expect(r.text).toBe('\n\nX');
		expect(sourceOffset(r.shifts, 2)).toBe(4);
		expect(sourceOffset(r.shifts, 0)).toBe(0);
	});
});
