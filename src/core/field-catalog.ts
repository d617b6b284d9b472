import { defaultLeadFields } from './fields';
import type { FieldDef } from './types';

/** Field definitions indexed for look-ups by display name and by API name (both lower-cased). */
export interface FieldCatalog {
	list: FieldDef[];
	byName: Map<string, FieldDef>;
	byApiName: Map<string, FieldDef>;
}

const cache = new WeakMap<FieldDef[], FieldCatalog>();
let defaultsOnly: FieldCatalog | null = null;

function build(list: FieldDef[]): FieldCatalog {
	const byName = new Map<string, FieldDef>();
	const byApiName = new Map<string, FieldDef>();
	for (const def of list) {
		byName.set(def.name.toLowerCase(), def);
		byApiName.set(def.apiName.toLowerCase(), def);
	}
	return { list: [...byName.values()], byName, byApiName };
}

/**
 * The person-field catalog: `defaultLeadFields` plus the given custom fields (a custom field with a
 * standard field's display name replaces it). Cached per array, since it is consulted per token.
 * @param options.withDefaults @default true; false indexes only the given fields.
 */
export function fieldCatalog(
	fields?: FieldDef[],
	options: { withDefaults?: boolean } = {}
): FieldCatalog {
	const withDefaults = options.withDefaults ?? true;
	if (!fields || fields.length === 0) {
		if (!withDefaults) return build([]);
		return (defaultsOnly ??= build(defaultLeadFields));
	}
	if (!withDefaults) return build(fields);
	let hit = cache.get(fields);
	if (!hit) {
		hit = build([...defaultLeadFields, ...fields]);
		cache.set(fields, hit);
	}
	return hit;
}
