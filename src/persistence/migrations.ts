import { SCHEMA_VERSION, validateEnvelope, type Envelope } from './schema';

/**
 * Turns a record's `data` from schema version n into n + 1. It gets its own copy of the data (it
 * may change it in place) and the record's key, so one step can handle each kind of record:
 *
 * ```ts
 * // 1 → 2: webhooks gain a per-webhook timeout; other records are unchanged.
 * 1: (data, key) => (key.startsWith('webhook:') ? { ...(data as object), timeoutMs: 30_000 } : data)
 * ```
 *
 * Throw to refuse a record that cannot be migrated; it is then kept aside, not loaded.
 */
export type Migration = (data: unknown, key: string) => unknown;

/**
 * The steps, keyed by the version they start from: `migrations[n]` goes from n to n + 1. Version
 * 1 is the first schema, so there are none yet; add one with each `SCHEMA_VERSION` bump.
 */
export const migrations: Readonly<Record<number, Migration>> = {};

/** Options of {@link migrateRecord}. */
export interface MigrateOptions {
	/** The record's storage key, passed to each step. @default '' */
	key?: string;
	/** The version to reach. @default SCHEMA_VERSION */
	to?: number;
	/** The steps to run. @default migrations */
	migrations?: Readonly<Record<number, Migration>>;
}

/** The outcome of {@link migrateRecord}. */
export type MigrateResult =
	| { ok: true; envelope: Envelope<unknown>; migrated: boolean }
	| {
			ok: false;
			/** Plain words: why the record cannot be used. */
			reason: string;
			/** True when a newer app wrote it: intact data this build cannot read, not corrupt data. */
			newer: boolean;
	  };

/**
 * Brings a stored record up to the current schema version in memory. Checks the envelope, runs
 * each step from `v` up to `to` on a copy (the stored value is never touched: on any failure the
 * record keeps its version and data, so a fixed build can try again), and returns the envelope at
 * the new version. A record newer than `to` is refused with `newer: true`. Never throws.
 */
export function migrateRecord(envelope: unknown, options: MigrateOptions = {}): MigrateResult {
	const { key = '', to = SCHEMA_VERSION, migrations: steps = migrations } = options;
	const checked = validateEnvelope(envelope);
	if (!checked.ok) return { ok: false, reason: checked.errors.join('; '), newer: false };
	const env = checked.value;
	if (env.v > to)
		return {
			ok: false,
			reason: `it was saved by a newer version of Webhook Playground (record version ${env.v}; this version reads up to ${to}). Reload the page to get the newer version; the record is kept as it is.`,
			newer: true
		};
	if (env.v === to) return { ok: true, envelope: env, migrated: false };
	let data: unknown;
	try {
		data = structuredClone(env.data);
	} catch {
		return { ok: false, reason: 'its data cannot be copied for migration', newer: false };
	}
	for (let v = env.v; v < to; v++) {
		const step = steps[v];
		if (!step)
			return {
				ok: false,
				reason: `there is no migration from version ${v} to ${v + 1}`,
				newer: false
			};
		try {
			data = step(data, key);
		} catch (err) {
			const detail = err instanceof Error ? err.message : String(err);
			return {
				ok: false,
				reason: `migrating it from version ${v} to ${v + 1} failed: ${detail}`,
				newer: false
			};
		}
	}
	return { ok: true, envelope: { ...env, v: to, data }, migrated: true };
}
