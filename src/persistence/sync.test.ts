import { afterEach, describe, expect, it } from 'vitest';
import { createTabSync, type TabChangeFrom, type TabSync } from './sync';

let open: { close(): void }[] = [];
afterEach(() => {
	// Node keeps the process alive while a BroadcastChannel is open.
	for (const c of open) c.close();
	open = [];
});

let channelCount = 0;
function tabs(n: number): { name: string; list: TabSync[] } {
	const name = `sync-test-${++channelCount}`;
	const list = Array.from({ length: n }, () => createTabSync(name));
	open.push(...list);
	return { name, list };
}

const nextChange = (tab: TabSync) =>
	new Promise<TabChangeFrom>((resolve) => {
		const off = tab.subscribe((c) => {
			off();
			resolve(c);
		});
	});

describe('createTabSync', () => {
	it('delivers a change from tab A to tab B, not back to A', async () => {
		const {
			name,
			list: [a, b]
		} = tabs(2);
		const heardByA: TabChangeFrom[] = [];
		a!.subscribe((c) => heardByA.push(c));
		const atB = nextChange(b!);
		a!.post({ keys: ['webhook:w1'] });
		expect(await atB).toEqual({ keys: ['webhook:w1'], from: a!.tabId });

		// A message carrying A's own id is ignored by A; the next one from the same sender (so
		// delivered after it) arrives.
		const raw = new BroadcastChannel(name);
		open.push(raw);
		const atA = nextChange(a!);
		raw.postMessage({ type: 'change', from: a!.tabId, keys: ['echo'] });
		raw.postMessage({ type: 'change', from: 'tab-c', keys: ['prefs'] });
		expect(await atA).toEqual({ keys: ['prefs'], from: 'tab-c' });
		expect(heardByA).toEqual([{ keys: ['prefs'], from: 'tab-c' }]);
	});

	it('ignores malformed messages and stops after unsubscribe and close', async () => {
		const {
			name,
			list: [a, b]
		} = tabs(2);
		const heard: string[][] = [];
		const off = b!.subscribe((c) => heard.push(c.keys));
		const raw = new BroadcastChannel(name);
		open.push(raw);
		const last = nextChange(b!);
		raw.postMessage({ type: 'change', from: 'x', keys: [1] });
		raw.postMessage('hello');
		raw.postMessage({ type: 'change', from: 'x', keys: ['fields'] });
		await last;
		expect(heard).toEqual([['fields']]);
		off();
		b!.close();
		a!.post({ keys: ['meta'] });
		await new Promise((r) => setTimeout(r, 20));
		expect(heard).toEqual([['fields']]);
	});

	it('is a no-op without BroadcastChannel', async () => {
		// Two "tabs" on one channel name, in a runtime that has BroadcastChannel (Node does).
		const sync = createTabSync('x', { BroadcastChannel: undefined });
		const other = createTabSync('x', { BroadcastChannel: undefined });
		expect(sync.tabId).toMatch(/^[0-9a-f]{24}$/);
		const off = other.subscribe(() => {
			throw new Error('never called');
		});
		sync.post({ keys: ['a'] });
		await new Promise((r) => setTimeout(r, 20));
		off();
		sync.close();
		other.close();
	});

	it('gives each tab its own id', () => {
		const {
			list: [a, b]
		} = tabs(2);
		expect(a!.tabId).not.toBe(b!.tabId);
	});
});
