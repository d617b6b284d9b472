import { readFileSync } from 'node:fs';
import { createHelper } from '../../tools/cors-helper.mjs';
import { expect, test } from './fixtures';
import type { Playground } from './pages/playground';

const ENRICH = 'Enrichment lookup (GET, tokens in the query)';

/** Opens a webhook, points it at `url`, and opens the Send tab with `transport`. */
async function prepare(
	playground: Playground,
	webhook: string,
	url: string,
	transport: 'Direct (fetch)' | 'Local CORS helper' | 'Mock endpoint'
) {
	const page = playground.page;
	await playground.webhookItem(webhook).click();
	await playground.setEditor('URL', url);
	await page.getByRole('tab', { name: 'Send', exact: true }).click();
	await page.getByLabel('Send via').selectOption({ label: transport });
}

async function sendNow(playground: Playground) {
	const page = playground.page;
	await page.getByTestId('send.button').click();
	await expect(page.getByTestId('response.outcome')).toBeVisible({ timeout: 15_000 });
}

test('direct send with CORS allowed: response, mapped changes, write-back, activity log', async ({
	playground,
	page,
	upstream
}) => {
	await playground.selectLead('Jane Doe');
	await prepare(
		playground,
		ENRICH,
		`${upstream.url}/enrich?email={{lead.Email Address}}&company={{company.Company Name}}`,
		'Direct (fetch)'
	);
	await sendNow(playground);
	await expect(page.getByTestId('response.status')).toHaveText('200 OK');
	// The query arrived Form/Url-encoded: the + of the plus-address as %2B, the space as +.
	await expect(page.getByTestId('response.body')).toContainText(
		'"email": "jane+webinar@acme.example"'
	);
	const changes = page.getByTestId('response.changes');
	await expect(changes.getByRole('row', { name: /Job Title/ })).toContainText('VP Marketing');
	await expect(changes.getByRole('row', { name: /City/ })).toContainText('Boston');
	await expect(changes.getByRole('row', { name: /Lead Score/ })).toContainText('75');
	await expect(changes.getByRole('row', { name: /Lead Score/ })).toContainText('88');
	await page.getByTestId('response.write-back').click();
	await expect(page.getByTestId('response.write-back')).toHaveText('Written to the sample lead');

	await playground.view('Sample leads');
	await page.getByRole('button', { name: 'Jane', exact: true }).first().click();
	await expect(page.getByLabel(/^Job Title\b/)).toHaveValue('VP Marketing');
	await expect(page.getByLabel(/^City\b/).first()).toHaveValue('Boston');

	await playground.view('Activity log');
	const row = page.getByTestId('activity.row').first();
	await expect(row).toContainText('Call Webhook');
	await expect(row).toContainText('200');
	await expect(page.getByTestId('activity.change')).toHaveCount(3);
	await expect(page.getByTestId('activity.change').first()).toContainText('Job Title');
	expect(await playground.axeViolations()).toEqual([]);
});

test('a target without CORS is explained, and the CORS helper gets through', async ({
	playground,
	page,
	upstream
}) => {
	const helper = createHelper({ port: 0, token: 'e2e-token', log: () => {} });
	const { url: helperUrl } = await helper.listen();
	try {
		await prepare(playground, ENRICH, `${upstream.url}/nocors/enrich`, 'Direct (fetch)');
		await sendNow(playground);
		const outcome = page.getByTestId('response.outcome');
		await expect(outcome).toContainText('does not allow this page to read the answer');
		await expect(outcome).toContainText('Marketo does not');

		await page.getByRole('button', { name: 'Use the local CORS helper' }).click();
		await expect(page.getByLabel('Send via')).toHaveValue('helper');
		await page.getByLabel('Helper URL').fill(helperUrl);
		await page.getByLabel('Helper URL').press('Tab');
		// Without the token the send is blocked with a plain explanation.
		await expect(page.getByTestId('send.button')).toBeDisabled();
		await page.getByLabel('Helper token').fill('wrong-token');
		await page.getByLabel('Helper token').press('Tab');
		await sendNow(playground);
		await expect(page.getByTestId('response.outcome')).toContainText('token');

		await page.getByLabel('Helper token').fill('e2e-token');
		await page.getByLabel('Helper token').press('Tab');
		await page.getByRole('button', { name: 'Check helper' }).click();
		await expect(page.getByText('The helper is running and accepts this page.')).toBeVisible();
		await sendNow(playground);
		await expect(page.getByTestId('response.status')).toHaveText('200 OK');
		await expect(page.getByTestId('response.changes')).toContainText('VP Marketing');
	} finally {
		await helper.close();
	}
});

test('the mock endpoint answers with the network offline and shows what it received', async ({
	playground,
	page,
	context
}) => {
	await playground.selectLead('Jane Doe');
	await prepare(
		playground,
		ENRICH,
		'https://api.enrich.example.com/v1/person?email={{lead.Email Address}}',
		'Mock endpoint'
	);
	await context.setOffline(true);
	await expect(page.getByTestId('mock.settings')).toBeVisible();
	await sendNow(playground);
	await expect(page.getByTestId('response.status')).toHaveText('200 OK');
	// The default mock body is built from the Response Mappings, so every mapping lands.
	await expect(page.getByTestId('response.changes').getByRole('row')).toHaveCount(4);
	const received = page.getByTestId('mock.received');
	await expect(received).toContainText('GET');
	await expect(received.getByRole('table', { name: 'Query' })).toContainText(
		'jane+webinar@acme.example'
	);
	await expect(received.getByRole('table', { name: 'Headers' })).toContainText(
		'Bearer sk_test_123'
	);

	// Configure a failure: status 503 after a delay; mappings are skipped.
	await page.getByTestId('mock.settings').getByText('Mock endpoint answers').click();
	await page.getByLabel('Status code').fill('503');
	await page.getByLabel('Status code').press('Tab');
	await page.getByLabel('Delay (ms)').fill('300');
	await page.getByLabel('Delay (ms)').press('Tab');
	await sendNow(playground);
	await expect(page.getByTestId('response.status')).toHaveText('503 Service Unavailable');
	await expect(page.getByTestId('response.mapping-diagnostics')).toContainText('503');
	await expect(page.getByTestId('response.changes')).toHaveCount(0);
	await context.setOffline(false);
});

test('error answers: 404, 500, empty 200, malformed JSON, XML, 10 MB, and a batch campaign', async ({
	playground,
	page,
	upstream
}) => {
	await prepare(playground, ENRICH, `${upstream.url}/status/404`, 'Direct (fetch)');
	await sendNow(playground);
	await expect(page.getByTestId('response.status')).toHaveText('404 Not Found');
	const diags = page.getByTestId('response.mapping-diagnostics');
	await expect(diags.locator('[data-code="non-2xx"]')).toBeVisible();
	await expect(page.getByTestId('response.write-back')).toHaveCount(0);

	await playground.setEditor('URL', `${upstream.url}/status/500`);
	await sendNow(playground);
	await expect(page.getByTestId('response.status')).toHaveText('500 Internal Server Error');
	await expect(diags.locator('[data-code="non-2xx"]')).toBeVisible();

	await playground.setEditor('URL', `${upstream.url}/empty`);
	await sendNow(playground);
	await expect(page.getByTestId('response.status')).toHaveText('200 OK');
	await expect(diags.locator('[data-code="empty-response"]')).toContainText('1001');

	await playground.setEditor('URL', `${upstream.url}/malformed`);
	await sendNow(playground);
	await expect(diags.locator('[data-code="malformed-response"]')).toContainText('line 1');
	await expect(page.getByTestId('response.changes')).toHaveCount(0);

	await playground.setEditor('URL', `${upstream.url}/big`);
	await sendNow(playground);
	await expect(page.getByTestId('response.huge')).toContainText('not pretty-printed');
	// The page still answers at once after a 10 MB body.
	const t0 = Date.now();
	await page.getByRole('tab', { name: 'Request', exact: true }).click();
	await page.getByRole('tab', { name: 'Send', exact: true }).click();
	expect(Date.now() - t0).toBeLessThan(5000);

	await prepare(playground, 'CRM upsert (SOAP/XML)', `${upstream.url}/xml`, 'Direct (fetch)');
	await sendNow(playground);
	await expect(page.getByTestId('response.body')).toContainText('<Status>Qualified</Status>');
	const changes = page.getByTestId('response.changes');
	await expect(changes.getByRole('row', { name: /Lead Status/ })).toContainText('Qualified');
	await expect(changes.getByRole('row', { name: /Lead Score/ })).toContainText('91');

	await playground.selectContext('Batch campaign (error 1000)');
	await page.getByTestId('send.button').click();
	await expect(page.getByTestId('response.outcome')).toContainText('Not sent');
	await expect(page.getByTestId('response.outcome')).toContainText('1000');
	expect(upstream.hits.get('/xml')).toBe(1);

	await playground.view('Activity log');
	await expect(page.getByTestId('activity.row')).toHaveCount(7);
	await page.getByLabel('Outcome').selectOption({ label: 'HTTP error' });
	await expect(page.getByTestId('activity.row')).toHaveCount(2);
	await page.getByLabel('Outcome').selectOption({ label: 'Any outcome' });
	const download = page.waitForEvent('download');
	await page.getByRole('button', { name: 'Export HAR' }).click();
	const har = JSON.parse(readFileSync((await (await download).path())!, 'utf8'));
	expect(har.log.version).toBe('1.2');
	expect(har.log.entries).toHaveLength(7);
	expect(har.log.entries.map((e: { response: { status: number } }) => e.response.status)).toEqual([
		404, 500, 200, 200, 200, 200, 0
	]);
	await page.reload();
	await playground.view('Activity log');
	await expect(page.getByTestId('activity.row')).toHaveCount(7);
	await page.getByRole('button', { name: 'Clear log' }).click();
	await page.getByRole('button', { name: /Yes, clear 7 activities/ }).click();
	await expect(page.getByTestId('activity.row')).toHaveCount(0);
});

test('a response slower than 30 s times out like Marketo', async ({
	playground,
	page,
	upstream
}) => {
	await page.clock.install();
	await prepare(playground, ENRICH, `${upstream.url}/slow`, 'Direct (fetch)');
	await page.getByTestId('send.button').click();
	await expect(page.getByText('Waiting for the answer')).toBeVisible();
	await page.clock.runFor(29_000);
	await expect(page.getByTestId('response.outcome')).toHaveCount(0);
	await page.clock.runFor(1_500);
	const outcome = page.getByTestId('response.outcome');
	await expect(outcome).toContainText('Timed out');
	await expect(outcome).toContainText('No answer within 30 s');
	await playground.view('Activity log');
	await expect(page.getByTestId('activity.row').first()).toContainText('Timeout');
});
