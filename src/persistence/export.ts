import { parseJson, type Workspace } from '../core';
import { SCHEMA_VERSION, describeValue, validateWorkspace } from './schema';

/** The `format` of a workspace file; anything else is not ours. */
export const WORKSPACE_FORMAT = 'webhook-playground-workspace';

/** The file version this build writes and the newest it reads. */
export const WORKSPACE_FILE_VERSION = SCHEMA_VERSION;

/** Import errors listed at most; the rest are counted ("and 12 more problems"). */
export const MAX_IMPORT_ERRORS = 50;

/** A webhook or flow context, as the import summary names it. */
export interface NamedRecord {
	id: string;
	name: string;
}

/** What an import does to one kind of record with an id. */
export interface RecordChanges {
	/** Ids not in the current workspace. */
	added: NamedRecord[];
	/** Same id as a current record, different content. */
	replaced: NamedRecord[];
	/** Same id and the same content. */
	unchanged: NamedRecord[];
	/** Current records the file does not have: an import removes them. */
	removed: NamedRecord[];
}

/** What an import would change, against the current workspace. */
export interface ImportSummary {
	webhooks: RecordChanges;
	contexts: RecordChanges;
	leads: { before: number; after: number };
	customFields: { before: number; after: number };
}

/**
 * The whole workspace as a pretty-printed JSON file:
 * `{ "format": "webhook-playground-workspace", "version": 1, "exportedAt": ISO, "workspace": {…} }`.
 * @param exportedAt @default new Date()
 */
export function exportWorkspace(ws: Workspace, exportedAt: Date = new Date()): string {
	const file = {
		format: WORKSPACE_FORMAT,
		version: WORKSPACE_FILE_VERSION,
		exportedAt: exportedAt.toISOString(),
		workspace: {
			webhooks: ws.webhooks,
			leads: ws.leads,
			customFields: ws.customFields,
			contexts: ws.contexts
		}
	};
	return `${JSON.stringify(file, null, '\t')}\n`;
}

/**
 * Structural equality of JSON-like data: same primitives, arrays in the same order, objects with
 * the same keys in any order. Maps, Dates and other objects compare by their own keys only.
 */
export function sameData(a: unknown, b: unknown): boolean {
	if (a === b) return true;
	if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
	if (Array.isArray(a) !== Array.isArray(b)) return false;
	if (Array.isArray(a) && Array.isArray(b))
		return a.length === b.length && a.every((x, i) => sameData(x, b[i]));
	const ao = a as Record<string, unknown>;
	const bo = b as Record<string, unknown>;
	const keys = Object.keys(ao);
	return (
		keys.length === Object.keys(bo).length &&
		keys.every((k) => Object.hasOwn(bo, k) && sameData(ao[k], bo[k]))
	);
}

function changes<T extends NamedRecord>(current: T[], next: T[]): RecordChanges {
	const named = ({ id, name }: T): NamedRecord => ({ id, name });
	const before = new Map(current.map((r) => [r.id, r]));
	const after = new Set(next.map((r) => r.id));
	const out: RecordChanges = { added: [], replaced: [], unchanged: [], removed: [] };
	for (const r of next) {
		const old = before.get(r.id);
		if (!old) out.added.push(named(r));
		else (sameData(old, r) ? out.unchanged : out.replaced).push(named(r));
	}
	for (const r of current) if (!after.has(r.id)) out.removed.push(named(r));
	return out;
}

/** What importing `next` over `current` changes. */
export function summarizeImport(current: Workspace, next: Workspace): ImportSummary {
	return {
		webhooks: changes(current.webhooks, next.webhooks),
		contexts: changes(current.contexts, next.contexts),
		leads: { before: current.leads.length, after: next.leads.length },
		customFields: { before: current.customFields.length, after: next.customFields.length }
	};
}

function capped(errors: string[]): string[] {
	if (errors.length <= MAX_IMPORT_ERRORS) return errors;
	const more = errors.length - MAX_IMPORT_ERRORS;
	return [
		...errors.slice(0, MAX_IMPORT_ERRORS),
		`…and ${more} more ${more === 1 ? 'problem' : 'problems'}`
	];
}

/**
 * Reads a workspace file (the text of {@link exportWorkspace}'s output) and checks all of it before
 * anything is applied: a file with any problem is refused whole. Pure: reads and writes nothing.
 *
 * Errors, in plain words: malformed JSON (one message with line and column), a file that is not a
 * workspace (`format`), a file from a newer version, and every invalid record with its path
 * (`webhooks[2].method: "FETCH" is not one of GET, POST, PUT, PATCH, DELETE`), at most
 * {@link MAX_IMPORT_ERRORS} then "…and N more problems".
 */
export function parseWorkspaceFile(
	text: string,
	current: Workspace
): { ok: true; workspace: Workspace; summary: ImportSummary } | { ok: false; errors: string[] } {
	const parsed = parseJson(text);
	if (!parsed.ok) {
		const { line, column, reason } = parsed.error;
		return {
			ok: false,
			errors: [`The file is not valid JSON: line ${line}, column ${column}: ${reason}.`]
		};
	}
	const file = parsed.value;
	if (typeof file !== 'object' || file === null || Array.isArray(file))
		return {
			ok: false,
			errors: [`This is not a Webhook Playground workspace file: it holds ${describeValue(file)}.`]
		};
	const { format, version, workspace } = file as Record<string, unknown>;
	if (format !== WORKSPACE_FORMAT)
		return {
			ok: false,
			errors: [
				`This is not a Webhook Playground workspace file: its "format" is ${describeValue(format)}, expected "${WORKSPACE_FORMAT}".`
			]
		};
	if (typeof version !== 'number' || !Number.isInteger(version) || version < 1)
		return {
			ok: false,
			errors: [`The file's "version" should be a whole number, found ${describeValue(version)}.`]
		};
	if (version > WORKSPACE_FILE_VERSION)
		return {
			ok: false,
			errors: [
				`This file was exported by a newer version of Webhook Playground (file version ${version}; this version reads up to ${WORKSPACE_FILE_VERSION}). Reload the page to get the newer version, then import it again.`
			]
		};
	if (typeof workspace !== 'object' || workspace === null || Array.isArray(workspace))
		return {
			ok: false,
			errors: [`The file has no "workspace" object: found ${describeValue(workspace)}.`]
		};
	// Version 1 is the only one so far; when version 2 arrives, older files run each record through
	// `migrateRecord` (migrations.ts) here before validation.
	const checked = validateWorkspace(workspace);
	if (!checked.ok) return { ok: false, errors: capped(checked.errors) };
	return {
		ok: true,
		workspace: checked.value,
		summary: summarizeImport(current, checked.value)
	};
}
