import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { newFlowContext, newWebhook, type Lead, type Workspace } from '../core';
import { StorageError, idbStore, memoryStore, type KeyValueStore } from './kv';
import { WorkspaceRepo } from './repo';
import type { BackupRecord, Envelope } from './schema';

let dbCount = 0;
const makers: [string, () => KeyValueStore][] = [
	['idbStore', () => idbStore(`repo-test-${++dbCount}-${Date.now()}`)],
	['memoryStore', () => memoryStore()]
];

const NOW = new Date('2024-05-01T09:00:00.000Z');
const repoOn = (store: KeyValueStore) => new WorkspaceRepo(store, { now: () => NOW });

const makeLeads = (n: number, from = 0): Lead[] =>
	Array.from({ length: n }, (_, i) => ({
		id: `l${from + i}`,
		values: { 'First Name': `Lead ${from + i}`, Score: from + i },
		company: { 'Company Name': 'Acme' }
	}));

const env = <T>(data: T, v = 1, rev = 1): Envelope<T> => ({
	v,
	rev,
	updatedAt: '2024-04-01T00:00:00.000Z',
	data
});

/** The keys each transact call wrote and deleted. */
function spyTransact(store: KeyValueStore) {
	const spy = vi.spyOn(store, 'transact');
	return () =>
		spy.mock.calls.map(([puts, dels]) => ({ puts: puts.map(([key]) => key), dels: [...dels] }));
}

describe.each(makers)('WorkspaceRepo on %s', (_name, makeStore) => {
	it('a first visit finds nothing: empty workspace, default prefs', async () => {
		const result = await repoOn(makeStore()).load();
		expect(result).toEqual({
			workspace: { webhooks: [], leads: [], customFields: [], contexts: [] },
			prefs: { theme: 'system', coercion: 'strict' },
			firstVisit: true,
			quarantined: [],
			revs: new Map()
		});
	});

	it('round-trips every record type through a reload', async () => {
		const store = makeStore();
		const repo = repoOn(store);
		const w = { ...newWebhook('w1', 'Order sync'), method: 'PUT' as const };
		const c = {
			...newFlowContext('c1', 'Webinar'),
			now: { mode: 'fixed' as const, iso: '2024-05-01T09:00:00Z' }
		};
		const fields = [{ name: 'Plan', apiName: 'plan', type: 'string' as const }];
		const prefs = { theme: 'dark' as const, coercion: 'lenient' as const, selectedWebhookId: 'w1' };
		expect(await repo.saveWebhook(w)).toEqual({ ok: true, rev: 1 });
		expect(await repo.saveContext(c)).toEqual({ ok: true, rev: 1 });
		expect(await repo.saveCustomFields(fields)).toEqual({ ok: true, rev: 1 });
		expect(await repo.savePrefs(prefs)).toEqual({ ok: true, rev: 1 });
		expect(await repo.markSeeded()).toEqual({ ok: true, rev: 1 });
		expect(await repo.saveLeads(makeLeads(3))).toEqual({ rev: 1 });

		const result = await repoOn(store).load();
		expect(result.workspace).toEqual({
			webhooks: [w],
			leads: makeLeads(3),
			customFields: fields,
			contexts: [c]
		});
		expect(result.prefs).toEqual(prefs);
		expect(result.firstVisit).toBe(false);
		expect(result.quarantined).toEqual([]);
		expect(Object.fromEntries(result.revs)).toEqual({
			'webhook:w1': 1,
			'context:c1': 1,
			fields: 1,
			prefs: 1,
			meta: 1,
			'leads:index': 1,
			'leads:0': 1
		});
		expect(await store.get('webhook:w1')).toEqual({
			v: 1,
			rev: 1,
			updatedAt: '2024-05-01T09:00:00.000Z',
			data: w
		});
	});

	it('each write bumps rev; deletes remove the key', async () => {
		const store = makeStore();
		const repo = repoOn(store);
		await repo.saveWebhook(newWebhook('w1'));
		expect(await repo.saveWebhook(newWebhook('w1', 'Renamed'))).toEqual({ ok: true, rev: 2 });
		await repo.saveContext(newFlowContext('c1'));
		await repo.deleteWebhook('w1');
		await repo.deleteContext('c1');
		expect(await store.keys()).toEqual([]);
	});

	it('stores 2,500 leads in 3 chunks and loads them in order', async () => {
		const store = makeStore();
		await repoOn(store).saveLeads(makeLeads(2500));
		expect(await store.keys()).toEqual(['leads:0', 'leads:1', 'leads:2', 'leads:index']);
		expect((await store.get<Envelope<unknown>>('leads:index'))!.data).toEqual({
			chunks: ['0', '1', '2']
		});
		const sizes = await Promise.all(
			['leads:0', 'leads:1', 'leads:2'].map(
				async (k) => (await store.get<Envelope<Lead[]>>(k))!.data.length
			)
		);
		expect(sizes).toEqual([1000, 1000, 500]);
		const { workspace } = await repoOn(store).load();
		expect(workspace.leads.map((l) => l.id)).toEqual(makeLeads(2500).map((l) => l.id));
		expect(workspace.leads[1500]).toEqual(makeLeads(1, 1500)[0]);
	});

	it('rewrites only the chunks that changed', async () => {
		const store = makeStore();
		const repo = repoOn(store);
		const leads = makeLeads(2500);
		await repo.saveLeads(leads);
		const calls = spyTransact(store);

		// An edit in place of lead 1,500 (the second chunk): that chunk and the index only.
		leads[1500] = { ...leads[1500]!, values: { 'First Name': 'Edited' } };
		await repo.saveLeads(leads, { fromIndex: 1500, toIndex: 1501 });
		// Without toIndex, everything from its chunk to the end.
		await repo.saveLeads(leads, { fromIndex: 1500 });
		// An append: the tail chunk (it has room) and the index.
		leads.push(...makeLeads(10, 2500));
		await repo.saveLeads(leads, { fromIndex: 2500 });
		// Removing the last 1,010 leads: rewrites chunk 1, deletes chunk 2.
		leads.splice(1500);
		await repo.saveLeads(leads, { fromIndex: 1500 });

		expect(calls()).toEqual([
			{ puts: ['leads:1', 'leads:index'], dels: [] },
			{ puts: ['leads:1', 'leads:2', 'leads:index'], dels: [] },
			{ puts: ['leads:2', 'leads:index'], dels: [] },
			{ puts: ['leads:1', 'leads:index'], dels: ['leads:2'] }
		]);
		const { workspace } = await repoOn(store).load();
		expect(workspace.leads).toEqual(leads);
		expect(workspace.leads[1500 - 1]!.id).toBe('l1499');
	});

	it('rewrites many chunks in place in several transactions, the index last', async () => {
		const store = makeStore();
		const repo = repoOn(store);
		const leads = makeLeads(20_000);
		await repo.saveLeads(leads);
		const calls = spyTransact(store);
		// A campaign run's write-backs: every lead changes, none moves.
		const patched = leads.map((l) => ({ ...l, values: { ...l.values, City: 'Boston' } }));
		await repo.saveLeads(patched, { fromIndex: 0, toIndex: patched.length });
		const chunk = (k: number) => `leads:${k}`;
		expect(calls()).toEqual([
			{ puts: [0, 1, 2, 3].map(chunk), dels: [] },
			{ puts: [4, 5, 6, 7].map(chunk), dels: [] },
			{ puts: [8, 9, 10, 11].map(chunk), dels: [] },
			{ puts: [12, 13, 14, 15].map(chunk), dels: [] },
			{ puts: [...[16, 17, 18, 19].map(chunk), 'leads:index'], dels: [] }
		]);
		expect((await repoOn(store).load()).workspace.leads).toEqual(patched);
	});

	it('fills new chunks past the last full one', async () => {
		const store = makeStore();
		const repo = repoOn(store);
		const leads = makeLeads(2000);
		await repo.saveLeads(leads);
		const calls = spyTransact(store);
		leads.push(...makeLeads(1, 2000));
		await repo.saveLeads(leads, { fromIndex: 2000 });
		expect(calls()).toEqual([{ puts: ['leads:2', 'leads:index'], dels: [] }]);
		expect((await repoOn(store).load()).workspace.leads).toHaveLength(2001);
	});

	it('loads leads progressively, one callback per chunk', async () => {
		const store = makeStore();
		await repoOn(store).saveLeads(makeLeads(2500));
		const seen: [number, string, boolean][] = [];
		const result = await repoOn(store).loadLeadsProgressively((leads, done) =>
			seen.push([leads.length, leads[0]!.id, done])
		);
		expect(seen).toEqual([
			[1000, 'l0', false],
			[1000, 'l1000', false],
			[500, 'l2000', true]
		]);
		expect(result.quarantined).toEqual([]);
		expect(result.revs.get('leads:index')).toBe(1);

		const empty: [number, boolean][] = [];
		await repoOn(makeStore()).loadLeadsProgressively((leads, done) =>
			empty.push([leads.length, done])
		);
		expect(empty).toEqual([[0, true]]);
	});

	it('keeps a corrupt webhook and a bad lead aside, with backups, and loads the rest', async () => {
		const store = makeStore();
		const repo = repoOn(store);
		await repo.saveWebhook(newWebhook('good', 'Good'));
		await repo.saveLeads(makeLeads(1500));
		const badWebhook = env({ ...newWebhook('bad'), method: 'FETCH' });
		await store.set('webhook:bad', badWebhook);
		const chunk = (await store.get<Envelope<unknown[]>>('leads:1'))!;
		chunk.data[2] = { id: 'l1002', values: { Score: { n: 1 } }, company: {} };
		await store.set('leads:1', chunk);

		const result = await repoOn(store).load();
		expect(result.workspace.webhooks.map((w) => w.id)).toEqual(['good']);
		expect(result.workspace.leads).toHaveLength(1499);
		expect(result.workspace.leads.map((l) => l.id)).toEqual(
			makeLeads(1500)
				.map((l) => l.id)
				.filter((id) => id !== 'l1002')
		);
		expect(result.quarantined).toEqual([
			{
				key: 'webhook:bad',
				backupKey: 'backup:webhook:bad',
				reason: 'method: "FETCH" is not one of GET, POST, PUT, PATCH, DELETE'
			},
			{
				key: 'leads:1',
				backupKey: 'backup:leads:1',
				reason:
					'1 lead is not valid and kept aside (the other 499 loaded): [2].values.Score: expected text, a number, true/false or null, found an object'
			}
		]);
		// Copied aside, and still where it was.
		expect(await store.get<BackupRecord>('backup:webhook:bad')).toEqual({
			key: 'webhook:bad',
			reason: 'method: "FETCH" is not one of GET, POST, PUT, PATCH, DELETE',
			keptAt: '2024-05-01T09:00:00.000Z',
			raw: badWebhook
		});
		expect(await store.get('webhook:bad')).toEqual(badWebhook);
		expect((await store.get<BackupRecord>('backup:leads:1'))!.raw).toEqual(chunk);
		expect((await repo.listBackups()).map((b) => [b.backupKey, b.key])).toEqual([
			['backup:leads:1', 'leads:1'],
			['backup:webhook:bad', 'webhook:bad']
		]);
	});

	it('writes kept-aside leads back into their chunk until the backup is discarded', async () => {
		const store = makeStore();
		await repoOn(store).saveLeads(makeLeads(1500));
		const chunk = (await store.get<Envelope<unknown[]>>('leads:0'))!;
		const bad = { id: 'l10', values: { Score: [1] }, company: {} };
		chunk.data[10] = bad;
		await store.set('leads:0', chunk);

		const repo = repoOn(store);
		const { workspace } = await repo.load();
		expect(workspace.leads).toHaveLength(1499);
		// Editing lead 0 rewrites chunk 0 from this tab's list; the bad lead stays in it.
		workspace.leads[0] = { ...workspace.leads[0]!, values: { 'First Name': 'Edited' } };
		await repo.saveLeads(workspace.leads, { fromIndex: 0 });
		const rewritten = (await store.get<Envelope<unknown[]>>('leads:0'))!.data;
		expect(rewritten).toHaveLength(1000);
		expect(rewritten[999]).toEqual(bad);
		let again = await repoOn(store).load();
		expect(again.workspace.leads).toEqual(workspace.leads);
		expect(again.quarantined.map((q) => q.key)).toEqual(['leads:0']);

		// Discarding it removes the bad lead from its chunk and the copy; nothing else changes.
		const otherTab = repoOn(store);
		await otherTab.load();
		await repo.deleteBackup('backup:leads:0');
		expect(await store.get('backup:leads:0')).toBeUndefined();
		again = await repoOn(store).load();
		expect(again.quarantined).toEqual([]);
		expect(again.workspace.leads).toEqual(workspace.leads);

		// Neither this tab nor one that read the chunk before writes the discarded lead back.
		await repo.saveLeads(workspace.leads, { fromIndex: 5, toIndex: 6 });
		await otherTab.saveLeads(workspace.leads, { fromIndex: 5, toIndex: 6 });
		const chunk0 = (await store.get<Envelope<Lead[]>>('leads:0'))!.data;
		expect(chunk0.map((l) => l.id)).not.toContain('l10');
		expect((await repoOn(store).load()).quarantined).toEqual([]);
	});

	it('discarding a kept-aside webhook deletes it and its copy', async () => {
		const store = makeStore();
		await store.set('webhook:bad', env({ ...newWebhook('bad'), method: 'FETCH' }));
		const repo = repoOn(store);
		expect((await repo.load()).quarantined).toHaveLength(1);
		await repo.deleteBackup('backup:webhook:bad');
		expect(await store.keys()).toEqual([]);
		expect((await repo.load()).quarantined).toEqual([]);
	});

	it('does not load a record from a newer version, reports it and never overwrites it', async () => {
		const store = makeStore();
		const future = env({ ...newWebhook('w1'), retries: 3 }, 99);
		await store.set('webhook:w1', future);
		await store.set('meta', env({ seeded: true }));
		const repo = repoOn(store);
		const result = await repo.load();
		expect(result.workspace.webhooks).toEqual([]);
		expect(result.firstVisit).toBe(false);
		expect(result.quarantined).toEqual([
			{
				key: 'webhook:w1',
				backupKey: 'backup:webhook:w1',
				reason:
					'it was saved by a newer version of Webhook Playground (record version 99; this version reads up to 1). Reload the page to get the newer version; the record is kept as it is.'
			}
		]);
		await expect(repo.saveWebhook(newWebhook('w1'))).rejects.toBeInstanceOf(StorageError);
		// Discarding the copy keeps the record: a newer version can still read it.
		await repo.deleteBackup('backup:webhook:w1');
		expect(await store.get('webhook:w1')).toEqual(future);
		expect(await store.get('backup:webhook:w1')).toBeUndefined();
	});

	it('a stale expectedRev returns the stored version and writes nothing', async () => {
		const store = makeStore();
		const tabA = repoOn(store);
		const tabB = repoOn(store);
		await tabA.saveWebhook(newWebhook('w1', 'First'));
		expect(await tabB.saveWebhook(newWebhook('w1', 'From B'), 1)).toEqual({ ok: true, rev: 2 });
		const mine = newWebhook('w1', 'From A');
		expect(await tabA.saveWebhook(mine, 1)).toEqual({
			ok: false,
			conflict: { rev: 2, data: newWebhook('w1', 'From B') }
		});
		expect((await store.get<Envelope<{ name: string }>>('webhook:w1'))!).toMatchObject({
			rev: 2,
			data: { name: 'From B' }
		});
		// Deleted in another tab: the stored version is nothing, at rev 0.
		await tabB.deleteWebhook('w1');
		expect(await tabA.saveWebhook(mine, 2)).toEqual({
			ok: false,
			conflict: { rev: 0, data: null }
		});
		expect(await store.keys()).toEqual([]);
	});

	it('replaceWorkspace writes everything and removes stale keys in one transaction', async () => {
		const store = makeStore();
		const repo = repoOn(store);
		await repo.saveWebhook(newWebhook('old'));
		await repo.saveWebhook(newWebhook('kept', 'Before'));
		await repo.saveContext(newFlowContext('c-old'));
		await repo.savePrefs({ theme: 'dark', coercion: 'strict' });
		await repo.saveLeads(makeLeads(2500));
		await store.set('backup:webhook:x', { key: 'webhook:x', reason: 'r', keptAt: '', raw: 1 });
		const calls = spyTransact(store);

		const ws: Workspace = {
			webhooks: [newWebhook('kept', 'After'), newWebhook('new')],
			leads: makeLeads(10, 100),
			customFields: [],
			contexts: [newFlowContext('c-new')]
		};
		const { revs } = await repo.replaceWorkspace(ws);
		expect(calls()).toHaveLength(1);
		expect(await store.keys()).toEqual([
			'backup:webhook:x',
			'context:c-new',
			'fields',
			'leads:0',
			'leads:index',
			'meta',
			'prefs',
			'webhook:kept',
			'webhook:new'
		]);
		expect(revs.get('webhook:kept')).toBe(2);
		expect(revs.get('webhook:new')).toBe(1);
		const result = await repoOn(store).load();
		expect(result.workspace).toEqual({ ...ws, webhooks: [ws.webhooks[0], ws.webhooks[1]] });
		expect(result.prefs.theme).toBe('dark');
		expect(result.firstVisit).toBe(false);
	});

	it('replaceWorkspace refuses an invalid workspace and writes nothing', async () => {
		const store = makeStore();
		const repo = repoOn(store);
		await repo.saveWebhook(newWebhook('w1'));
		const bad = {
			webhooks: [{ ...newWebhook('w2'), method: 'FETCH' }],
			leads: [],
			customFields: [],
			contexts: []
		} as unknown as Workspace;
		await expect(repo.replaceWorkspace(bad)).rejects.toThrow(
			'Cannot save the workspace: webhooks[0].method: "FETCH" is not one of GET, POST, PUT, PATCH, DELETE'
		);
		expect(await store.keys()).toEqual(['webhook:w1']);
	});

	it('rewrites all leads when another tab wrote them since this tab read them', async () => {
		const store = makeStore();
		const tabA = repoOn(store);
		const tabB = repoOn(store);
		await tabA.saveLeads(makeLeads(2500));
		await tabB.load();
		await tabA.saveLeads(makeLeads(3500));
		const calls = spyTransact(store);
		const mine = makeLeads(2500);
		mine[1500] = { ...mine[1500]!, values: { 'First Name': 'B' } };
		await tabB.saveLeads(mine, { fromIndex: 1500, toIndex: 1501 });
		expect(calls()).toEqual([
			{ puts: ['leads:0', 'leads:1', 'leads:2', 'leads:index'], dels: ['leads:3'] }
		]);
		expect((await repoOn(store).load()).workspace.leads).toEqual(mine);
	});

	it('recovers leads from their chunks when the index is unreadable', async () => {
		const store = makeStore();
		await repoOn(store).saveLeads(makeLeads(2500));
		await store.set('leads:index', env({ chunks: 'all' }));
		const result = await repoOn(store).load();
		expect(result.workspace.leads).toEqual(makeLeads(2500));
		expect(result.quarantined).toEqual([
			{
				key: 'leads:index',
				backupKey: 'backup:leads:index',
				reason:
					'chunks: expected a list, found the text "all" The leads were read from the stored chunks, in order.'
			}
		]);
	});

	it('is not a first visit when records exist without meta', async () => {
		const store = makeStore();
		await repoOn(store).saveWebhook(newWebhook('w1'));
		expect((await repoOn(store).load()).firstVisit).toBe(false);
	});

	it('rejects with a quota StorageError when the store is full', async () => {
		const store = memoryStore();
		const repo = repoOn(store);
		store.failWith = new DOMException('full', 'QuotaExceededError');
		const err = await repo.saveWebhook(newWebhook('w1')).catch((e: unknown) => e);
		expect(err).toBeInstanceOf(StorageError);
		expect(err).toMatchObject({ kind: 'quota' });
		await expect(repo.saveLeads(makeLeads(3))).rejects.toMatchObject({ kind: 'quota' });
		store.failWith = undefined;
		expect(await store.keys()).toEqual([]);
	});

	it('after a failed lead save, the next save rewrites every chunk', async () => {
		const store = memoryStore();
		const repo = repoOn(store);
		const leads = makeLeads(2500);
		await repo.saveLeads(leads);
		leads[100] = { ...leads[100]!, values: { 'First Name': 'Lost?' } };
		store.failWith = new DOMException('full', 'QuotaExceededError');
		await expect(repo.saveLeads(leads, { fromIndex: 100 })).rejects.toMatchObject({
			kind: 'quota'
		});
		store.failWith = undefined;
		// The caller forgot lead 100 changed and only reports a later edit.
		leads[2400] = { ...leads[2400]!, values: { 'First Name': 'Later' } };
		const calls = spyTransact(store);
		await repo.saveLeads(leads, { fromIndex: 2400, toIndex: 2401 });
		expect(calls()[0]!.puts).toEqual(['leads:0', 'leads:1', 'leads:2', 'leads:index']);
		expect((await repoOn(store).load()).workspace.leads).toEqual(leads);
	});

	it('refuses to save invalid data (a caller bug) and writes nothing', async () => {
		const store = makeStore();
		const repo = repoOn(store);
		const w = { ...newWebhook('w1'), tokenEncoding: 'url' } as unknown as ReturnType<
			typeof newWebhook
		>;
		await expect(repo.saveWebhook(w)).rejects.toThrow(
			'Cannot save webhook:w1: tokenEncoding: "url" is not one of none, json, form'
		);
		const leads = makeLeads(3);
		leads[2] = { ...leads[2]!, values: { Score: Number.NaN } };
		await expect(repo.saveLeads(leads)).rejects.toThrow(
			'Cannot save the leads: leads[2].values.Score: expected text, a number, true/false or null, found the number NaN'
		);
		expect(await store.keys()).toEqual([]);
	});
});

describe('WorkspaceRepo reload cost', () => {
	it('reads 100,000 leads as 100 chunk records plus the index', async () => {
		const store = memoryStore();
		await repoOn(store).saveLeads(makeLeads(100_000));
		const getMany = vi.spyOn(store, 'getMany');
		const get = vi.spyOn(store, 'get');
		const { workspace } = await repoOn(store).load();
		expect(workspace.leads).toHaveLength(100_000);
		const keysRead = [
			...getMany.mock.calls.flatMap(([keys]) => keys),
			...get.mock.calls.map(([key]) => key)
		].filter((k) => k.startsWith('leads:'));
		expect(keysRead).toHaveLength(101);
	});
});
