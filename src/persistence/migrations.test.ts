import { describe, expect, it } from 'vitest';
import { migrateRecord, migrations, type Migration } from './migrations';
import { SCHEMA_VERSION } from './schema';

const env = (v: number, data: unknown) => ({ v, rev: 3, updatedAt: '2024-05-01T00:00:00Z', data });

// A pretend schema history for the runner: 1 → 2 adds a timeout to webhooks, 2 → 3 renames a key.
const steps: Record<number, Migration> = {
	1: (data, key) =>
		key.startsWith('webhook:') ? { ...(data as object), timeoutMs: 30_000 } : data,
	2: (data) => {
		const d = data as Record<string, unknown>;
		d.title = d.name;
		delete d.name;
		return d;
	}
};

describe('migrateRecord', () => {
	it('has no real migrations yet: version 1 records load unchanged', () => {
		expect(SCHEMA_VERSION).toBe(1);
		expect(Object.keys(migrations)).toEqual([]);
		const record = env(1, { id: 'w1' });
		expect(migrateRecord(record)).toEqual({ ok: true, envelope: record, migrated: false });
	});

	it('runs each step in order up to the target, keeping rev, on a copy', () => {
		const stored = env(1, { name: 'Order sync' });
		const result = migrateRecord(stored, { key: 'webhook:w1', to: 3, migrations: steps });
		expect(result).toEqual({
			ok: true,
			migrated: true,
			envelope: {
				v: 3,
				rev: 3,
				updatedAt: '2024-05-01T00:00:00Z',
				data: { timeoutMs: 30_000, title: 'Order sync' }
			}
		});
		// The stored value is untouched (step 2 changes its argument in place).
		expect(stored).toEqual(env(1, { name: 'Order sync' }));
	});

	it('passes the key, so a step can leave other kinds of record alone', () => {
		const result = migrateRecord(env(1, { name: 'Ann' }), {
			key: 'context:c1',
			to: 2,
			migrations: steps
		});
		expect(result).toMatchObject({ ok: true, envelope: { v: 2, data: { name: 'Ann' } } });
	});

	it('refuses a record newer than the target, saying so', () => {
		const result = migrateRecord(env(99, {}));
		expect(result).toMatchObject({ ok: false, newer: true });
		expect(!result.ok && result.reason).toContain('record version 99; this version reads up to 1');
	});

	it('reports a failing step with its versions, and a missing step', () => {
		const failing: Record<number, Migration> = {
			1: (d) => d,
			2: () => {
				throw new Error('title is missing');
			}
		};
		expect(migrateRecord(env(1, {}), { to: 3, migrations: failing })).toEqual({
			ok: false,
			newer: false,
			reason: 'migrating it from version 2 to 3 failed: title is missing'
		});
		expect(migrateRecord(env(1, {}), { to: 2, migrations: {} })).toEqual({
			ok: false,
			newer: false,
			reason: 'there is no migration from version 1 to 2'
		});
	});

	it('refuses something that is not an envelope', () => {
		expect(migrateRecord({ method: 'GET' })).toMatchObject({ ok: false, newer: false });
		expect(migrateRecord('x')).toEqual({
			ok: false,
			newer: false,
			reason: 'not a stored record (expected { v, rev, updatedAt, data }, found the text "x")'
		});
	});
});
