import { marketoTriggers } from './fields';
import type { FieldDef, FieldValue, FlowContext, WebhookDefinition } from './types';

/**
 * The records a workspace holds: webhooks, sample leads, custom fields and named flow contexts.
 * Plain data (structured-clone safe), so it can be stored, exported and sent to a worker as is.
 */

/** A sample lead. Values are keyed by field display name, as written in tokens. */
export interface Lead {
	id: string;
	values: Record<string, FieldValue>;
	/** The lead's company, for `{{company.…}}` tokens, keyed by company field display name. */
	company: Record<string, FieldValue>;
}

export type MyTokenType = 'text' | 'number' | 'date';

/** A program My Token (UG-MY): Text, Number (renders bare under JSON) or Date (yyyy-mm-dd). */
export interface MyToken {
	name: string;
	type: MyTokenType;
	value: string;
}

/** A named, editable flow context: what surrounds the Call Webhook step. */
export interface FlowContextDef {
	id: string;
	name: string;
	campaignType: 'trigger' | 'batch';
	/** The trigger that starts the flow (a `marketoTriggers` name) and its token values. */
	trigger: { name: string; values: Record<string, string> } | null;
	campaign: { name: string; id: string; description: string } | null;
	program: { name: string; id: string; description: string } | null;
	myTokens: MyToken[];
	/** Program member fields, e.g. `webinar url`; only in scope with a program. */
	member: { name: string; value: string }[];
	/** IANA zone of the account, for system tokens. */
	timeZone: string;
	/** System tokens use the real clock, or a fixed instant (ISO 8601) for repeatable output. */
	now: { mode: 'live' } | { mode: 'fixed'; iso: string };
}

export interface Workspace {
	webhooks: WebhookDefinition[];
	leads: Lead[];
	customFields: FieldDef[];
	contexts: FlowContextDef[];
}

/** The trigger tokens a trigger fills (UG-TRIG); an unknown trigger name fills none. */
export function triggerTokens(name: string): readonly string[] {
	return marketoTriggers.find((t) => t.name === name)?.tokens ?? [];
}

const numericId = (id: string): string | number => (/^\d+$/.test(id.trim()) ? Number(id) : id);

/**
 * Builds the core's FlowContext for one lead. Only what the context supplies is in scope: no
 * trigger → no trigger tokens; the trigger supplies exactly its documented tokens (with
 * `Trigger Name` always the trigger itself); My Tokens and member fields need a program.
 * @param clock the real clock for `now.mode === 'live'` @default () => new Date()
 */
export function toFlowContext(
	def: FlowContextDef,
	lead: Lead,
	clock: () => Date = () => new Date()
): FlowContext {
	return flowContexts(def, clock)(lead);
}

/**
 * {@link toFlowContext} for many leads (a campaign run): what does not depend on the lead (trigger,
 * campaign, program, My Tokens, member) is built once and shared by every context it returns.
 */
export function flowContexts(
	def: FlowContextDef,
	clock: () => Date = () => new Date()
): (lead: Lead) => FlowContext {
	const shared: Omit<FlowContext, 'campaignType' | 'lead' | 'company' | 'timeZone' | 'now'> = {};
	if (def.trigger) {
		const supplied: Record<string, string> = {};
		for (const token of triggerTokens(def.trigger.name))
			supplied[token] =
				token === 'Trigger Name' ? def.trigger.name : (def.trigger.values[token] ?? '');
		shared.trigger = supplied;
	}
	if (def.campaign)
		shared.campaign = {
			name: def.campaign.name,
			id: numericId(def.campaign.id),
			description: def.campaign.description
		};
	if (def.program) {
		shared.program = {
			Name: def.program.name,
			Description: def.program.description,
			id: numericId(def.program.id)
		};
		shared.my = Object.fromEntries(
			def.myTokens.map((t) => [
				t.name,
				t.type === 'number' && t.value.trim() !== '' && Number.isFinite(Number(t.value))
					? Number(t.value)
					: t.value
			])
		);
		shared.member = Object.fromEntries(def.member.map((m) => [m.name, m.value]));
	}
	const fixed = def.now.mode === 'fixed' ? def.now.iso : null;
	return (lead) => ({
		campaignType: def.campaignType,
		lead: lead.values,
		company: lead.company,
		timeZone: def.timeZone,
		now: fixed === null ? clock() : new Date(fixed),
		...shared
	});
}

/** A new, empty webhook with Marketo's defaults. */
export function newWebhook(id: string, name = 'New webhook'): WebhookDefinition {
	return {
		id,
		name,
		description: '',
		url: 'https://',
		method: 'POST',
		template: '',
		tokenEncoding: 'json',
		responseType: 'none',
		headers: [{ name: 'Content-Type', value: 'application/json' }],
		responseMappings: []
	};
}

/** A trigger-campaign context with no trigger, campaign or program, in UTC, on the live clock. */
export function newFlowContext(id: string, name = 'New context'): FlowContextDef {
	return {
		id,
		name,
		campaignType: 'trigger',
		trigger: null,
		campaign: null,
		program: null,
		myTokens: [],
		member: [],
		timeZone: 'UTC',
		now: { mode: 'live' }
	};
}
