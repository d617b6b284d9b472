import { describe, expect, it } from 'vitest';
import type { FieldValue, Lead } from '../core';
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

describe('LeadsState lookups', () => {
	it('finds every lead by id through edits in place, inserts, removals and undo', async () => {
		const ws = make();
		await ws.load();
		const leads = ws.leads;
		leads.remove(leads.items.map((l) => l.id));
		leads.append(Array.from({ length: 5 }, (_, i) => ({ id: `L${i}`, values: {}, company: {} })));
		const ids = () => leads.items.map((l) => l.id);
		const agrees = () =>
			ids().every((id, i) => leads.indexOf(id) === i && leads.byId(id) === leads.items[i]);

		const patches = new Map<string, Record<string, FieldValue>>([
			['L1', { 'Job Title': 'CTO' }],
			['nope', { City: 'X' }]
		]);
		expect(leads.patchMany(patches)).toBe(1);
		expect(leads.byId('L1')!.values['Job Title']).toBe('CTO');
		expect(leads.indexOf('nope')).toBe(-1);
		leads.update('L2', 'lead', 'City', 'Oslo');
		leads.patch('L3', { 'Lead Score': 7 });
		expect(leads.byId('L2')!.values.City).toBe('Oslo');
		expect(leads.byId('L3')!.values['Lead Score']).toBe(7);
		expect(agrees()).toBe(true);

		const copy = leads.duplicate('L0')!;
		expect(leads.indexOf(copy.id)).toBe(1);
		expect(leads.indexOf('L1')).toBe(2);
		leads.remove(['L0', 'L3']);
		expect(leads.indexOf('L0')).toBe(-1);
		expect(ids()).toEqual([copy.id, 'L1', 'L2', 'L4']);
		expect(agrees()).toBe(true);
		ws.toasts.items.at(-1)!.action!.run(); // undo the removal
		expect(ids()).toEqual(['L0', copy.id, 'L1', 'L2', 'L3', 'L4']);
		expect(agrees()).toBe(true);
		leads.patchMany(new Map([['L4', { City: 'Rome' }]]));
		expect(leads.byId('L4')!.values.City).toBe('Rome');
		expect(agrees()).toBe(true);
	});
});

describe('LeadsState.patchInSlices', () => {
	const many = (n: number): Lead[] =>
		Array.from({ length: n }, (_, i) => ({ id: `L${i}`, values: { City: 'Old' }, company: {} }));
	const tick = () => new Promise((r) => setTimeout(r, 0));
	/** A loaded workspace whose only leads are `many(n)`, saved. */
	async function withLeads(n: number) {
		const ws = make();
		await ws.load();
		ws.leads.remove(ws.leads.items.map((l) => l.id));
		ws.leads.append(many(n));
		await ws.flush();
		return ws;
	}

	it('writes in slices, in tasks of their own, and replaces the list once at the end', async () => {
		const ws = await withLeads(2000);
		const base = ws.leads.items;
		let t = 0;
		const patches = new Map(base.map((l) => [l.id, { City: `New ${l.id}` }]));
		patches.set('gone', { City: 'X' });
		const writing = ws.leads.patchInSlices(patches, { sliceMs: 8, now: () => t++ });

		await tick(); // the first slice is written, the rest wait for their tasks
		expect(ws.leads.writing).toBe(true);
		expect(ws.leads.items).toBe(base);
		ws.leads.update('L1', 'lead', 'City', 'Mine');
		expect(ws.toasts.items.at(-1)?.message).toContain('being written');
		expect(ws.leads.byId('L1')!.values.City).toBe('Old');

		expect(await writing).toBe(2000);
		expect(ws.leads.writing).toBe(false);
		expect(ws.leads.items.every((l) => l.values.City === `New ${l.id}`)).toBe(true);
		expect(base.every((l) => l.values.City === 'Old')).toBe(true); // the old list is untouched
	});

	it('writes onto the new list when the list was replaced meanwhile', async () => {
		const ws = await withLeads(1000);
		let t = 0;
		const patches = new Map([
			['L3', { City: 'Paris' }],
			['L999', { City: 'Lima' }]
		]);
		const writing = ws.leads.patchInSlices(
			(function* () {
				yield* patches;
				for (let i = 0; i < 500; i++) yield ['nobody', {}] as [string, Record<string, FieldValue>];
			})(),
			{ sliceMs: 2, now: () => t++ }
		);
		await tick();
		// Another tab's leads arrive: L3 is gone, L999 moved to the front.
		ws.leads.set([{ id: 'L999', values: { Zip: '1' }, company: {} }, ...many(3)], []);
		expect(await writing).toBe(1);
		expect(ws.leads.items.map((l) => l.id)).toEqual(['L999', 'L0', 'L1', 'L2']);
		expect(ws.leads.byId('L999')!.values).toEqual({ Zip: '1', City: 'Lima' });
	});
});
