import { describe, expect, it } from 'vitest';
import { newFlowContext, newWebhook } from '../core';
import {
	validateContext,
	validateCustomFields,
	validateEnvelope,
	validateLead,
	validateLeadIndex,
	validateMeta,
	validatePrefs,
	validateWebhook,
	validateWorkspace
} from './schema';

const errorsOf = (r: { ok: boolean; errors?: string[] }) => (r.ok ? [] : r.errors);

describe('validateWebhook', () => {
	it('accepts a new webhook as is', () => {
		const w = newWebhook('w1');
		expect(validateWebhook(w)).toEqual({ ok: true, value: w });
	});

	it('names the path and the allowed values of a bad enum', () => {
		const w = { ...newWebhook('w1'), method: 'FETCH' };
		expect(errorsOf(validateWebhook(w, 'webhooks[2]'))).toEqual([
			'webhooks[2].method: "FETCH" is not one of GET, POST, PUT, PATCH, DELETE'
		]);
	});

	it('lists every problem, including inside headers and mappings', () => {
		const w = {
			...newWebhook('w1'),
			tokenEncoding: 'url',
			responseType: 5,
			url: undefined,
			headers: [{ name: 'X-A', value: 1 }],
			responseMappings: [{ attribute: 'a' }]
		};
		expect(errorsOf(validateWebhook(w))).toEqual([
			'url: missing (expected text)',
			'tokenEncoding: "url" is not one of none, json, form',
			'responseType: expected one of none, json, xml, found the number 5',
			'headers[0].value: expected text, found the number 1',
			'responseMappings[0].field: missing (expected text)'
		]);
	});

	it('refuses something that is not an object', () => {
		expect(errorsOf(validateWebhook(null, 'webhooks[0]'))).toEqual([
			'webhooks[0]: expected an object, found null'
		]);
	});
});

describe('validateLead', () => {
	it('accepts text, finite numbers, booleans and null', () => {
		const lead = { id: 'l1', values: { a: 'x', b: 1.5, c: false, d: null }, company: {} };
		expect(validateLead(lead).ok).toBe(true);
	});

	it('refuses other values, quoting names that are not identifiers', () => {
		const lead = {
			id: '',
			values: { 'First Name': { first: 'Ann' }, Score: Number.NaN },
			company: []
		};
		expect(errorsOf(validateLead(lead, 'leads[4]'))).toEqual([
			'leads[4].id: must not be empty',
			'leads[4].values["First Name"]: expected text, a number, true/false or null, found an object',
			'leads[4].values.Score: expected text, a number, true/false or null, found the number NaN',
			'leads[4].company: expected an object, found an array'
		]);
	});
});

describe('validateContext', () => {
	it('accepts a new context and a full one', () => {
		expect(validateContext(newFlowContext('c1')).ok).toBe(true);
		const full = {
			...newFlowContext('c2'),
			campaignType: 'batch',
			trigger: { name: 'Fills Out Form', values: { 'Web Form Name': 'Signup' } },
			campaign: { name: 'Welcome', id: '1001', description: '' },
			program: { name: 'Webinar', id: '2002', description: 'Q3' },
			myTokens: [{ name: 'Price', type: 'number', value: '42' }],
			member: [{ name: 'webinar url', value: 'https://example.com/w' }],
			now: { mode: 'fixed', iso: '2024-05-01T09:00:00Z' }
		};
		expect(validateContext(full).ok).toBe(true);
	});

	it('checks the trigger shape, My Token types and the now shape', () => {
		const c = {
			...newFlowContext('c1'),
			campaignType: 'scheduled',
			trigger: { name: 'Fills Out Form', values: { 'Web Form Name': 7 } },
			campaign: { name: 'x' },
			myTokens: [{ name: 'Price', type: 'money', value: '4' }],
			now: { mode: 'fixed', iso: 'tomorrow' }
		};
		expect(errorsOf(validateContext(c, 'contexts[1]'))).toEqual([
			'contexts[1].campaignType: "scheduled" is not one of trigger, batch',
			'contexts[1].trigger.values["Web Form Name"]: expected text, found the number 7',
			'contexts[1].campaign.id: missing (expected text)',
			'contexts[1].campaign.description: missing (expected text)',
			'contexts[1].myTokens[0].type: "money" is not one of text, number, date',
			'contexts[1].now.iso: "tomorrow" is not a date and time (expected ISO 8601, e.g. 2024-05-01T09:00:00Z)'
		]);
		expect(errorsOf(validateContext({ ...newFlowContext('c1'), now: { mode: 'frozen' } }))).toEqual(
			['now.mode: "frozen" is not one of live, fixed']
		);
	});
});

describe('validateCustomFields', () => {
	it('checks field types and refuses duplicate names, ignoring case', () => {
		const fields = [
			{ name: 'Plan', apiName: 'plan', type: 'string' },
			{ name: 'plan', apiName: 'plan2', type: 'money' }
		];
		expect(errorsOf(validateCustomFields(fields))).toEqual([
			'[1].type: "money" is not one of string, text, email, phone, url, integer, float, currency, score, percent, boolean, date, datetime',
			'[1].name: "plan" is also the name of [0]'
		]);
	});
});

describe('small records', () => {
	it('validates prefs, meta, the lead index and the envelope', () => {
		expect(validatePrefs({ theme: 'dark', coercion: 'lenient', selectedLeadId: 'l1' }).ok).toBe(
			true
		);
		expect(
			errorsOf(validatePrefs({ theme: 'blue', coercion: 'strict', selectedWebhookId: 3 }))
		).toEqual([
			'theme: "blue" is not one of light, dark, system',
			'selectedWebhookId: expected text, found the number 3'
		]);
		expect(errorsOf(validateMeta({ seeded: 'yes' }))).toEqual([
			'seeded: expected true or false, found the text "yes"'
		]);
		expect(errorsOf(validateLeadIndex({ chunks: ['0', 'index', '0'] }))).toEqual([
			'chunks[1]: "index" cannot be a chunk id',
			'chunks[2]: "0" is listed twice'
		]);
		expect(validateEnvelope({ v: 1, rev: 0, updatedAt: '', data: null }).ok).toBe(true);
		expect(errorsOf(validateEnvelope({ v: 0, rev: -1, updatedAt: 1 }))).toEqual([
			'v: expected a version number (1 or more), found the number 0',
			'rev: expected a revision number (0 or more), found the number -1',
			'updatedAt: expected text, found the number 1',
			'data: missing'
		]);
	});
});

describe('validateWorkspace', () => {
	it('requires the four lists and unique ids', () => {
		const ws = {
			webhooks: [newWebhook('a'), newWebhook('a')],
			leads: [],
			contexts: [newFlowContext('c')]
		};
		expect(errorsOf(validateWorkspace(ws))).toEqual([
			'webhooks[1].id: "a" is also the id of webhooks[0]',
			'customFields: missing (expected a list)'
		]);
	});
});
