import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { StorageError, idbStore, memoryStore, toStorageError, type KeyValueStore } from './kv';

let dbCount = 0;
const uniqueDb = () => `kv-test-${++dbCount}-${Date.now()}`;

const stores: [string, () => KeyValueStore][] = [
	['idbStore', () => idbStore(uniqueDb())],
	['memoryStore', () => memoryStore()]
];

describe.each(stores)('%s', (_name, make) => {
	it('round-trips values and returns copies, not the stored objects', async () => {
		const store = make();
		const value = { a: 1, list: ['x', null, true], nested: { when: '2024-05-01' } };
		await store.set('k', value);
		value.a = 2; // a write stores a copy: changing the original later changes nothing
		const read = await store.get<typeof value>('k');
		expect(read).toEqual({ a: 1, list: ['x', null, true], nested: { when: '2024-05-01' } });
		read!.a = 3;
		expect((await store.get<typeof value>('k'))!.a).toBe(1);
		expect(await store.get('missing')).toBeUndefined();
	});

	it('reads several keys in order, undefined where missing, and lists keys sorted', async () => {
		const store = make();
		await store.transact(
			[
				['b', 2],
				['a', 1],
				['c', 3]
			],
			[]
		);
		expect(await store.getMany(['c', 'nope', 'a'])).toEqual([3, undefined, 1]);
		expect(await store.getMany([])).toEqual([]);
		expect(await store.keys()).toEqual(['a', 'b', 'c']);
	});

	it('transact deletes then writes, so a key in both lists ends up written', async () => {
		const store = make();
		await store.transact(
			[
				['keep', 1],
				['gone', 2],
				['both', 'old']
			],
			[]
		);
		await store.transact([['both', 'new']], ['gone', 'both']);
		expect(await store.keys()).toEqual(['both', 'keep']);
		expect(await store.get('both')).toBe('new');
	});

	it('transact is all or nothing: a value that cannot be stored writes nothing', async () => {
		const store = make();
		await store.set('a', 'before');
		const bad = { f: () => 1 }; // functions cannot be structured-cloned (DataCloneError)
		const attempt = store.transact(
			[
				['a', 'after'],
				['b', 'new'],
				['c', bad]
			],
			['a']
		);
		await expect(attempt).rejects.toBeInstanceOf(StorageError);
		await expect(attempt).rejects.toMatchObject({ kind: 'other' });
		expect(await store.keys()).toEqual(['a']);
		expect(await store.get('a')).toBe('before');
	});

	it('update reads, changes and writes in one step and resolves with the value written', async () => {
		const store = make();
		expect(await store.update<number>('n', (old) => (old ?? 0) + 1)).toBe(1);
		expect(await store.update<number>('n', (old) => (old ?? 0) + 1)).toBe(2);
		expect(await store.get('n')).toBe(2);
	});

	it('update passes on what its callback throws, unwrapped, and writes nothing', async () => {
		const store = make();
		await store.set('n', 5);
		class Cancel {}
		const cancel = new Cancel();
		await expect(
			store.update<number>('n', () => {
				throw cancel;
			})
		).rejects.toBe(cancel);
		expect(await store.get('n')).toBe(5);
	});

	it('concurrent updates do not lose writes', async () => {
		const store = make();
		await Promise.all(
			Array.from({ length: 20 }, () => store.update<number>('n', (old) => (old ?? 0) + 1))
		);
		expect(await store.get('n')).toBe(20);
	});
});

describe('idbStore', () => {
	it('keeps data across store objects on the same database (a reload)', async () => {
		const name = uniqueDb();
		await idbStore(name).set('webhook:1', { v: 1 });
		expect(await idbStore(name).get('webhook:1')).toEqual({ v: 1 });
	});

	it('reports a missing IndexedDB as unavailable', async () => {
		const saved = globalThis.indexedDB;
		// @ts-expect-error -- simulating a browser without IndexedDB (some private modes)
		delete globalThis.indexedDB;
		try {
			const err = await idbStore(uniqueDb())
				.get('x')
				.catch((e: unknown) => e);
			expect(err).toBeInstanceOf(StorageError);
			expect(err).toMatchObject({ kind: 'unavailable' });
		} finally {
			globalThis.indexedDB = saved;
		}
	});
});

describe('toStorageError', () => {
	it('maps a QuotaExceededError to kind quota, in plain words, keeping the cause', () => {
		const cause = new DOMException('The quota has been exceeded.', 'QuotaExceededError');
		const err = toStorageError(cause);
		expect(err.kind).toBe('quota');
		expect(err.message).toBe(
			'The browser refused to save: its storage for this site is full. Export your workspace to keep a copy, then delete leads you do not need.'
		);
		expect(err.cause).toBe(cause);
		expect(err.name).toBe('StorageError');
	});

	it("maps Firefox's old quota name, InvalidStateError and VersionError", () => {
		expect(toStorageError({ name: 'NS_ERROR_DOM_QUOTA_REACHED' }).kind).toBe('quota');
		expect(toStorageError(new DOMException('closing', 'InvalidStateError')).kind).toBe(
			'unavailable'
		);
		expect(toStorageError(new DOMException('old', 'VersionError')).kind).toBe('unavailable');
	});

	it('maps anything else to other, with the detail, and passes a StorageError through', () => {
		const err = toStorageError(new DOMException('cannot clone', 'DataCloneError'));
		expect(err.kind).toBe('other');
		expect(err.message).toContain('DataCloneError: cannot clone');
		const mine = new StorageError('quota');
		expect(toStorageError(mine)).toBe(mine);
		expect(toStorageError(null).message).toContain('(cancelled)');
	});
});

describe('memoryStore failWith', () => {
	it('fails every write with the mapped error and writes nothing, until cleared', async () => {
		const store = memoryStore();
		await store.set('a', 1);
		store.failWith = new DOMException('full', 'QuotaExceededError');
		await expect(store.set('a', 2)).rejects.toMatchObject({ kind: 'quota' });
		await expect(store.transact([['b', 1]], ['a'])).rejects.toMatchObject({ kind: 'quota' });
		await expect(store.update<number>('a', (n) => (n ?? 0) + 1)).rejects.toMatchObject({
			kind: 'quota'
		});
		expect(await store.keys()).toEqual(['a']);
		expect(await store.get('a')).toBe(1); // reads still work
		store.failWith = undefined;
		await store.set('a', 3);
		expect(await store.get('a')).toBe(3);
	});
});
