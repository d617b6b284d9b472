import {
	FIELD_TYPES,
	type FieldDef,
	type FlowContextDef,
	type HttpMethod,
	type Lead,
	type MyTokenType,
	type ResponseType,
	type TokenEncoding,
	type WebhookDefinition,
	type Workspace
} from '../core';

/**
 * The stored layout: which key holds what, the envelope every record sits in, and hand-written
 * validators that say what is wrong and where (`webhooks[2].method: "FETCH" is not one of …`).
 */

/** The version this build writes. A record with a newer `v` is not loaded (a newer app wrote it). */
export const SCHEMA_VERSION = 1;

/** Leads per stored chunk: 100,000 leads are 100 records, so a reload reads 101, not 100,000. */
export const LEAD_CHUNK = 1000;

/** How every record is stored: the schema version, a revision bumped on each write, and the data. */
export interface Envelope<T> {
	/** Schema version of `data`. */
	v: number;
	/** 1 on the first write, +1 on each later one; compare it to detect another tab's write. */
	rev: number;
	/** ISO 8601 time of the last write. */
	updatedAt: string;
	data: T;
}

/** Interface theme and the UI's selection and mapping preferences (the `prefs` record). */
export interface Prefs {
	theme: 'light' | 'dark' | 'system';
	selectedWebhookId?: string;
	selectedLeadId?: string;
	selectedContextId?: string;
	/** Response-mapping coercion: Marketo's strict typing or the observed lenient mode. */
	coercion: 'strict' | 'lenient';
}

/** Preferences before the user has chosen any: the system theme and strict coercion. */
export const defaultPrefs: Readonly<Prefs> = Object.freeze({ theme: 'system', coercion: 'strict' });

/** The `meta` record: whether the example workspace was ever written (so it is written once). */
export interface Meta {
	seeded: boolean;
}

/** The `leads:index` record: the lead chunk ids, in lead order. */
export interface LeadIndex {
	chunks: string[];
}

/** A record that failed to load, copied aside under `backup:<key>`. */
export interface BackupRecord {
	/** The key the record was (and still is) stored under. */
	key: string;
	/** Why it was kept aside, in plain words. */
	reason: string;
	/** ISO 8601 time it was copied aside. */
	keptAt: string;
	/** The stored value exactly as it was read (envelope included). */
	raw: unknown;
}

/**
 * The storage keys. Lead chunk ids are decimal positions (`leads:0`, `leads:1`, …) and never
 * `index`; backups mirror the key they keep (`backup:webhook:<id>`).
 */
export const KEYS = {
	webhook: (id: string) => `webhook:${id}`,
	context: (id: string) => `context:${id}`,
	fields: 'fields',
	prefs: 'prefs',
	meta: 'meta',
	leadsIndex: 'leads:index',
	leadChunk: (chunkId: string) => `leads:${chunkId}`,
	backup: (key: string) => `backup:${key}`
} as const;

/** Key prefixes, for telling record kinds apart in `keys()`. */
export const PREFIX = {
	webhook: 'webhook:',
	context: 'context:',
	leads: 'leads:',
	backup: 'backup:'
} as const;

/** True for `leads:<chunkId>` (not the index). */
export function isLeadChunkKey(key: string): boolean {
	return key.startsWith(PREFIX.leads) && key !== KEYS.leadsIndex;
}

/** The outcome of a validator: the value (typed), or every problem found, each with its path. */
export type Validation<T> = { ok: true; value: T } | { ok: false; errors: string[] };

type Obj = Record<string, unknown>;

// Records keep TypeScript honest: adding a member to a union fails to compile until it is listed.
const HTTP_METHODS = Object.keys({
	GET: 1,
	POST: 1,
	PUT: 1,
	PATCH: 1,
	DELETE: 1
} satisfies Record<HttpMethod, 1>);
const TOKEN_ENCODINGS = Object.keys({ none: 1, json: 1, form: 1 } satisfies Record<
	TokenEncoding,
	1
>);
const RESPONSE_TYPES = Object.keys({ none: 1, json: 1, xml: 1 } satisfies Record<ResponseType, 1>);
const MY_TOKEN_TYPES = Object.keys({ text: 1, number: 1, date: 1 } satisfies Record<
	MyTokenType,
	1
>);
const CAMPAIGN_TYPES = ['trigger', 'batch'];
const THEMES = Object.keys({ light: 1, dark: 1, system: 1 } satisfies Record<Prefs['theme'], 1>);
const COERCIONS = Object.keys({ strict: 1, lenient: 1 } satisfies Record<Prefs['coercion'], 1>);
const NOW_MODES = ['live', 'fixed'];

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** `path.name`, or `path["First Name"]` when the name is not an identifier. */
function prop(path: string, name: string): string {
	if (IDENTIFIER.test(name)) return path ? `${path}.${name}` : name;
	return `${path}[${JSON.stringify(name)}]`;
}

function quote(text: string): string {
	return JSON.stringify(text.length > 60 ? `${text.slice(0, 57)}…` : text);
}

/** What a value is, for messages: `the number 5`, `an array`, `nothing`. */
export function describeValue(x: unknown): string {
	if (x === undefined) return 'nothing';
	if (x === null) return 'null';
	if (Array.isArray(x)) return 'an array';
	switch (typeof x) {
		case 'string':
			return `the text ${quote(x)}`;
		case 'number':
			return `the number ${x}`;
		case 'boolean':
			return String(x);
		case 'object':
			return isPlainObject(x) ? 'an object' : `a ${Object.prototype.toString.call(x).slice(8, -1)}`;
		default:
			return `a ${typeof x}`;
	}
}

// toString, not the prototype, so a Map or Date is refused even when it comes from another realm.
function isPlainObject(x: unknown): x is Obj {
	return (
		typeof x === 'object' && x !== null && Object.prototype.toString.call(x) === '[object Object]'
	);
}

/** Collects problems as `path: message`. */
class Problems {
	readonly errors: string[] = [];

	add(path: string, message: string): void {
		this.errors.push(path ? `${path}: ${message}` : message);
	}

	object(x: unknown, path: string): x is Obj {
		if (isPlainObject(x)) return true;
		this.add(
			path,
			x === undefined
				? 'missing (expected an object)'
				: `expected an object, found ${describeValue(x)}`
		);
		return false;
	}

	array(x: unknown, path: string): x is unknown[] {
		if (Array.isArray(x)) return true;
		this.add(
			path,
			x === undefined ? 'missing (expected a list)' : `expected a list, found ${describeValue(x)}`
		);
		return false;
	}

	string(x: unknown, path: string, options: { nonEmpty?: boolean } = {}): x is string {
		if (typeof x !== 'string') {
			this.add(
				path,
				x === undefined ? 'missing (expected text)' : `expected text, found ${describeValue(x)}`
			);
			return false;
		}
		if (options.nonEmpty && x.trim() === '') {
			this.add(path, 'must not be empty');
			return false;
		}
		return true;
	}

	oneOf(x: unknown, allowed: readonly string[], path: string): boolean {
		if (typeof x === 'string' && allowed.includes(x)) return true;
		const list = allowed.join(', ');
		if (typeof x === 'string') this.add(path, `${quote(x)} is not one of ${list}`);
		else if (x === undefined) this.add(path, `missing (expected one of ${list})`);
		else this.add(path, `expected one of ${list}, found ${describeValue(x)}`);
		return false;
	}

	/** A list whose items each get `each(item, itemPath)`. */
	list(x: unknown, path: string, each: (item: unknown, path: string) => void): void {
		if (this.array(x, path)) x.forEach((item, i) => each(item, `${path}[${i}]`));
	}

	/** `{ name: string, value: string }`-style objects: every listed key must hold text. */
	strings(x: unknown, path: string, names: readonly string[]): void {
		if (this.object(x, path)) for (const name of names) this.string(x[name], prop(path, name));
	}

	/** An object whose values all pass `check`. */
	record(x: unknown, path: string, check: (v: unknown) => boolean, expected: string): void {
		if (!this.object(x, path)) return;
		for (const name of Object.keys(x)) {
			const v = x[name];
			if (!check(v)) this.add(prop(path, name), `expected ${expected}, found ${describeValue(v)}`);
		}
	}

	result<T>(x: unknown): Validation<T> {
		return this.errors.length ? { ok: false, errors: this.errors } : { ok: true, value: x as T };
	}
}

/** A lead field value: text, a finite number, true/false or null (what JSON can carry). */
export function isFieldValue(v: unknown): boolean {
	return (
		v === null ||
		typeof v === 'string' ||
		typeof v === 'boolean' ||
		(typeof v === 'number' && Number.isFinite(v))
	);
}

const FIELD_VALUE = 'text, a number, true/false or null';

function checkWebhook(p: Problems, x: unknown, path: string): void {
	if (!p.object(x, path)) return;
	p.string(x.id, prop(path, 'id'), { nonEmpty: true });
	for (const name of ['name', 'description', 'url', 'template'])
		p.string(x[name], prop(path, name));
	p.oneOf(x.method, HTTP_METHODS, prop(path, 'method'));
	p.oneOf(x.tokenEncoding, TOKEN_ENCODINGS, prop(path, 'tokenEncoding'));
	p.oneOf(x.responseType, RESPONSE_TYPES, prop(path, 'responseType'));
	p.list(x.headers, prop(path, 'headers'), (h, hp) => p.strings(h, hp, ['name', 'value']));
	p.list(x.responseMappings, prop(path, 'responseMappings'), (m, mp) =>
		p.strings(m, mp, ['attribute', 'field'])
	);
}

function checkLead(p: Problems, x: unknown, path: string): void {
	if (!p.object(x, path)) return;
	p.string(x.id, prop(path, 'id'), { nonEmpty: true });
	p.record(x.values, prop(path, 'values'), isFieldValue, FIELD_VALUE);
	p.record(x.company, prop(path, 'company'), isFieldValue, FIELD_VALUE);
}

function checkNamedRef(p: Problems, x: unknown, path: string): void {
	if (x !== null) p.strings(x, path, ['name', 'id', 'description']);
}

function checkContext(p: Problems, x: unknown, path: string): void {
	if (!p.object(x, path)) return;
	p.string(x.id, prop(path, 'id'), { nonEmpty: true });
	p.string(x.name, prop(path, 'name'));
	p.oneOf(x.campaignType, CAMPAIGN_TYPES, prop(path, 'campaignType'));
	const trigger = x.trigger;
	const tp = prop(path, 'trigger');
	if (trigger !== null && p.object(trigger, tp)) {
		p.string(trigger.name, prop(tp, 'name'));
		p.record(trigger.values, prop(tp, 'values'), (v) => typeof v === 'string', 'text');
	}
	checkNamedRef(p, x.campaign, prop(path, 'campaign'));
	checkNamedRef(p, x.program, prop(path, 'program'));
	p.list(x.myTokens, prop(path, 'myTokens'), (t, mp) => {
		if (!p.object(t, mp)) return;
		p.string(t.name, prop(mp, 'name'));
		p.oneOf(t.type, MY_TOKEN_TYPES, prop(mp, 'type'));
		p.string(t.value, prop(mp, 'value'));
	});
	p.list(x.member, prop(path, 'member'), (m, mp) => p.strings(m, mp, ['name', 'value']));
	p.string(x.timeZone, prop(path, 'timeZone'));
	const now = x.now;
	const np = prop(path, 'now');
	if (p.object(now, np) && p.oneOf(now.mode, NOW_MODES, prop(np, 'mode')) && now.mode === 'fixed') {
		const ip = prop(np, 'iso');
		if (p.string(now.iso, ip) && Number.isNaN(Date.parse(now.iso)))
			p.add(
				ip,
				`${quote(now.iso)} is not a date and time (expected ISO 8601, e.g. 2024-05-01T09:00:00Z)`
			);
	}
}

function checkFieldDef(p: Problems, x: unknown, path: string): void {
	if (!p.object(x, path)) return;
	p.string(x.name, prop(path, 'name'), { nonEmpty: true });
	p.string(x.apiName, prop(path, 'apiName'), { nonEmpty: true });
	p.oneOf(x.type, FIELD_TYPES, prop(path, 'type'));
}

/** Reports the second and later items that share an `id` (or another key) with an earlier one. */
function checkUnique(
	p: Problems,
	items: unknown[],
	path: string,
	name: string,
	fold = false
): void {
	const seen = new Map<string, number>();
	items.forEach((item, i) => {
		if (!isPlainObject(item) || typeof item[name] !== 'string') return;
		const value = item[name];
		const id = fold ? value.toLowerCase() : value;
		const first = seen.get(id);
		if (first === undefined) seen.set(id, i);
		else p.add(`${path}[${i}].${name}`, `${quote(value)} is also the ${name} of ${path}[${first}]`);
	});
}

/**
 * Checks a {@link WebhookDefinition}: every field's type, and `method`, `tokenEncoding` and
 * `responseType` against their allowed values.
 * @param path prefix for messages, e.g. `webhooks[2]` @default ''
 */
export function validateWebhook(x: unknown, path = ''): Validation<WebhookDefinition> {
	const p = new Problems();
	checkWebhook(p, x, path);
	return p.result(x);
}

/**
 * Checks a {@link Lead}: a non-empty `id`, and `values` and `company` objects whose values are text,
 * finite numbers, booleans or null.
 * @param path prefix for messages @default ''
 */
export function validateLead(x: unknown, path = ''): Validation<Lead> {
	const p = new Problems();
	checkLead(p, x, path);
	return p.result(x);
}

/**
 * Checks a {@link FlowContextDef}: campaign type, trigger (`null` or `{ name, values }`), campaign
 * and program (`null` or `{ name, id, description }`), My Token types, member fields, time zone
 * and `now` (`{ mode: 'live' }` or `{ mode: 'fixed', iso }` with a parseable date).
 * @param path prefix for messages @default ''
 */
export function validateContext(x: unknown, path = ''): Validation<FlowContextDef> {
	const p = new Problems();
	checkContext(p, x, path);
	return p.result(x);
}

/**
 * Checks one {@link FieldDef}: non-empty `name` and `apiName`, `type` one of the field types.
 * @param path prefix for messages @default ''
 */
export function validateFieldDef(x: unknown, path = ''): Validation<FieldDef> {
	const p = new Problems();
	checkFieldDef(p, x, path);
	return p.result(x);
}

/**
 * Checks the custom field list: each a valid {@link FieldDef}, no two with the same name or API
 * name (compared ignoring case, as tokens are).
 * @param path prefix for messages @default ''
 */
export function validateCustomFields(x: unknown, path = ''): Validation<FieldDef[]> {
	const p = new Problems();
	checkCustomFields(p, x, path);
	return p.result(x);
}

function checkCustomFields(p: Problems, x: unknown, path: string): void {
	if (!p.array(x, path)) return;
	x.forEach((f, i) => checkFieldDef(p, f, `${path}[${i}]`));
	checkUnique(p, x, path, 'name', true);
	checkUnique(p, x, path, 'apiName', true);
}

/**
 * Checks {@link Prefs}: `theme` and `coercion` values, and the optional selected ids (text).
 * @param path prefix for messages @default ''
 */
export function validatePrefs(x: unknown, path = ''): Validation<Prefs> {
	const p = new Problems();
	if (p.object(x, path)) {
		p.oneOf(x.theme, THEMES, prop(path, 'theme'));
		p.oneOf(x.coercion, COERCIONS, prop(path, 'coercion'));
		for (const name of ['selectedWebhookId', 'selectedLeadId', 'selectedContextId'])
			if (x[name] !== undefined) p.string(x[name], prop(path, name));
	}
	return p.result(x);
}

/**
 * Checks {@link Meta}: `seeded` is true or false.
 * @param path prefix for messages @default ''
 */
export function validateMeta(x: unknown, path = ''): Validation<Meta> {
	const p = new Problems();
	if (p.object(x, path) && typeof x.seeded !== 'boolean')
		p.add(prop(path, 'seeded'), `expected true or false, found ${describeValue(x.seeded)}`);
	return p.result(x);
}

/**
 * Checks {@link LeadIndex}: `chunks` is a list of distinct, non-empty chunk ids, none `index`.
 * @param path prefix for messages @default ''
 */
export function validateLeadIndex(x: unknown, path = ''): Validation<LeadIndex> {
	const p = new Problems();
	if (p.object(x, path)) {
		const cp = prop(path, 'chunks');
		p.list(x.chunks, cp, (id, ip) => {
			if (p.string(id, ip, { nonEmpty: true }) && id === 'index')
				p.add(ip, '"index" cannot be a chunk id');
		});
		if (Array.isArray(x.chunks)) {
			const seen = new Set<unknown>();
			x.chunks.forEach((id, i) => {
				if (seen.has(id)) p.add(`${cp}[${i}]`, `${quote(String(id))} is listed twice`);
				seen.add(id);
			});
		}
	}
	return p.result(x);
}

/**
 * Checks the envelope of a stored record: `v` a whole number ≥ 1, `rev` a whole number ≥ 0,
 * `updatedAt` text and a `data` property. Does not look inside `data`.
 */
export function validateEnvelope(x: unknown): Validation<Envelope<unknown>> {
	const p = new Problems();
	if (!isPlainObject(x)) {
		p.add(
			'',
			`not a stored record (expected { v, rev, updatedAt, data }, found ${describeValue(x)})`
		);
		return p.result(x);
	}
	if (!Number.isInteger(x.v) || (x.v as number) < 1)
		p.add('v', `expected a version number (1 or more), found ${describeValue(x.v)}`);
	if (!Number.isInteger(x.rev) || (x.rev as number) < 0)
		p.add('rev', `expected a revision number (0 or more), found ${describeValue(x.rev)}`);
	p.string(x.updatedAt, 'updatedAt');
	if (!('data' in x)) p.add('data', 'missing');
	return p.result(x);
}

/**
 * Checks a whole {@link Workspace}: the four lists, every record in them, and that no two webhooks,
 * contexts or leads share an id. Lists every problem, in document order.
 * @param path prefix for messages @default ''
 */
export function validateWorkspace(x: unknown, path = ''): Validation<Workspace> {
	const p = new Problems();
	if (p.object(x, path)) {
		const list = (name: string, check: (p: Problems, x: unknown, path: string) => void) => {
			const lp = prop(path, name);
			p.list(x[name], lp, (item, ip) => check(p, item, ip));
			if (Array.isArray(x[name])) checkUnique(p, x[name], lp, 'id');
		};
		list('webhooks', checkWebhook);
		list('leads', checkLead);
		checkCustomFields(p, x.customFields, prop(path, 'customFields'));
		list('contexts', checkContext);
	}
	return p.result(x);
}
