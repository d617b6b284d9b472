import { describe, expect, it } from 'vitest';
import { formatPath, parsePath, resolvePath } from '../index';

describe('parsePath', () => {
	it('parses dots and integer indexes', () => {
		const p = parsePath('orders[0].items[12].sku');
		expect(p).toEqual({
			ok: true,
			steps: [{ key: 'orders' }, { index: 0 }, { key: 'items' }, { index: 12 }, { key: 'sku' }]
		});
		if (p.ok) expect(formatPath(p.steps)).toBe('orders[0].items[12].sku');
	});

	it('accepts a leading index for a top-level array', () => {
		expect(parsePath('[1].id')).toEqual({ ok: true, steps: [{ index: 1 }, { key: 'id' }] });
	});

	it.each([
		['', 0, 0, 'empty'],
		['a..b', 2, 3, 'a key is missing at character 3'],
		['a.', 2, 3, 'a key is missing'],
		['a[x]', 1, 4, 'not an integer index'],
		['a[-1]', 1, 5, 'not an integer index'],
		['a[0', 1, 3, 'never closed'],
		['a/b', 1, 2, "'/' at character 2"],
		['a.b$', 3, 4, "'$' at character 4"]
	])('%j is refused at %i–%i', (path, from, to, reason) => {
		const p = parsePath(path);
		expect(p.ok).toBe(false);
		if (!p.ok) {
			expect([p.from, p.to]).toEqual([from, to]);
			expect(p.reason).toContain(reason);
		}
	});
});

describe('resolvePath', () => {
	it('explains where it stops', () => {
		const r = resolvePath({ a: [1] }, [{ key: 'a' }, { key: 'b' }]);
		expect(r).toEqual({ ok: false, reason: 'a is an array: pick an element with [0] before .b' });
	});
});
