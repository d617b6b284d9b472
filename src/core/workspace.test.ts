import { describe, expect, it } from 'vitest';
import { renderRequest } from './template/render';
import {
	flowContexts,
	newFlowContext,
	newWebhook,
	toFlowContext,
	type FlowContextDef
} from './workspace';

const def: FlowContextDef = {
	...newFlowContext('c1', 'Webinar'),
	trigger: { name: 'Fills Out Form', values: { Name: 'Webinar signup', Referrer: 'x' } },
	campaign: { name: 'Welcome', id: '1001', description: 'd' },
	program: { name: 'Q3 Webinar', id: 'P-7', description: '' },
	myTokens: [
		{ name: 'discount', type: 'number', value: '15' },
		{ name: 'code', type: 'text', value: 'SPRING' }
	],
	member: [{ name: 'webinar url', value: 'https://w.example/j/1' }]
};
const jane = { id: 'L1', values: { 'First Name': 'Jane' }, company: { 'Company Name': 'Acme' } };
const joe = { id: 'L2', values: { 'First Name': 'Joe' }, company: {} };

describe('toFlowContext', () => {
	it('puts in scope exactly what the context supplies', () => {
		const ctx = toFlowContext(def, jane, () => new Date('2024-05-01T09:00:00Z'));
		expect(ctx).toEqual({
			campaignType: 'trigger',
			lead: { 'First Name': 'Jane' },
			company: { 'Company Name': 'Acme' },
			timeZone: 'UTC',
			now: new Date('2024-05-01T09:00:00Z'),
			// Only the trigger's documented tokens; Referrer is not one of Fills Out Form's.
			trigger: {
				'Trigger Name': 'Fills Out Form',
				Name: 'Webinar signup',
				'Web Page': '',
				'Client IP Address': ''
			},
			campaign: { name: 'Welcome', id: 1001, description: 'd' },
			program: { Name: 'Q3 Webinar', Description: '', id: 'P-7' },
			my: { discount: 15, code: 'SPRING' },
			member: { 'webinar url': 'https://w.example/j/1' }
		});
		const bare = toFlowContext(newFlowContext('c2'), jane);
		expect(Object.keys(bare).sort()).toEqual([
			'campaignType',
			'company',
			'lead',
			'now',
			'timeZone'
		]);
	});
});

describe('flowContexts', () => {
	it('gives each lead the context toFlowContext gives it, sharing what no lead changes', () => {
		let ticks = 0;
		const clock = () => new Date(Date.UTC(2024, 4, 1, 9, 0, ticks++));
		const contextFor = flowContexts(def, clock);
		const a = contextFor(jane);
		const b = contextFor(joe);
		expect(a).toEqual(toFlowContext(def, jane, () => new Date(Date.UTC(2024, 4, 1, 9, 0, 0))));
		expect(b.lead).toEqual({ 'First Name': 'Joe' });
		expect(b.now).toEqual(new Date(Date.UTC(2024, 4, 1, 9, 0, 1))); // the live clock, per lead
		expect(b.program).toBe(a.program);
		expect(b.my).toBe(a.my);
		// Rendering does not change the shared parts.
		const w = { ...newWebhook('w1'), template: '{"d": {{my.discount}}, "n": {{lead.First Name}}}' };
		expect(renderRequest(w, a).request?.body).toBe('{"d": 15, "n": "Jane"}');
		expect(renderRequest(w, b).request?.body).toBe('{"d": 15, "n": "Joe"}');
		expect(a.my).toEqual({ discount: 15, code: 'SPRING' });

		const fixed = flowContexts({ ...def, now: { mode: 'fixed', iso: '2024-01-02T03:04:05Z' } });
		expect(fixed(jane).now).toEqual(new Date('2024-01-02T03:04:05Z'));
		expect(fixed(joe).now).not.toBe(fixed(jane).now); // a Date each: a caller may change it
	});
});
