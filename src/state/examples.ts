import type { FlowContextDef, WebhookDefinition, Workspace } from '../core';
import { generateLeads, TRICKY_LEADS } from '../core/leads/generate';

/**
 * The example workspace a first visit opens with (and "Restore examples" brings back): one webhook
 * per common shape, tricky sample leads, and flow contexts that show scope and error 1000.
 * Ids are fixed so restoring replaces the examples instead of duplicating them.
 */
export function exampleWorkspace(newId: () => string): Workspace {
	return {
		webhooks: EXAMPLE_WEBHOOKS.map((w) => structuredClone(w)),
		leads: [...structuredClone(TRICKY_LEADS), ...generateLeads(40, { seed: 7, newId })],
		customFields: [],
		contexts: EXAMPLE_CONTEXTS.map((c) => structuredClone(c))
	};
}

export const EXAMPLE_WEBHOOKS: WebhookDefinition[] = [
	{
		id: 'example-slack',
		name: 'Slack: new MQL alert',
		description:
			'A JSON POST to a Slack incoming webhook. Tokens sit bare: JSON encoding adds the quotes.',
		url: 'https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX',
		method: 'POST',
		template:
			'{\n  "username": "Marketo",\n  "text": {{lead.Lead Notes:default=New MQL}},\n  "attachments": [{\n    "title": {{lead.Full Name}},\n    "fields": [\n      { "title": "Email", "value": {{lead.Email Address}} },\n      { "title": "Company", "value": {{company.Company Name}} },\n      { "title": "Score", "value": {{lead.Lead Score:default=0}} },\n      { "title": "Form", "value": {{trigger.Web Page}} }\n    ]\n  }]\n}',
		tokenEncoding: 'json',
		responseType: 'none',
		headers: [{ name: 'Content-Type', value: 'application/json' }],
		responseMappings: []
	},
	{
		id: 'example-enrich',
		name: 'Enrichment lookup (GET, tokens in the query)',
		description:
			'A GET with tokens in the query string: Form/Url encoding makes jane+1@… arrive intact. The JSON answer is mapped back onto the lead.',
		url: 'https://api.enrich.example.com/v1/person?email={{lead.Email Address}}&company={{company.Company Name}}&campaign={{campaign.id}}',
		method: 'GET',
		template: '',
		tokenEncoding: 'form',
		responseType: 'json',
		headers: [
			{ name: 'Authorization', value: 'Bearer {{my.Enrich API Key}}' },
			{ name: 'Accept', value: 'application/json' }
		],
		responseMappings: [
			{ attribute: 'person.title', field: 'title' },
			{ attribute: 'person.location.city', field: 'city' },
			{ attribute: 'scores[0].value', field: 'leadScore' }
		]
	},
	{
		id: 'example-soap',
		name: 'CRM upsert (SOAP/XML)',
		description:
			'An XML body under None encoding (Marketo has no XML encoding: keep & and < out of the values) with an XML response mapped from the root element.',
		url: 'https://crm.example.com/soap/LeadService',
		method: 'POST',
		template:
			'<?xml version="1.0" encoding="UTF-8"?>\n<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">\n  <soap:Body>\n    <UpsertLead xmlns="urn:crm">\n      <Email>{{lead.Email Address}}</Email>\n      <FirstName>{{lead.First Name}}</FirstName>\n      <LastName>{{lead.Last Name}}</LastName>\n      <Company>{{company.Company Name}}</Company>\n      <Source>{{program.Name}}</Source>\n    </UpsertLead>\n  </soap:Body>\n</soap:Envelope>',
		tokenEncoding: 'none',
		responseType: 'xml',
		headers: [
			{ name: 'Content-Type', value: 'text/xml; charset=utf-8' },
			{ name: 'SOAPAction', value: 'urn:crm/UpsertLead' }
		],
		responseMappings: [
			{
				attribute: 'soap:Envelope.soap:Body.UpsertLeadResponse.Result.Status',
				field: 'leadStatus'
			},
			{ attribute: 'soap:Envelope.soap:Body.UpsertLeadResponse.Result.Score', field: 'leadScore' }
		]
	},
	{
		id: 'example-twilio',
		name: 'Twilio SMS (form POST)',
		description:
			'A form-encoded POST. Literal text is sent as written, so the template spells + as %2B and spaces as +; tokens are encoded by Form/Url.',
		url: 'https://api.twilio.com/2010-04-01/Accounts/ACXXXXXXXXXXXXXXXX/Messages.json',
		method: 'POST',
		template:
			'From=%2B15550100&To={{lead.Mobile Phone Number}}&Body=Hi+{{lead.First Name:default=there}}%2C+thanks+for+visiting+{{trigger.Web Page}}%21',
		tokenEncoding: 'form',
		responseType: 'json',
		headers: [
			{ name: 'Content-Type', value: 'application/x-www-form-urlencoded' },
			{ name: 'Authorization', value: 'Basic QUNYWFhYOnNlY3JldA==' }
		],
		responseMappings: [{ attribute: 'status', field: 'leadStatus' }]
	}
];

export const EXAMPLE_CONTEXTS: FlowContextDef[] = [
	{
		id: 'example-form-fill',
		name: 'Fills Out Form: Contact Us',
		campaignType: 'trigger',
		trigger: {
			name: 'Fills Out Form',
			values: {
				Name: 'Contact Us',
				'Web Page': 'www.example.com/contact',
				'Client IP Address': '203.0.113.7'
			}
		},
		campaign: {
			name: 'Contact Us: alert sales',
			id: '1042',
			description: 'Alerts sales on a contact form'
		},
		program: { name: 'Q3 Webinar Series', id: '2001', description: 'Webinars for Q3' },
		myTokens: [
			{ name: 'Enrich API Key', type: 'text', value: 'sk_test_123' },
			{ name: 'Points', type: 'number', value: '10' },
			{ name: 'Webinar Date', type: 'date', value: '2026-09-17' }
		],
		member: [{ name: 'webinar url', value: 'https://webinar.example.com/j/123' }],
		timeZone: 'America/Los_Angeles',
		now: { mode: 'live' }
	},
	{
		id: 'example-no-program',
		name: 'Campaign is Requested (no program)',
		campaignType: 'trigger',
		trigger: { name: 'Campaign is Requested', values: { Name: 'Send to Slack' } },
		campaign: { name: 'Send to Slack', id: '1043', description: '' },
		program: null,
		myTokens: [],
		member: [],
		timeZone: 'UTC',
		now: { mode: 'fixed', iso: '2026-01-15T09:30:00Z' }
	},
	{
		id: 'example-batch',
		name: 'Batch campaign (error 1000)',
		campaignType: 'batch',
		trigger: null,
		campaign: {
			name: 'Weekly sync',
			id: '1044',
			description: 'A batch campaign cannot call webhooks'
		},
		program: null,
		myTokens: [],
		member: [],
		timeZone: 'UTC',
		now: { mode: 'live' }
	}
];
