// Render benchmark: 100,000 leads through a 12-token JSON template in each Request Token
// Encoding, against bare Mustache.render of the same template in the same run.
import Mustache from 'mustache';
import { renderRequest, type FlowContext, type WebhookDefinition } from '../src/core/index';

const LEADS = 100_000;
const ROUNDS = 5;

const template =
	'{"email": {{lead.Email Address}}, "first": {{lead.First Name}}, "last": {{lead.Last Name}}, ' +
	'"company": {{company.Company Name}}, "title": {{lead.Job Title}}, "phone": {{lead.Phone Number}}, ' +
	'"city": {{lead.City}}, "country": {{lead.Country}}, "score": {{lead.Lead Score}}, ' +
	'"id": {{lead.Id}}, "source": {{lead.Lead Source}}, "campaign": {{campaign.name}}}';

const contexts: FlowContext[] = Array.from({ length: LEADS }, (_, i) => ({
	campaignType: 'trigger',
	lead: {
		'Email Address': `lead${i}+tag@example.com`,
		'First Name': i % 7 === 0 ? `Zoë "${i}"` : `First${i}`,
		'Last Name': `O'Last ${i}`,
		'Job Title': 'VP, Marketing & Ops',
		'Phone Number': `+1 555 01${String(i % 100).padStart(2, '0')}`,
		City: 'São Paulo',
		Country: 'Brazil',
		'Lead Score': i % 100,
		Id: 1_000_000 + i,
		'Lead Source': 'Web'
	},
	company: { 'Company Name': `Jack & Jill ${i}` },
	campaign: { name: 'Welcome series', id: 1001, description: '' },
	now: new Date('2026-01-01T00:00:00Z')
}));

function timeIt(fn: () => void): number {
	const times: number[] = [];
	for (let r = 0; r < ROUNDS; r++) {
		const t0 = performance.now();
		fn();
		times.push(performance.now() - t0);
	}
	times.sort((a, b) => a - b);
	return times[Math.floor(ROUNDS / 2)]!;
}

let sink = 0;
const baseline = () => {
	for (const ctx of contexts) sink += Mustache.render(template, ctx).length;
};
const ours = (wh: WebhookDefinition) => () => {
	for (const ctx of contexts) sink += renderRequest(wh, ctx).request!.body!.length;
};

const rows = [];
const baseMs = (baseline(), timeIt(baseline));
for (const encoding of ['json', 'form', 'none'] as const) {
	const wh: WebhookDefinition = {
		id: 'bench',
		name: 'bench',
		description: '',
		url: 'https://api.example.com/leads',
		method: 'POST',
		template,
		tokenEncoding: encoding,
		responseType: 'json',
		headers: [{ name: 'Content-Type', value: 'application/json' }],
		responseMappings: []
	};
	const run = ours(wh);
	run(); // warm-up
	const ms = timeIt(run);
	rows.push({
		name: `render 100k leads, 12 tokens, ${encoding}`,
		ms: Math.round(ms),
		perSecond: Math.round((LEADS / ms) * 1000),
		baselineMs: Math.round(baseMs),
		baselinePerSecond: Math.round((LEADS / baseMs) * 1000),
		ratio: Number((ms / baseMs).toFixed(2)),
		target: 'ratio ≤ 2.0 and < 1000 ms'
	});
}
if (sink < 0) console.log(sink);
console.log(JSON.stringify(rows));
