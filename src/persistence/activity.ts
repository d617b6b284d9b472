import type { CallActivity } from '../core';
import { idbStore, type KeyValueStore } from './kv';
import { migrateRecord } from './migrations';
import { SCHEMA_VERSION, describeValue, type Envelope } from './schema';

/** Activities per stored chunk: a 100,000-call run is 200 records. */
export const ACTIVITY_CHUNK = 500;
/** Key prefix of activity chunks; ids are zero-padded so `keys()` returns them in order. */
export const ACTIVITY_PREFIX = 'activity:';
const SETTINGS_KEY = 'send-settings';
/** A last chunk smaller than this takes a small append in place; reading it back is cheap. */
const MERGE_BELOW = 100;

function chunkKey(n: number): string {
	return `${ACTIVITY_PREFIX}${String(n).padStart(8, '0')}`;
}

const OUTCOMES = new Set(['success', 'http-error', 'failed']);

/** Why an activity cannot be used, or null when it is sound. Checks what the UI relies on. */
export function activityProblem(x: unknown): string | null {
	if (typeof x !== 'object' || x === null || Array.isArray(x))
		return `expected an object, found ${describeValue(x)}`;
	const a = x as Record<string, unknown>;
	for (const k of ['id', 'at', 'webhookId', 'webhookName', 'leadId', 'transport', 'errorType'])
		if (typeof a[k] !== 'string') return `${k}: expected text, found ${describeValue(a[k])}`;
	if (a.status !== null && typeof a.status !== 'number')
		return `status: expected a number or null, found ${describeValue(a.status)}`;
	if (typeof a.durationMs !== 'number')
		return `durationMs: expected a number, found ${describeValue(a.durationMs)}`;
	if (!OUTCOMES.has(a.outcome as string))
		return `outcome: expected success, http-error or failed, found ${describeValue(a.outcome)}`;
	const r = a.request as Record<string, unknown> | undefined;
	if (typeof r !== 'object' || r === null || typeof r.url !== 'string')
		return 'request: expected the request as sent';
	if (!Array.isArray(a.changes))
		return `changes: expected a list, found ${describeValue(a.changes)}`;
	return null;
}

/** What a load found: the activities in time order, and what was left out and why. */
export interface ActivityLoad {
	activities: CallActivity[];
	/** Entries (or whole chunks) that failed validation; they stay stored, untouched. */
	skipped: { key: string; index: number | null; reason: string }[];
}

/** Send settings kept with the workspace's storage but outside the workspace file. */
export interface SendSettings {
	transport: 'direct' | 'helper' | 'mock';
	helperUrl: string;
	/** The helper's per-start token, pasted once by the user. */
	helperToken: string;
	/** Mock endpoint configuration per webhook id (see core's MockConfig). */
	mocks: Record<string, unknown>;
}

export const defaultSendSettings: Readonly<SendSettings> = Object.freeze({
	transport: 'mock',
	helperUrl: 'http://127.0.0.1:9159/',
	helperToken: '',
	mocks: {}
});

/**
 * The activity log in IndexedDB: "Call Webhook" activities (with their "Change Data Value"
 * changes) appended in chunks of {@link ACTIVITY_CHUNK}. Entries are never rewritten, only
 * appended or cleared, so two tabs appending at once at worst split a chunk, never lose a call.
 * Also keeps the send settings (transport, helper URL and token, mock configs).
 */
export class ActivityRepo {
	readonly #store: KeyValueStore;
	#last: { n: number; count: number } | null = null;
	/**
	 * Writes run one after another. Each append picks its chunk from where the last one ended, so
	 * two that overlap (a campaign run flushes its next batch before the last is stored) would
	 * write the same chunk, and one batch would be lost.
	 */
	#writes: Promise<unknown> = Promise.resolve();

	#serial<T>(write: () => Promise<T>): Promise<T> {
		const done = this.#writes.then(write, write);
		this.#writes = done.catch(() => undefined);
		return done;
	}

	constructor(store: KeyValueStore = idbStore()) {
		this.#store = store;
	}

	/** The keys of the activity chunks, oldest first. */
	async #keys(): Promise<string[]> {
		return (await this.#store.keys()).filter((k) => k.startsWith(ACTIVITY_PREFIX));
	}

	async #lastChunk(): Promise<{ n: number; count: number }> {
		if (this.#last) return this.#last;
		const keys = await this.#keys();
		const lastKey = keys.at(-1);
		if (!lastKey) return (this.#last = { n: 0, count: 0 });
		const n = Number(lastKey.slice(ACTIVITY_PREFIX.length));
		const env = await this.#store.get<Envelope<unknown[]>>(lastKey);
		const count = Array.isArray(env?.data) ? env.data.length : ACTIVITY_CHUNK;
		return (this.#last = { n: Number.isFinite(n) ? n : keys.length, count });
	}

	/**
	 * Appends `entries` (in time order) after the stored ones. A small append (a single send) joins
	 * a small last chunk; anything else starts new chunks, so a run's batches are written without
	 * reading (and deserializing) the chunk before them.
	 */
	append(entries: CallActivity[]): Promise<void> {
		if (!entries.length) return Promise.resolve();
		return this.#serial(() => this.#append(entries));
	}

	async #append(entries: CallActivity[]): Promise<void> {
		const last = await this.#lastChunk();
		const updatedAt = new Date().toISOString();
		if (
			last.count > 0 &&
			last.count < MERGE_BELOW &&
			last.count + entries.length <= ACTIVITY_CHUNK
		) {
			const written = await this.#store.update<Envelope<unknown[]>>(chunkKey(last.n), (old) => ({
				v: SCHEMA_VERSION,
				rev: (old?.rev ?? 0) + 1,
				updatedAt,
				data: [...(Array.isArray(old?.data) ? old.data : []), ...entries]
			}));
			this.#last = { n: last.n, count: written.data.length };
			return;
		}
		const puts: [string, unknown][] = [];
		let n = last.count === 0 ? last.n : last.n + 1;
		for (let i = 0; i < entries.length; i += ACTIVITY_CHUNK, n++)
			puts.push([
				chunkKey(n),
				{ v: SCHEMA_VERSION, rev: 1, updatedAt, data: entries.slice(i, i + ACTIVITY_CHUNK) }
			]);
		await this.#store.transact(puts, []);
		const lastPut = puts[puts.length - 1]!;
		this.#last = {
			n: n - 1,
			count: (lastPut[1] as Envelope<unknown[]>).data.length
		};
	}

	/** Every stored activity, oldest first; bad entries are reported in `skipped`, not dropped. */
	async load(): Promise<ActivityLoad> {
		const keys = await this.#keys();
		return this.#read(keys);
	}

	/**
	 * The newest `count` or more stored activities (whole chunks), oldest first, read after the
	 * writes queued before this call; bad entries are left out (`load` reports them).
	 */
	loadNewest(count: number): Promise<CallActivity[]> {
		return this.#serial(async () => {
			const keys = await this.#keys();
			const parts: CallActivity[][] = [];
			let found = 0;
			// Newest chunk first, one read each: each chunk (up to ACTIVITY_CHUNK entries) is
			// deserialized and checked in a task of its own, not 5,000 entries in one.
			for (let k = keys.length - 1; k >= 0 && found < count; k--) {
				const { activities } = await this.#read([keys[k]!]);
				parts.unshift(activities);
				found += activities.length;
			}
			return parts.flat();
		});
	}

	async #read(keys: string[]): Promise<ActivityLoad> {
		const raws = await this.#store.getMany(keys);
		const activities: CallActivity[] = [];
		const skipped: ActivityLoad['skipped'] = [];
		raws.forEach((raw, i) => {
			const key = keys[i]!;
			const m = migrateRecord(raw, { key });
			if (!m.ok) return skipped.push({ key, index: null, reason: m.reason });
			const data = m.envelope.data;
			if (!Array.isArray(data))
				return skipped.push({
					key,
					index: null,
					reason: `expected a list of activities, found ${describeValue(data)}`
				});
			data.forEach((entry, index) => {
				const problem = activityProblem(entry);
				if (problem) skipped.push({ key, index, reason: problem });
				else activities.push(entry as CallActivity);
			});
		});
		return { activities, skipped };
	}

	/**
	 * Records the "Change Data Value" activities a write-back made, on the call that caused them.
	 * Looks from the newest chunk back (the call is nearly always in it). @returns false when the
	 * call is no longer stored (the log was cleared meanwhile)
	 */
	amend(id: string, changes: CallActivity['changes']): Promise<boolean> {
		return this.#serial(() => this.#amend(id, changes));
	}

	async #amend(id: string, changes: CallActivity['changes']): Promise<boolean> {
		const keys = await this.#keys();
		for (const key of keys.reverse()) {
			let found = false;
			await this.#store.update<Envelope<unknown[]>>(key, (old) => {
				const data = Array.isArray(old?.data) ? old.data : [];
				const i = data.findIndex((e) => (e as { id?: unknown })?.id === id);
				if (i === -1 || !old) return old as Envelope<unknown[]>;
				found = true;
				const next = data.slice();
				next[i] = { ...(data[i] as CallActivity), changes };
				return { ...old, rev: old.rev + 1, updatedAt: new Date().toISOString(), data: next };
			});
			if (found) return true;
		}
		return false;
	}

	/** Deletes every activity. */
	clear(): Promise<void> {
		return this.#serial(async () => {
			const keys = await this.#keys();
			await this.#store.transact([], keys);
			this.#last = { n: 0, count: 0 };
		});
	}

	async loadSettings(): Promise<SendSettings> {
		const env = await this.#store.get<Envelope<Partial<SendSettings>>>(SETTINGS_KEY);
		const d = env && typeof env.data === 'object' && env.data !== null ? env.data : {};
		const transport = ['direct', 'helper', 'mock'].includes(d.transport as string)
			? (d.transport as SendSettings['transport'])
			: defaultSendSettings.transport;
		return {
			transport,
			helperUrl: typeof d.helperUrl === 'string' ? d.helperUrl : defaultSendSettings.helperUrl,
			helperToken: typeof d.helperToken === 'string' ? d.helperToken : '',
			mocks: typeof d.mocks === 'object' && d.mocks !== null ? { ...d.mocks } : {}
		};
	}

	async saveSettings(settings: SendSettings): Promise<void> {
		await this.#store.update<Envelope<SendSettings>>(SETTINGS_KEY, (old) => ({
			v: SCHEMA_VERSION,
			rev: (old?.rev ?? 0) + 1,
			updatedAt: new Date().toISOString(),
			data: plainCopy(settings)
		}));
	}
}

/** A plain copy (no proxies), safe for structured clone. */
function plainCopy<T>(x: T): T {
	return JSON.parse(JSON.stringify(x)) as T;
}
