import type { FlowContext, WebhookDefinition } from '../index';

/** A POST webhook with JSON encoding and a JSON Content-Type; override what a test is about. */
export function webhook(over: Partial<WebhookDefinition> = {}): WebhookDefinition {
	return {
		id: 'wh-1',
		name: 'Test webhook',
		description: '',
		url: 'https://hooks.example.com/in',
		method: 'POST',
		template: '',
		tokenEncoding: 'json',
		responseType: 'json',
		headers: [{ name: 'Content-Type', value: 'application/json' }],
		responseMappings: [],
		...over
	};
}

/** A trigger-campaign context with one lead; override what a test is about. */
export function context(over: Partial<FlowContext> = {}): FlowContext {
	return {
		campaignType: 'trigger',
		lead: { 'First Name': 'Jane', 'Last Name': 'Doe', 'Email Address': 'jane@example.com' },
		now: new Date('2013-08-08T23:36:13Z'),
		timeZone: 'America/Los_Angeles',
		...over
	};
}

export const codes = (diags: { code: string }[]) => diags.map((d) => d.code);
