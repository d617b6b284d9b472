import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { CallActivity } from '../core';
import { ACTIVITY_CHUNK, ActivityRepo, activityProblem, defaultSendSettings } from './activity';
import { StorageError, idbStore, memoryStore, type KeyValueStore } from './kv';
import { WorkspaceRepo } from './repo';

let dbCount = 0;
const makers: [string, () => KeyValueStore][] = [
	['idbStore', () => idbStore(`activity-test-${++dbCount}-${Date.now()}`)],
	['memoryStore', () => memoryStore()]
];

const call = (i: number, over: Partial<CallActivity> = {}): CallActivity => ({
	id: `a${i}`,
	at: new Date(Date.UTC(2024, 4, 1, 9, 0, i)).toISOString(),
	webhookId: 'w1',
	webhookName: 'Slack',
	leadId: 'l1',
	leadLabel: 'Jane Doe',
	transport: 'mock',
	request: { method: 'POST', url: 'https://x.example/hook', headers: [], body: '{}' },
	status: 200,
	errorType: 'OK',
	response: '{"ok":true}',
	responseTruncated: false,
	responseHeaders: [['content-type', 'application/json']],
	durationMs: 12,
	outcome: 'success',
	changes: [],
	...over
});

describe.each(makers)('ActivityRepo on %s', (_, make) => {
	it('appends across chunks and loads everything back in order', async () => {
		const store = make();
		const repo = new ActivityRepo(store);
		const first = Array.from({ length: ACTIVITY_CHUNK - 1 }, (_, i) => call(i));
		await repo.append(first);
		await repo.append([call(ACTIVITY_CHUNK - 1), call(ACTIVITY_CHUNK), call(ACTIVITY_CHUNK + 1)]);
		const keys = (await store.keys()).filter((k) => k.startsWith('activity:'));
		expect(keys).toEqual(['activity:00000000', 'activity:00000001']);
		// A second repo (another tab, or a reload) continues after what is stored.
		await new ActivityRepo(store).append([call(ACTIVITY_CHUNK + 2)]);
		const { activities, skipped } = await new ActivityRepo(store).load();
		expect(skipped).toEqual([]);
		expect(activities.map((a) => a.id)).toEqual(
			Array.from({ length: ACTIVITY_CHUNK + 3 }, (_, i) => `a${i}`)
		);
	});

	it('loses nothing when appends overlap (a run writes its next batch before the last is stored)', async () => {
		const store = make();
		const repo = new ActivityRepo(store);
		const batch = (from: number) =>
			Array.from({ length: ACTIVITY_CHUNK }, (_, i) => call(from + i));
		await repo.append([call(0)]);
		// Not awaited one by one: the way a campaign run flushes its log.
		await Promise.all([
			repo.append(batch(1)),
			repo.append(batch(1 + ACTIVITY_CHUNK)),
			repo.append([call(1 + 2 * ACTIVITY_CHUNK)]),
			repo.append(batch(2 + 2 * ACTIVITY_CHUNK))
		]);
		const { activities } = await new ActivityRepo(store).load();
		expect(activities.map((a) => a.id)).toEqual(
			Array.from({ length: 2 + 3 * ACTIVITY_CHUNK }, (_, i) => `a${i}`)
		);
	});

	it('reads back only the newest chunks, after the appends queued before it', async () => {
		const store = make();
		const repo = new ActivityRepo(store);
		await repo.append([call(0)]);
		const batch = (from: number, n = ACTIVITY_CHUNK) =>
			Array.from({ length: n }, (_, i) => call(from + i));
		void repo.append(batch(1));
		void repo.append(batch(1 + ACTIVITY_CHUNK));
		void repo.append(batch(1 + 2 * ACTIVITY_CHUNK, 3)); // chunks of 1, 500, 500 and 3
		const ids = (list: CallActivity[]) => list.map((a) => a.id);
		const last = (n: number) =>
			Array.from({ length: n }, (_, i) => `a${2 * ACTIVITY_CHUNK + 4 - n + i}`);
		// Whole chunks, newest first, until there are enough: 3, then 3 + 500.
		expect(ids(await repo.loadNewest(3))).toEqual(last(3));
		expect(ids(await repo.loadNewest(4))).toEqual(last(3 + ACTIVITY_CHUNK));
		expect(ids(await repo.loadNewest(10_000))).toEqual(last(2 * ACTIVITY_CHUNK + 4));
		expect(await new ActivityRepo(make()).loadNewest(10)).toEqual([]);
	});

	it('keeps a bad entry stored and reports where it is and what is wrong', async () => {
		const store = make();
		const repo = new ActivityRepo(store);
		await repo.append([call(1), { ...call(2), status: 'two hundred' } as unknown as CallActivity]);
		const { activities, skipped } = await repo.load();
		expect(activities.map((a) => a.id)).toEqual(['a1']);
		expect(skipped).toEqual([
			{
				key: 'activity:00000000',
				index: 1,
				reason: 'status: expected a number or null, found the text "two hundred"'
			}
		]);
		expect((await store.get<{ data: unknown[] }>('activity:00000000'))?.data).toHaveLength(2);
	});

	it('records write-back changes on the call that caused them', async () => {
		const store = make();
		const repo = new ActivityRepo(store);
		await repo.append(Array.from({ length: ACTIVITY_CHUNK + 2 }, (_, i) => call(i)));
		const change = { field: 'city', name: 'City', before: null, after: 'Boston' };
		expect(await repo.amend('a3', [change])).toBe(true);
		expect(await repo.amend('nope', [change])).toBe(false);
		const { activities } = await repo.load();
		expect(activities[3]!.changes).toEqual([change]);
		expect(activities[4]!.changes).toEqual([]);
	});

	it('clears the log without touching the workspace', async () => {
		const store = make();
		const ws = new WorkspaceRepo(store);
		await ws.savePrefs({ theme: 'dark', coercion: 'strict' });
		const repo = new ActivityRepo(store);
		await repo.append([call(1), call(2)]);
		await repo.clear();
		expect((await repo.load()).activities).toEqual([]);
		await repo.append([call(3)]);
		expect((await repo.load()).activities.map((a) => a.id)).toEqual(['a3']);
		expect((await ws.load()).prefs.theme).toBe('dark');
	});

	it('round-trips the send settings and falls back to defaults for junk', async () => {
		const store = make();
		const repo = new ActivityRepo(store);
		expect(await repo.loadSettings()).toEqual(defaultSendSettings);
		const settings = {
			transport: 'helper' as const,
			helperUrl: 'http://127.0.0.1:9200/',
			helperToken: 'tok',
			mocks: { w1: { status: 201 } }
		};
		await repo.saveSettings(settings);
		expect(await new ActivityRepo(store).loadSettings()).toEqual(settings);
		await store.set('send-settings', {
			v: 1,
			rev: 9,
			updatedAt: '',
			data: { transport: 'pigeon' }
		});
		expect((await repo.loadSettings()).transport).toBe('mock');
	});
});

describe('activityProblem', () => {
	it('accepts a sound activity and names the first bad field', () => {
		expect(activityProblem(call(1))).toBeNull();
		expect(activityProblem(null)).toBe('expected an object, found null');
		expect(activityProblem({ ...call(1), outcome: 'meh' })).toBe(
			'outcome: expected success, http-error or failed, found the text "meh"'
		);
		expect(activityProblem({ ...call(1), changes: undefined })).toBe(
			'changes: expected a list, found nothing'
		);
	});
});

it('passes a storage failure on as a StorageError with plain words', async () => {
	const store = memoryStore({ failWith: new DOMException('full', 'QuotaExceededError') });
	const err = await new ActivityRepo(store).append([call(1)]).catch((e: unknown) => e);
	expect(err).toBeInstanceOf(StorageError);
	expect((err as StorageError).kind).toBe('quota');
});
