import { afterEach, describe, expect, it } from 'vitest';
import { arrowTab } from './tabs';

const TABS = [
	['a', 'A'],
	['b', 'B'],
	['c', 'C']
] as const;

function key(k: string): KeyboardEvent {
	return new KeyboardEvent('keydown', { key: k });
}

describe('arrowTab', () => {
	afterEach(() => document.body.replaceChildren());

	it('moves right and left, wrapping, and focuses the tab it selects', () => {
		for (const [id] of TABS) {
			const b = document.createElement('button');
			b.id = `t-${id}`;
			document.body.append(b);
		}
		expect(arrowTab(key('ArrowRight'), TABS, 'a', 't-')).toBe('b');
		expect(document.activeElement?.id).toBe('t-b');
		expect(arrowTab(key('ArrowRight'), TABS, 'c', 't-')).toBe('a');
		expect(arrowTab(key('ArrowLeft'), TABS, 'a', 't-')).toBe('c');
		expect(document.activeElement?.id).toBe('t-c');
	});

	it('leaves other keys alone', () => {
		expect(arrowTab(key('Enter'), TABS, 'b', 't-')).toBeNull();
		expect(arrowTab(key('ArrowDown'), TABS, 'b', 't-')).toBeNull();
	});
});
