import { fieldCatalog } from '../field-catalog';
import type { FieldChange } from '../http/send-types';
import type { FieldDef, FieldValue, MappingResult } from '../types';

/**
 * The "Change Data Value" activities a response would cause on a lead: one per mapped field,
 * with its display name and the value before and after (keyed by the lead's display names, as
 * leads are stored). Updates to a field that already holds the same value change nothing and are
 * left out, as Marketo logs no activity for them.
 */
export function changesFor(
	values: Record<string, FieldValue>,
	updates: MappingResult['updates'],
	fields?: FieldDef[]
): FieldChange[] {
	const catalog = fieldCatalog(fields);
	const last = new Map<string, FieldValue>();
	for (const u of updates) last.set(u.field, u.value); // the last mapping to a field wins
	const changes: FieldChange[] = [];
	for (const [field, after] of last) {
		const name = catalog.byApiName.get(field.toLowerCase())?.name ?? field;
		const before = values[name] ?? null;
		if (before === after) continue;
		changes.push({ field, name, before, after });
	}
	return changes;
}

/** The lead's values with `changes` applied, keyed by display name. */
export function applyChanges(
	values: Record<string, FieldValue>,
	changes: FieldChange[]
): Record<string, FieldValue> {
	const next = { ...values };
	for (const c of changes) next[c.name] = c.after;
	return next;
}
