import { createStore, promisifyRequest, type UseStore } from 'idb-keyval';

/**
 * The one seam between the playground and IndexedDB (STYLE.md rule 5). Keys are namespaced
 * strings (`webhook:<id>`); values are anything the structured-clone algorithm accepts.
 *
 * Every method rejects with a {@link StorageError} when the browser's storage fails, except
 * `update`, which passes on whatever its `fn` throws unchanged.
 */
export interface KeyValueStore {
	/** The value under `key`, or undefined when there is none. */
	get<T>(key: string): Promise<T | undefined>;
	/** The values under `keys`, in the same order (undefined where missing), read in one transaction. */
	getMany(keys: string[]): Promise<unknown[]>;
	/** Every key, sorted the way IndexedDB sorts strings (by UTF-16 code unit). */
	keys(): Promise<string[]>;
	/** Stores `value` under `key`. */
	set(key: string, value: unknown): Promise<void>;
	/**
	 * Deletes `dels`, then writes `puts`, in one readwrite transaction: all or nothing. A key in both
	 * lists ends up written. A value that cannot be stored (a function, say) writes nothing at all.
	 */
	transact(puts: [string, unknown][], dels: string[]): Promise<void>;
	/**
	 * Reads `key`, passes its value to `fn` and stores what `fn` returns, in one readwrite
	 * transaction, so no other write can slip in between. Resolves with the value written. If `fn`
	 * throws, nothing is written and the promise rejects with that same error (not wrapped): a caller
	 * can throw to cancel.
	 */
	update<T>(key: string, fn: (old: T | undefined) => T): Promise<T>;
}

/** Why storage failed, for the message and the UI's choice of remedy. */
export type StorageErrorKind = 'quota' | 'unavailable' | 'other';

const MESSAGES: Record<StorageErrorKind, string> = {
	quota:
		'The browser refused to save: its storage for this site is full. Export your workspace to keep a copy, then delete leads you do not need.',
	unavailable:
		"The browser's storage for this site (IndexedDB) is not available, so nothing can be saved. Some browsers turn it off in private windows: open the playground in a normal window, and export your workspace to keep a copy.",
	other:
		'The browser could not read or save the workspace. Export your workspace to keep a copy, then reload the page.'
};

/**
 * A failure of the browser's storage, in plain words for a person (`message`), with the original
 * error as `cause`.
 * - `quota`: the site's storage is full (QuotaExceededError);
 * - `unavailable`: IndexedDB is missing, turned off or broken (private windows, InvalidStateError,
 *   VersionError, SecurityError, UnknownError);
 * - `other`: anything else, e.g. a value that cannot be stored (DataCloneError).
 */
export class StorageError extends Error {
	override readonly name = 'StorageError';
	readonly kind: StorageErrorKind;

	/** @param message @default a plain explanation of `kind` */
	constructor(kind: StorageErrorKind, message: string = MESSAGES[kind], options?: ErrorOptions) {
		super(message, options);
		this.kind = kind;
	}
}

// Firefox before version 113 used its own name for a full quota.
const QUOTA = new Set(['QuotaExceededError', 'NS_ERROR_DOM_QUOTA_REACHED']);
// InvalidStateError: Firefox private windows (before 115) and connections the browser closed;
// VersionError: a newer schema of the database; SecurityError/NotAllowedError: storage blocked by
// settings or an opaque origin; UnknownError: Chrome's "Internal error opening backing store".
const UNAVAILABLE = new Set([
	'InvalidStateError',
	'VersionError',
	'SecurityError',
	'NotAllowedError',
	'UnknownError'
]);

function errorName(err: unknown): string {
	return typeof err === 'object' && err !== null && 'name' in err && typeof err.name === 'string'
		? err.name
		: '';
}

/**
 * Maps any error from IndexedDB to a {@link StorageError} (a StorageError passes through as is),
 * keeping the original as `cause`.
 */
export function toStorageError(err: unknown): StorageError {
	if (err instanceof StorageError) return err;
	const name = errorName(err);
	if (QUOTA.has(name)) return new StorageError('quota', undefined, { cause: err });
	if (UNAVAILABLE.has(name)) return new StorageError('unavailable', undefined, { cause: err });
	// A transaction aborted without an error (`tx.error === null`) reaches us as null.
	const detail =
		err instanceof Error ? `${err.name}: ${err.message}` : err === null ? 'cancelled' : String(err);
	return new StorageError('other', `${MESSAGES.other} (${detail})`, { cause: err });
}

/** Carries an error thrown by an `update` callback past the StorageError mapping, unchanged. */
class CallerError {
	constructor(readonly error: unknown) {}
}

/**
 * Aborts `tx` and rejects with `err` once the abort has finished, so a caller that reads right
 * after sees the rolled-back state. A request that throws synchronously (DataCloneError) does not
 * abort the transaction by itself: without this the earlier puts would commit.
 */
function abortWith(tx: IDBTransaction, err: unknown): Promise<never> {
	return new Promise((_, reject) => {
		tx.onabort = () => reject(err);
		tx.oncomplete = () => reject(err);
		try {
			tx.abort();
		} catch {
			// Already finished: nothing was written by this call's failed step.
			reject(err);
		}
	});
}

/**
 * A store in IndexedDB through idb-keyval's `createStore` (one database, one object store).
 * Opens the database lazily, on the first call.
 * @param dbName @default 'webhook-playground'
 * @param storeName @default 'kv'
 */
export function idbStore(dbName = 'webhook-playground', storeName = 'kv'): KeyValueStore {
	let useStore: UseStore | undefined;
	const run = async <T>(
		mode: IDBTransactionMode,
		callback: (store: IDBObjectStore) => T | PromiseLike<T>
	): Promise<T> => {
		try {
			if (typeof indexedDB === 'undefined')
				throw new StorageError('unavailable', undefined, {
					cause: new ReferenceError('indexedDB is not defined')
				});
			useStore ??= createStore(dbName, storeName);
			return await useStore(mode, callback);
		} catch (err) {
			if (err instanceof CallerError) throw err.error;
			throw toStorageError(err);
		}
	};

	return {
		get: <T>(key: string) =>
			run('readonly', (store) => promisifyRequest(store.get(key) as IDBRequest<T | undefined>)),
		getMany: (keys) =>
			keys.length === 0
				? Promise.resolve([])
				: run('readonly', (store) =>
						Promise.all(keys.map((key) => promisifyRequest<unknown>(store.get(key))))
					),
		keys: async () => {
			const all = await run('readonly', (store) => promisifyRequest(store.getAllKeys()));
			return all.filter((k): k is string => typeof k === 'string');
		},
		set: (key, value) =>
			run('readwrite', (store) => {
				store.put(value, key);
				return promisifyRequest(store.transaction);
			}),
		transact: async (puts, dels) => {
			if (puts.length === 0 && dels.length === 0) return;
			await run('readwrite', (store) => {
				try {
					for (const key of dels) store.delete(key);
					for (const [key, value] of puts) store.put(value, key);
				} catch (err) {
					return abortWith(store.transaction, err);
				}
				return promisifyRequest(store.transaction);
			});
		},
		update: <T>(key: string, fn: (old: T | undefined) => T) =>
			run(
				'readwrite',
				(store) =>
					// A hand-made promise, as in idb-keyval's own update(): the put must be issued from
					// the request's success event, while the transaction is still active.
					new Promise<T>((resolve, reject) => {
						const req = store.get(key) as IDBRequest<T | undefined>;
						req.onsuccess = () => {
							let next: T;
							try {
								next = fn(req.result);
							} catch (err) {
								abortWith(store.transaction, new CallerError(err)).catch(reject);
								return;
							}
							try {
								store.put(next, key);
							} catch (err) {
								abortWith(store.transaction, err).catch(reject);
								return;
							}
							promisifyRequest(store.transaction).then(() => resolve(next), reject);
						};
						req.onerror = () => reject(req.error);
					})
			)
	};
}

/** A {@link KeyValueStore} in memory, for tests; `failWith` can be set at any time. */
export interface MemoryStore extends KeyValueStore {
	/**
	 * When set, every write (`set`, `transact`, `update`) rejects with this error mapped through
	 * {@link toStorageError} and writes nothing, e.g. `new DOMException('full', 'QuotaExceededError')`.
	 */
	failWith?: Error;
}

/**
 * A {@link KeyValueStore} in a Map, with IndexedDB's semantics: values are structured-cloned on
 * write and on read (so callers never share objects with the store), `transact` and `update` are
 * all or nothing, and `keys()` is sorted the way IndexedDB sorts strings.
 * @param options.failWith see {@link MemoryStore.failWith} @default undefined
 */
export function memoryStore(options: { failWith?: Error } = {}): MemoryStore {
	const data = new Map<string, unknown>();
	const clone = <T>(value: T): T => (value === undefined ? value : structuredClone(value));
	// structuredClone throws DataCloneError like IndexedDB does; map it the same way.
	const cloneForWrite = (value: unknown): unknown => {
		try {
			return clone(value);
		} catch (err) {
			throw toStorageError(err);
		}
	};
	const store: MemoryStore = {
		failWith: options.failWith,
		get: async <T>(key: string) => clone(data.get(key) as T | undefined),
		getMany: async (keys) => keys.map((key) => clone(data.get(key))),
		keys: async () => [...data.keys()].sort(),
		set: async (key, value) => {
			if (store.failWith) throw toStorageError(store.failWith);
			data.set(key, cloneForWrite(value));
		},
		transact: async (puts, dels) => {
			if (store.failWith) throw toStorageError(store.failWith);
			// Clone everything first: one value that cannot be stored must leave the map untouched.
			const cloned = puts.map(([key, value]) => [key, cloneForWrite(value)] as const);
			for (const key of dels) data.delete(key);
			for (const [key, value] of cloned) data.set(key, value);
		},
		update: async <T>(key: string, fn: (old: T | undefined) => T) => {
			if (store.failWith) throw toStorageError(store.failWith);
			const next = fn(clone(data.get(key) as T | undefined));
			data.set(key, cloneForWrite(next));
			return next;
		}
	};
	return store;
}
