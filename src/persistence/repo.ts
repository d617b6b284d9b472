import type { FieldDef, FlowContextDef, Lead, WebhookDefinition, Workspace } from '../core';
import {
	exportWorkspace as writeWorkspaceFile,
	parseWorkspaceFile as readWorkspaceFile,
	sameData,
	type ImportSummary
} from './export';
import { idbStore, StorageError, toStorageError, type KeyValueStore } from './kv';
import { migrateRecord } from './migrations';
import {
	KEYS,
	LEAD_CHUNK,
	PREFIX,
	SCHEMA_VERSION,
	defaultPrefs,
	describeValue,
	isLeadChunkKey,
	validateContext,
	validateCustomFields,
	validateLead,
	validateLeadIndex,
	validateMeta,
	validatePrefs,
	validateWebhook,
	validateWorkspace,
	type BackupRecord,
	type Envelope,
	type LeadIndex,
	type Meta,
	type Prefs,
	type Validation
} from './schema';

/** A stored record that could not be loaded: still under `key`, copied to `backupKey`. */
export interface Quarantined {
	key: string;
	backupKey: string;
	/** Plain words: what is wrong and where. */
	reason: string;
}

/** What {@link WorkspaceRepo.load} found. */
export interface LoadResult {
	workspace: Workspace;
	/** The stored preferences, or {@link defaultPrefs}. */
	prefs: Prefs;
	/**
	 * True when nothing was ever stored here: no `meta.seeded` and no workspace record at all, so
	 * the example workspace can be written without overwriting anything.
	 */
	firstVisit: boolean;
	/** Records left out of `workspace` (or leads left out of a chunk), each copied aside. */
	quarantined: Quarantined[];
	/** Stored revision of every record loaded, by key; pass it back as `expectedRev`. */
	revs: Map<string, number>;
}

/**
 * The outcome of a guarded write: the new revision, or, when another tab wrote first (the stored
 * `rev` was not `expectedRev`), the stored version (`data` null when it was deleted or unreadable)
 * and nothing written.
 */
export type SaveResult<T> =
	{ ok: true; rev: number } | { ok: false; conflict: { rev: number; data: T | null } };

/** Which leads changed since the last save, so only their chunks are rewritten. */
export interface SaveLeadsOptions {
	/**
	 * Leads before this index are unchanged since the last save or load: chunks before its chunk
	 * are not rewritten. An edit passes the lead's index, an append the old length. @default 0
	 */
	fromIndex?: number;
	/**
	 * For an edit in place (no lead added, removed or moved): leads from this index on are also
	 * unchanged, so only the chunks holding `fromIndex … toIndex - 1` are rewritten. Ignored when the
	 * number of leads differs from the last save or load. @default the end of the list
	 */
	toIndex?: number;
}

/** A kept-aside record as {@link WorkspaceRepo.listBackups} lists it. */
export interface BackupEntry extends BackupRecord {
	backupKey: string;
}

/** Options of {@link WorkspaceRepo}. */
export interface RepoOptions {
	/** The clock for `updatedAt`, `keptAt` and `exportedAt`. @default () => new Date() */
	now?: () => Date;
}

/**
 * Where a chunk's leads sit: how many valid leads it gave this tab's list, and the invalid ones it
 * still holds (`'whole'`: the chunk itself is unreadable or from a newer app and is never
 * rewritten). Kept-aside leads are written back into their chunk on every rewrite, so they stay
 * where they are until the user discards them with `deleteBackup`.
 */
interface ChunkLayout {
	id: string;
	count: number;
	held: unknown[] | 'whole';
}

interface Pending {
	key: string;
	raw: unknown;
	reason: string;
}

interface LeadsRead {
	leads: Lead[];
	layout: ChunkLayout[];
	aside: Pending[];
	revs: Map<string, number>;
	/** The index's revision, or null when it is missing or unreadable. */
	indexRev: number | null;
}

type Read<T> = { ok: true; data: T; rev: number } | { ok: false; reason: string; newer: boolean };

/** Thrown inside `update` to cancel a write whose `expectedRev` is stale. */
class Conflict {
	constructor(
		readonly rev: number,
		readonly raw: unknown
	) {}
}

const NEWER_MESSAGE =
	'A newer version of Webhook Playground saved this record in another tab, and this version cannot safely overwrite it. Reload the page to get the newer version.';

const MAX_REASONS = 5;

function summarize(errors: string[]): string {
	const shown = errors.slice(0, MAX_REASONS).join('; ');
	const more = errors.length - MAX_REASONS;
	return more > 0 ? `${shown}; and ${more} more` : shown;
}

function isObject(x: unknown): x is Record<string, unknown> {
	return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** The `rev` of whatever is stored, 0 when there is nothing (or nothing readable). */
function storedRev(raw: unknown): number {
	return isObject(raw) && Number.isInteger(raw.rev) && (raw.rev as number) >= 0
		? (raw.rev as number)
		: 0;
}

function isNewer(raw: unknown): boolean {
	return isObject(raw) && Number.isInteger(raw.v) && (raw.v as number) > SCHEMA_VERSION;
}

function isBackupRecord(x: unknown): x is BackupRecord {
	return isObject(x) && typeof x.key === 'string' && typeof x.reason === 'string' && 'raw' in x;
}

function matchId<T extends { id: string }>(result: Validation<T>, key: string, id: string) {
	if (result.ok && result.value.id !== id)
		return {
			ok: false as const,
			errors: [`id: ${describeValue(result.value.id)} does not match its key "${key}"`]
		};
	return result;
}

/** The validator of a whole record by its key; null for lead chunks, backups and unknown keys. */
function validatorFor(key: string): ((data: unknown) => Validation<unknown>) | null {
	if (key.startsWith(PREFIX.webhook))
		return (d) => matchId(validateWebhook(d), key, key.slice(PREFIX.webhook.length));
	if (key.startsWith(PREFIX.context))
		return (d) => matchId(validateContext(d), key, key.slice(PREFIX.context.length));
	if (key === KEYS.fields) return validateCustomFields;
	if (key === KEYS.prefs) return validatePrefs;
	if (key === KEYS.meta) return validateMeta;
	if (key === KEYS.leadsIndex) return validateLeadIndex;
	return null;
}

function isWholeRecordKey(key: string): boolean {
	return key !== KEYS.leadsIndex && validatorFor(key) !== null;
}

/** Migrates, then validates; never throws. */
function readRecord<T>(
	key: string,
	raw: unknown,
	validate: (d: unknown) => Validation<T>
): Read<T> {
	const m = migrateRecord(raw, { key });
	if (!m.ok) return m;
	const checked = validate(m.envelope.data);
	if (!checked.ok) return { ok: false, reason: summarize(checked.errors), newer: false };
	return { ok: true, data: checked.value, rev: m.envelope.rev };
}

/** Numbered chunks in number order, then any others by name (only recovery sees those). */
function byChunkOrder(a: string, b: string): number {
	const na = /^\d+$/.test(a) ? Number(a) : Infinity;
	const nb = /^\d+$/.test(b) ? Number(b) : Infinity;
	return na !== nb ? na - nb : a < b ? -1 : a > b ? 1 : 0;
}

function checkLeads(leads: Lead[], from: number): void {
	const errors: string[] = [];
	for (let i = 0; i < leads.length && errors.length <= MAX_REASONS; i++) {
		const r = validateLead(leads[i], `leads[${from + i}]`);
		if (!r.ok) errors.push(...r.errors);
	}
	if (errors.length) throw new TypeError(`Cannot save the leads: ${summarize(errors)}`);
}

/**
 * The workspace in a {@link KeyValueStore}: versioned records, migrated and validated on load,
 * bad records kept aside (never dropped, never deleted from their key until the user discards
 * them), guarded writes that detect another tab's changes, leads in chunks of
 * {@link LEAD_CHUNK}, and whole-workspace import and export.
 *
 * Storage failures reject with a {@link StorageError}; data that would not pass validation on load
 * is refused before anything is written (a TypeError: a bug in the caller, not the user's data).
 */
/** Lead chunks per transaction when chunks are rewritten in place (see `saveLeads`). */
const IN_PLACE_BATCH = 4;

export class WorkspaceRepo {
	readonly #store: KeyValueStore;
	readonly #now: () => Date;
	/** Where this tab's leads sit in the stored chunks; null until leads are read or written. */
	#layout: ChunkLayout[] | null = null;
	/** The `leads:index` revision `#layout` describes; another value means another tab wrote. */
	#leadsRev: number | null = null;

	/**
	 * @param store @default idbStore()
	 * @param options.now @default () => new Date()
	 */
	constructor(store: KeyValueStore = idbStore(), options: RepoOptions = {}) {
		this.#store = store;
		this.#now = options.now ?? (() => new Date());
	}

	/**
	 * Reads the whole workspace: every record migrated and validated. A record that fails is left
	 * out, copied to `backup:<key>` (with the reason and time) and listed in `quarantined`; it stays
	 * under its own key too. In a lead chunk only the invalid leads are left out. Leads keep their
	 * stored order.
	 * @param options.leads read the leads too; pass false to read them with
	 * {@link loadLeadsProgressively} instead (`workspace.leads` is then empty) @default true
	 */
	async load(options: { leads?: boolean } = {}): Promise<LoadResult> {
		const keys = await this.#store.keys();
		const recordKeys = keys.filter(isWholeRecordKey);
		const raws = await this.#store.getMany(recordKeys);
		const workspace: Workspace = { webhooks: [], leads: [], customFields: [], contexts: [] };
		let prefs: Prefs = { ...defaultPrefs };
		// Assigned in a callback, so TypeScript must not narrow it to the initial value.
		let meta = 'missing' as Meta | 'missing' | 'unreadable';
		const aside: Pending[] = [];
		const revs = new Map<string, number>();

		recordKeys.forEach((key, i) => {
			const raw = raws[i];
			// Deleted by another tab between keys() and getMany(): nothing to load or keep.
			if (raw === undefined) return;
			const r = readRecord(key, raw, validatorFor(key)!);
			if (!r.ok) {
				aside.push({ key, raw, reason: r.reason });
				if (key === KEYS.meta) meta = 'unreadable';
				return;
			}
			revs.set(key, r.rev);
			if (key.startsWith(PREFIX.webhook)) workspace.webhooks.push(r.data as WebhookDefinition);
			else if (key.startsWith(PREFIX.context)) workspace.contexts.push(r.data as FlowContextDef);
			else if (key === KEYS.fields) workspace.customFields = r.data as FieldDef[];
			else if (key === KEYS.prefs) prefs = r.data as Prefs;
			else if (key === KEYS.meta) meta = r.data as Meta;
		});

		if (options.leads !== false) {
			const leads = await this.#readLeads();
			this.#layout = leads.layout;
			this.#leadsRev = leads.indexRev;
			workspace.leads = leads.leads;
			aside.push(...leads.aside);
			for (const [key, rev] of leads.revs) revs.set(key, rev);
		}

		const stored = keys.some(
			(k) =>
				k.startsWith(PREFIX.webhook) ||
				k.startsWith(PREFIX.context) ||
				k.startsWith(PREFIX.leads) ||
				k === KEYS.fields
		);
		// An unreadable meta is not a first visit: seeding would replace whatever is stored.
		const seeded = meta === 'unreadable' || (typeof meta === 'object' && meta.seeded);
		return {
			workspace,
			prefs,
			firstVisit: !seeded && !stored,
			quarantined: await this.#keepAside(aside),
			revs
		};
	}

	/**
	 * Reads the leads chunk by chunk, in order, calling `onChunk` with each chunk's valid leads
	 * (`done` true on the last call; one call with `[]` when there are none), so the UI can show the
	 * first rows before 100,000 are read. Invalid leads are kept aside as in {@link load}.
	 * @returns what was kept aside and the revisions of the index and chunks
	 */
	async loadLeadsProgressively(
		onChunk: (leads: Lead[], done: boolean) => void
	): Promise<{ quarantined: Quarantined[]; revs: Map<string, number> }> {
		const read = await this.#readLeads(onChunk);
		this.#layout = read.layout;
		this.#leadsRev = read.indexRev;
		return { quarantined: await this.#keepAside(read.aside), revs: read.revs };
	}

	/** Writes a webhook under `webhook:<id>`; see {@link SaveResult} for `expectedRev`. */
	saveWebhook(w: WebhookDefinition, expectedRev?: number): Promise<SaveResult<WebhookDefinition>> {
		return this.#save(KEYS.webhook(w.id), w, validateWebhook(w), expectedRev);
	}

	/** Deletes `webhook:<id>` (nothing happens when there is none). */
	deleteWebhook(id: string): Promise<void> {
		return this.#store.transact([], [KEYS.webhook(id)]);
	}

	/** Writes a flow context under `context:<id>`; see {@link SaveResult} for `expectedRev`. */
	saveContext(c: FlowContextDef, expectedRev?: number): Promise<SaveResult<FlowContextDef>> {
		return this.#save(KEYS.context(c.id), c, validateContext(c), expectedRev);
	}

	/** Deletes `context:<id>` (nothing happens when there is none). */
	deleteContext(id: string): Promise<void> {
		return this.#store.transact([], [KEYS.context(id)]);
	}

	/** Writes the custom field list (`fields`); see {@link SaveResult} for `expectedRev`. */
	saveCustomFields(fields: FieldDef[], expectedRev?: number): Promise<SaveResult<FieldDef[]>> {
		return this.#save(KEYS.fields, fields, validateCustomFields(fields), expectedRev);
	}

	/** Writes the preferences (`prefs`); see {@link SaveResult} for `expectedRev`. */
	savePrefs(p: Prefs, expectedRev?: number): Promise<SaveResult<Prefs>> {
		return this.#save(KEYS.prefs, p, validatePrefs(p), expectedRev);
	}

	/** Records that the example workspace was written (`meta.seeded`), so it never is again. */
	markSeeded(): Promise<SaveResult<Meta>> {
		const meta: Meta = { seeded: true };
		return this.#save(KEYS.meta, meta, validateMeta(meta));
	}

	/**
	 * Writes the leads in chunks of {@link LEAD_CHUNK}: the chunks from the one holding
	 * `options.fromIndex` to the end (or to `toIndex`), the index, and deletes chunks no longer
	 * needed, all in one transaction. With a plain layout that is chunks `floor(fromIndex /
	 * LEAD_CHUNK)` onward. When another tab wrote leads since this tab read them, everything is
	 * rewritten from `all` (last writer wins; leads carry no per-record conflict check).
	 * @returns the new revision of `leads:index`
	 * @throws TypeError when a lead to be written is invalid (nothing is written)
	 */
	async saveLeads(all: Lead[], options: SaveLeadsOptions = {}): Promise<{ rev: number }> {
		const indexRaw = await this.#store.get<unknown>(KEYS.leadsIndex);
		if (isNewer(indexRaw)) throw new StorageError('other', NEWER_MESSAGE);
		const index =
			indexRaw === undefined ? null : readRecord(KEYS.leadsIndex, indexRaw, validateLeadIndex);
		let layout = this.#layout;
		// Until this save succeeds, the next one must rewrite everything: the caller may already
		// count these leads as saved and forget which of them changed.
		this.#layout = null;
		let whole = false;
		if (layout === null || !index?.ok || index.rev !== this.#leadsRev) {
			// This tab's positions no longer match what is stored (or were never known): learn which
			// chunks hold kept-aside leads, then rewrite everything from this tab's list.
			const read = await this.#readLeads();
			await this.#keepAside(read.aside);
			layout = read.layout;
			whole = true;
		}
		const rev = Math.max(storedRev(indexRaw), this.#leadsRev ?? 0) + 1;
		const updatedAt = this.#now().toISOString();
		const envelope = <T>(data: T): Envelope<T> => ({ v: SCHEMA_VERSION, rev, updatedAt, data });

		const starts = [0];
		for (const c of layout) starts.push(starts[starts.length - 1]! + c.count);
		const total = starts[layout.length]!;
		const chunkOf = (i: number): number => {
			for (let k = 0; k < layout.length; k++) if (i < starts[k + 1]!) return k;
			const last = layout[layout.length - 1];
			// Appending: fill the last chunk's free room first, unless it is kept whole.
			return last && last.held !== 'whole' && last.count + last.held.length < LEAD_CHUNK
				? layout.length - 1
				: layout.length;
		};
		const from = whole ? 0 : Math.min(Math.max(options.fromIndex ?? 0, 0), all.length);
		const first = chunkOf(from);
		const puts: [string, unknown][] = [];
		const writeChunk = (id: string, leads: Lead[], held: unknown[], at: number) => {
			checkLeads(leads, at);
			puts.push([KEYS.leadChunk(id), envelope([...leads, ...held])]);
		};

		let next: ChunkLayout[];
		if (!whole && options.toIndex !== undefined && all.length === total && from < total) {
			// In place: the same leads at the same positions, so only the touched chunks change.
			const last = chunkOf(Math.min(Math.max(options.toIndex, from + 1), total) - 1);
			for (let k = first; k <= last; k++) {
				const c = layout[k]!;
				if (c.held !== 'whole')
					writeChunk(c.id, all.slice(starts[k], starts[k + 1]), c.held, starts[k]!);
				// Many chunks (a campaign run's write-backs over 100,000 leads): check and write them a
				// few at a time, each batch in a task and a transaction of its own, instead of one task
				// that freezes the page. They keep their ids and sizes, so were the tab to close between
				// two batches, some leads would have their new values and the rest their old: none is
				// lost or duplicated. The index goes last.
				if (puts.length >= IN_PLACE_BATCH && k < last)
					await this.#store.transact(puts.splice(0), []);
			}
			next = layout;
		} else {
			next = layout.slice(0, first);
			const used = new Set(layout.map((c) => c.id));
			const freshId = (): string => {
				let n = 0;
				while (used.has(String(n))) n++;
				used.add(String(n));
				return String(n);
			};
			let lastHeld = -1;
			layout.forEach((c, k) => {
				if (c.held === 'whole' || c.held.length) lastHeld = k;
			});
			let pos = starts[first] ?? total;
			for (let k = first; pos < all.length || k <= lastHeld; k++) {
				const old = layout[k];
				if (old?.held === 'whole') {
					next.push(old);
					continue;
				}
				const held = old?.held ?? [];
				const leads = all.slice(pos, pos + Math.max(LEAD_CHUNK - held.length, 0));
				const id = old?.id ?? freshId();
				writeChunk(id, leads, held, pos);
				next.push({ id, count: leads.length, held });
				pos += leads.length;
			}
		}
		const ids = new Set(next.map((c) => c.id));
		const dels = layout.filter((c) => !ids.has(c.id)).map((c) => KEYS.leadChunk(c.id));
		const indexData: LeadIndex = { chunks: next.map((c) => c.id) };
		puts.push([KEYS.leadsIndex, envelope(indexData)]);
		await this.#store.transact(puts, dels);
		this.#layout = next;
		this.#leadsRev = rev;
		return { rev };
	}

	/**
	 * Replaces the whole workspace (the import path): writes every webhook, context, lead chunk, the
	 * custom fields and `meta.seeded`, and deletes every webhook, context and lead key `ws` does not
	 * have, in one transaction: all or nothing. Preferences and backups are left alone.
	 * @returns the new revision of every record written
	 * @throws TypeError when `ws` is not a valid workspace (nothing is written)
	 */
	async replaceWorkspace(ws: Workspace): Promise<{ revs: Map<string, number> }> {
		const checked = validateWorkspace(ws);
		if (!checked.ok) throw new TypeError(`Cannot save the workspace: ${summarize(checked.errors)}`);
		const keys = await this.#store.keys();
		const records: [string, unknown][] = [
			...ws.webhooks.map((w): [string, unknown] => [KEYS.webhook(w.id), w]),
			...ws.contexts.map((c): [string, unknown] => [KEYS.context(c.id), c]),
			[KEYS.fields, ws.customFields],
			[KEYS.meta, { seeded: true } satisfies Meta]
		];
		const old = await this.#store.getMany([...records.map(([k]) => k), KEYS.leadsIndex]);
		const updatedAt = this.#now().toISOString();
		const revs = new Map<string, number>();
		const puts: [string, unknown][] = records.map(([key, data], i) => {
			const rev = storedRev(old[i]) + 1;
			revs.set(key, rev);
			return [key, { v: SCHEMA_VERSION, rev, updatedAt, data } satisfies Envelope<unknown>];
		});
		const leadsRev = Math.max(storedRev(old[records.length]), this.#leadsRev ?? 0) + 1;
		const layout: ChunkLayout[] = [];
		for (let i = 0, k = 0; i < ws.leads.length; i += LEAD_CHUNK, k++) {
			const data = ws.leads.slice(i, i + LEAD_CHUNK);
			layout.push({ id: String(k), count: data.length, held: [] });
			puts.push([KEYS.leadChunk(String(k)), { v: SCHEMA_VERSION, rev: leadsRev, updatedAt, data }]);
		}
		const index: LeadIndex = { chunks: layout.map((c) => c.id) };
		puts.push([KEYS.leadsIndex, { v: SCHEMA_VERSION, rev: leadsRev, updatedAt, data: index }]);
		revs.set(KEYS.leadsIndex, leadsRev);
		const written = new Set(puts.map(([k]) => k));
		const dels = keys.filter(
			(k) =>
				(k.startsWith(PREFIX.webhook) ||
					k.startsWith(PREFIX.context) ||
					k.startsWith(PREFIX.leads)) &&
				!written.has(k)
		);
		await this.#store.transact(puts, dels);
		this.#layout = layout;
		this.#leadsRev = leadsRev;
		return { revs };
	}

	/** The workspace as a JSON file; see `exportWorkspace` in export.ts. */
	exportWorkspace(ws: Workspace): string {
		return writeWorkspaceFile(ws, this.#now());
	}

	/** Checks an import file against `current`, applying nothing; see `parseWorkspaceFile` in export.ts. */
	parseWorkspaceFile(
		text: string,
		current: Workspace
	): { ok: true; workspace: Workspace; summary: ImportSummary } | { ok: false; errors: string[] } {
		return readWorkspaceFile(text, current);
	}

	/** Every kept-aside copy (`backup:<key>`), for the UI to show, download or discard. */
	async listBackups(): Promise<BackupEntry[]> {
		const keys = (await this.#store.keys()).filter((k) => k.startsWith(PREFIX.backup));
		const raws = await this.#store.getMany(keys);
		return keys.map((backupKey, i) => {
			const b = raws[i];
			return isBackupRecord(b)
				? { backupKey, key: b.key, reason: b.reason, keptAt: String(b.keptAt ?? ''), raw: b.raw }
				: {
						backupKey,
						key: backupKey.slice(PREFIX.backup.length),
						reason: 'This backup copy is not in the expected form; its content is shown as stored.',
						keptAt: '',
						raw: b
					};
		});
	}

	/**
	 * Discards a kept-aside record: deletes the backup copy and, when its key still holds exactly
	 * what was copied, the bad data there too (for a lead chunk, only its invalid leads), so it is
	 * not kept aside again on the next load. A record from a newer app is never deleted (it is
	 * intact; a newer version reads it): only its copy goes.
	 * @throws TypeError when `backupKey` is not a `backup:` key
	 */
	async deleteBackup(backupKey: string): Promise<void> {
		if (!backupKey.startsWith(PREFIX.backup))
			throw new TypeError(`"${backupKey}" is not a backup key (backup:…)`);
		const backup = await this.#store.get<unknown>(backupKey);
		const key = isBackupRecord(backup) ? backup.key : backupKey.slice(PREFIX.backup.length);
		const source = await this.#store.get<unknown>(key);
		const puts: [string, unknown][] = [];
		const dels = [backupKey];
		let afterWrite = () => {};
		if (source !== undefined && isBackupRecord(backup) && sameData(source, backup.raw)) {
			if (isLeadChunkKey(key)) {
				const m = migrateRecord(source, { key });
				// A chunk from a newer app is intact data a newer version reads: leave it.
				if (m.ok || !m.newer) {
					const data = m.ok && Array.isArray(m.envelope.data) ? m.envelope.data : [];
					const valid = data.filter((x) => validateLead(x).ok);
					const updatedAt = this.#now().toISOString();
					const rev = storedRev(source) + 1;
					puts.push([key, { v: SCHEMA_VERSION, rev, updatedAt, data: valid }]);
					// Bump the index too: another tab's layout still holds these leads and would write
					// them back; a new index revision makes its next save reread the chunks.
					const indexRaw = await this.#store.get<unknown>(KEYS.leadsIndex);
					const index =
						indexRaw === undefined
							? null
							: readRecord(KEYS.leadsIndex, indexRaw, validateLeadIndex);
					if (index?.ok) {
						const indexRev = index.rev + 1;
						puts.push([
							KEYS.leadsIndex,
							{ v: SCHEMA_VERSION, rev: indexRev, updatedAt, data: index.data }
						]);
						const id = key.slice(PREFIX.leads.length);
						const mine = this.#leadsRev === index.rev;
						afterWrite = () => {
							if (!mine || !this.#layout) return;
							this.#layout = this.#layout.map((c) => (c.id === id ? { ...c, held: [] } : c));
							this.#leadsRev = indexRev;
						};
					}
				}
			} else {
				const validate = validatorFor(key);
				const r = validate ? readRecord(key, source, validate) : null;
				if (r && !r.ok && !r.newer) dels.push(key);
			}
		}
		await this.#store.transact(puts, dels);
		afterWrite();
	}

	/** Writes `data` under `key` with `rev + 1`, in one `update` with the `expectedRev` check. */
	async #save<T>(
		key: string,
		data: T,
		checked: Validation<T>,
		expectedRev?: number
	): Promise<SaveResult<T>> {
		if (!checked.ok) throw new TypeError(`Cannot save ${key}: ${summarize(checked.errors)}`);
		let rev = 0;
		try {
			await this.#store.update<unknown>(key, (old) => {
				if (isNewer(old)) throw new StorageError('other', NEWER_MESSAGE);
				const current = old === undefined ? 0 : storedRev(old);
				if (expectedRev !== undefined && current !== expectedRev) throw new Conflict(current, old);
				rev = current + 1;
				return {
					v: SCHEMA_VERSION,
					rev,
					updatedAt: this.#now().toISOString(),
					data
				} satisfies Envelope<T>;
			});
		} catch (err) {
			if (!(err instanceof Conflict)) throw err;
			const validate = validatorFor(key);
			const stored = err.raw === undefined || !validate ? null : readRecord(key, err.raw, validate);
			return {
				ok: false,
				conflict: { rev: err.rev, data: stored?.ok ? (stored.data as T) : null }
			};
		}
		return { ok: true, rev };
	}

	/**
	 * Reads `leads:index`, then its chunks in order: all at once, or one by one calling `each`.
	 * A missing or unreadable index is recovered from the chunk keys in number order.
	 */
	async #readLeads(each?: (leads: Lead[], done: boolean) => void): Promise<LeadsRead> {
		const out: LeadsRead = { leads: [], layout: [], aside: [], revs: new Map(), indexRev: null };
		const indexRaw = await this.#store.get<unknown>(KEYS.leadsIndex);
		let ids: string[] | null = null;
		if (indexRaw !== undefined) {
			const r = readRecord(KEYS.leadsIndex, indexRaw, validateLeadIndex);
			if (r.ok) {
				ids = r.data.chunks;
				out.indexRev = r.rev;
				out.revs.set(KEYS.leadsIndex, r.rev);
			} else {
				const recovered = r.newer ? '' : ' The leads were read from the stored chunks, in order.';
				out.aside.push({ key: KEYS.leadsIndex, raw: indexRaw, reason: r.reason + recovered });
			}
		}
		if (ids === null) {
			const keys = await this.#store.keys();
			ids = keys
				.filter(isLeadChunkKey)
				.map((k) => k.slice(PREFIX.leads.length))
				.sort(byChunkOrder);
		}
		const keys = ids.map(KEYS.leadChunk);
		const take = (i: number, raw: unknown): Lead[] => {
			const leads = this.#readChunk(keys[i]!, ids[i]!, raw, out);
			for (const lead of leads) out.leads.push(lead);
			return leads;
		};
		if (each) {
			if (keys.length === 0) each([], true);
			for (let i = 0; i < keys.length; i++)
				each(take(i, await this.#store.get<unknown>(keys[i]!)), i === keys.length - 1);
		} else {
			const raws = await this.#store.getMany(keys);
			raws.forEach((raw, i) => take(i, raw));
		}
		return out;
	}

	/** One chunk's valid leads; adds its layout entry, revision and any kept-aside part to `out`. */
	#readChunk(key: string, id: string, raw: unknown, out: LeadsRead): Lead[] {
		// Listed but missing: nothing to load or keep; the next saveLeads drops it from the index.
		if (raw === undefined) return [];
		const m = migrateRecord(raw, { key });
		const data = m.ok ? m.envelope.data : undefined;
		if (!m.ok || !Array.isArray(data)) {
			const reason = m.ok
				? `data: expected a list of leads, found ${describeValue(data)}`
				: m.reason;
			out.aside.push({ key, raw, reason: `None of this chunk's leads could be read: ${reason}` });
			out.layout.push({ id, count: 0, held: 'whole' });
			return [];
		}
		const leads: Lead[] = [];
		const held: unknown[] = [];
		const errors: string[] = [];
		data.forEach((item, j) => {
			const r = validateLead(item, `[${j}]`);
			if (r.ok) leads.push(r.value);
			else {
				held.push(item);
				errors.push(...r.errors);
			}
		});
		if (held.length) {
			const what = held.length === 1 ? '1 lead is' : `${held.length} leads are`;
			out.aside.push({
				key,
				raw,
				reason: `${what} not valid and kept aside (the other ${leads.length} loaded): ${summarize(errors)}`
			});
		}
		out.revs.set(key, m.envelope.rev);
		out.layout.push({ id, count: leads.length, held });
		return leads;
	}

	/**
	 * Copies each failed record to `backup:<key>` in one transaction, skipping copies that already
	 * hold the same data. A failed copy does not fail the load: the record is still under its key,
	 * and the reason says so.
	 */
	async #keepAside(items: Pending[]): Promise<Quarantined[]> {
		if (items.length === 0) return [];
		const backupKeys = items.map((it) => KEYS.backup(it.key));
		const keptAt = this.#now().toISOString();
		let note = '';
		try {
			const existing = await this.#store.getMany(backupKeys);
			const puts = items.flatMap((it, i): [string, unknown][] => {
				const b = existing[i];
				if (isBackupRecord(b) && sameData(b.raw, it.raw)) return [];
				const record: BackupRecord = { key: it.key, reason: it.reason, keptAt, raw: it.raw };
				return [[backupKeys[i]!, record]];
			});
			await this.#store.transact(puts, []);
		} catch (err) {
			note = ` (It could not be copied aside: ${toStorageError(err).message} It is still stored under its own key.)`;
		}
		return items.map((it, i) => ({
			key: it.key,
			backupKey: backupKeys[i]!,
			reason: it.reason + note
		}));
	}
}
