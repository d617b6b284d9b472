import {
	CAMPAIGN_TOKENS,
	PROGRAM_TOKENS,
	SYSTEM_LINK_TOKENS,
	TRIGGER_TOKENS,
	defaultCompanyFields,
	isNumericType
} from '../fields';
import { fieldCatalog, type FieldCatalog } from '../field-catalog';
import type { Diagnostic, FieldDef, FieldValue, FlowContext } from '../types';
import { formatSystemTokens, type SystemTokenValues } from './system-tokens';
import { formatToken, type TokenRef } from './tokens';

/**
 * Token scopes (DESIGN.md §4, reference §2.2): lead and system tokens always resolve; trigger,
 * campaign, program, my and member tokens only where the flow context supplies them.
 */

/** A token's value, looked up in the flow context. */
export interface Lookup {
	value: FieldValue | undefined;
	numeric: boolean;
	problem?: { code: string; severity: Diagnostic['severity']; message: string };
}

const CAMPAIGN_LOWER = new Set(CAMPAIGN_TOKENS.map((t) => t.toLowerCase()));
const PROGRAM_LOWER = new Set(PROGRAM_TOKENS.map((t) => t.toLowerCase()));
const TRIGGER_LOWER = new Set(TRIGGER_TOKENS.map((t) => t.toLowerCase()));
const LINK_LOWER = new Set(SYSTEM_LINK_TOKENS.map((t) => t.toLowerCase()));

function findKey<T>(record: Record<string, T>, name: string): T | undefined {
	if (Object.hasOwn(record, name)) return record[name];
	const lower = name.toLowerCase();
	for (const key in record) if (key.toLowerCase() === lower) return record[key];
	return undefined;
}

function hasKey(record: Record<string, unknown>, name: string): boolean {
	if (Object.hasOwn(record, name)) return true;
	const lower = name.toLowerCase();
	for (const key in record) if (key.toLowerCase() === lower) return true;
	return false;
}

const companyCatalog = fieldCatalog(defaultCompanyFields, { withDefaults: false });

/** Per-render lookups; system token values are formatted once, on first use. */
export class Env {
	#system: SystemTokenValues | null = null;
	constructor(
		readonly ctx: FlowContext,
		readonly fields: FieldCatalog,
		readonly timeZone: string
	) {}

	system(): SystemTokenValues {
		return (this.#system ??= formatSystemTokens(this.ctx.now ?? new Date(), this.timeZone));
	}

	lookup(ref: TokenRef): Lookup {
		const { ctx } = this;
		const token = formatToken(ref.scopeText, ref.name);
		switch (ref.scope) {
			case null:
				return {
					value: undefined,
					numeric: false,
					problem: {
						code: 'unknown-token',
						severity: 'warning',
						message: ref.scopeText
							? `${ref.raw}: "${ref.scopeText}" is not a Marketo token scope (lead, company, system, trigger, campaign, program, my, member). It renders empty.`
							: `${ref.raw} has no scope: write it as {{lead.${ref.name || 'Field Name'}}}. It renders empty.`
					}
				};
			case 'lead':
				return this.#field(ref, token, ctx.lead, this.fields.byName, 'person field');
			case 'company':
				return this.#field(ref, token, ctx.company ?? {}, companyCatalog.byName, 'company field');
			case 'system': {
				const key = ref.name.toLowerCase();
				if (key === 'date' || key === 'time' || key === 'datetime') {
					const sys = this.system();
					return {
						value: key === 'date' ? sys.date : key === 'time' ? sys.time : sys.dateTime,
						numeric: false
					};
				}
				if (LINK_LOWER.has(key))
					return {
						value: '',
						numeric: false,
						problem: {
							code: 'unknown-token',
							severity: 'warning',
							message: `${token} places a link in an email; what it renders in a webhook is undocumented. The playground renders it empty.`
						}
					};
				return unknown(token, 'Marketo has no such system token (date, time, dateTime).');
			}
			case 'trigger': {
				if (!ctx.trigger)
					return outOfScope(
						token,
						'Trigger tokens exist only when a trigger starts the flow; this flow context has no trigger.'
					);
				if (hasKey(ctx.trigger, ref.name))
					return { value: findKey(ctx.trigger, ref.name), numeric: false };
				if (TRIGGER_LOWER.has(ref.name.toLowerCase()))
					return outOfScope(
						token,
						'The trigger in this flow context does not supply it, so Marketo sends an empty string.'
					);
				return unknown(token, 'Marketo has no such trigger token.');
			}
			case 'campaign':
				return this.#scoped(
					ref,
					token,
					ctx.campaign,
					CAMPAIGN_LOWER,
					'campaign',
					'name, id, description'
				);
			case 'program':
				return this.#scoped(
					ref,
					token,
					ctx.program,
					PROGRAM_LOWER,
					'program',
					'Name, Description, id'
				);
			case 'my': {
				if (!ctx.my)
					return outOfScope(
						token,
						'My Tokens belong to a program; this flow context has no program.'
					);
				if (!hasKey(ctx.my, ref.name))
					return unknown(token, 'The program in this flow context has no My Token of that name.');
				const value = findKey(ctx.my, ref.name);
				return { value, numeric: typeof value === 'number' };
			}
			case 'member': {
				if (!ctx.member)
					return outOfScope(
						token,
						'Program member tokens exist only in the context of a program; this flow context has none.'
					);
				if (!hasKey(ctx.member, ref.name))
					return unknown(
						token,
						'The program in this flow context has no member field of that name.'
					);
				const value = findKey(ctx.member, ref.name);
				return { value, numeric: typeof value === 'number' };
			}
		}
	}

	#field(
		ref: TokenRef,
		token: string,
		record: Record<string, FieldValue>,
		byName: Map<string, FieldDef>,
		what: string
	): Lookup {
		const def = byName.get(ref.name.toLowerCase());
		if (def) {
			let value = Object.hasOwn(record, def.name) ? record[def.name] : findKey(record, ref.name);
			// Full Name is not stored: Marketo composes it from the name fields.
			if (def.name === 'Full Name' && byName === this.fields.byName && (value ?? '') === '')
				value = ['First Name', 'Middle Name', 'Last Name']
					.map((n) => record[n])
					.filter((v) => v !== null && v !== undefined && v !== '')
					.join(' ');
			return { value, numeric: isNumericType(def.type) };
		}
		if (hasKey(record, ref.name)) {
			const value = findKey(record, ref.name);
			return { value, numeric: typeof value === 'number' };
		}
		return unknown(
			token,
			`There is no ${what} with that display name; check the spelling, or add it as a custom field.`
		);
	}

	#scoped(
		ref: TokenRef,
		token: string,
		record: Record<string, FieldValue> | undefined,
		known: Set<string>,
		scope: string,
		list: string
	): Lookup {
		if (!record)
			return outOfScope(
				token,
				`${scope[0]!.toUpperCase() + scope.slice(1)} tokens are available only in their ${scope}'s scope; this flow context has no ${scope}.`
			);
		if (hasKey(record, ref.name)) {
			const value = findKey(record, ref.name);
			return { value, numeric: typeof value === 'number' };
		}
		if (known.has(ref.name.toLowerCase())) return { value: undefined, numeric: false };
		return unknown(token, `Marketo's ${scope} tokens are ${list}.`);
	}
}

function unknown(token: string, why: string): Lookup {
	return {
		value: undefined,
		numeric: false,
		problem: {
			code: 'unknown-token',
			severity: 'warning',
			message: `${token} is unknown. ${why} It renders empty.`
		}
	};
}

function outOfScope(token: string, why: string): Lookup {
	return {
		value: undefined,
		numeric: false,
		problem: {
			code: 'out-of-scope-token',
			severity: 'warning',
			message: `${token} is out of scope. ${why} It renders empty.`
		}
	};
}

export function stringify(value: FieldValue | undefined): string {
	if (value === null || value === undefined) return '';
	// How Marketo writes a Boolean into a webhook is undocumented (reference §8 item 14): we write
	// true/false.
	return String(value);
}
