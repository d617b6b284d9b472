import { describe, expect, it } from 'vitest';
import type { Lead } from '../core';
import { WorkspaceRepo, createTabSync, memoryStore } from '../persistence';
import { WorkspaceState } from './workspace.svelte';

const make = (store = memoryStore()) =>
	new WorkspaceState({
		repo: new WorkspaceRepo(store),
		sync: createTabSync('t', { BroadcastChannel: undefined }),
		saveDelayMs: 0
	});

describe('WorkspaceState.load', () => {
	it('reads 2,500 stored leads chunk by chunk, in order, and ends not loading', async () => {
		const store = memoryStore();
		const first = make(store);
		await first.load();
		const many: Lead[] = Array.from({ length: 2500 }, (_, i) => ({
			id: `L${i}`,
			values: { 'First Name': `Lead ${i}` },
			company: {}
		}));
		first.leads.remove(first.leads.items.map((l) => l.id));
		first.leads.append(many);
		await first.flush();

		const ws = make(store);
		await ws.load();
		expect(ws.status).toBe('ready');
		expect(ws.leads.loading).toBe(false);
		expect(ws.leads.items.map((l) => l.id)).toEqual(many.map((l) => l.id));
		expect(ws.webhooks.length).toBeGreaterThan(0);
	});

	it('refuses lead edits while leads load, so a save cannot drop the unread ones', async () => {
		const ws = make();
		await ws.load();
		const before = ws.leads.items.length;
		ws.leads.loading = true;
		expect(ws.leads.add()).toBeUndefined();
		ws.leads.remove([ws.leads.items[0]!.id]);
		expect(ws.leads.items.length).toBe(before);
		expect(ws.toasts.items.at(-1)?.message).toContain('still loading');
	});
});
