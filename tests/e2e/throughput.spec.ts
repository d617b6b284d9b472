import { expect, test } from './fixtures';

test('the calculator reproduces the documented example', async ({ playground, page }) => {
	await playground.view('Throughput');
	await page.getByRole('button', { name: 'Marketo docs example' }).click();
	const results = page.getByTestId('delay.results');
	await expect(results).toContainText('1 h 23 min 20 s');
	await expect(results).toContainText('5,000 s');
	await expect(page.getByText('1.5 hours')).toBeVisible();
	expect(await playground.axeViolations()).toEqual([]);
});

test('a campaign run over 1,000 leads: pause, resume, results, write-backs; a second run cancelled', async ({
	playground,
	page,
	upstream
}) => {
	// A thousand calls, and on a retry a trace of every one of them: more than the default minute.
	test.setTimeout(120_000);
	// 48 example leads + 952 generated = 1,000.
	await playground.view('Sample leads');
	await page.getByLabel('How many leads to generate').fill('952');
	await page.getByRole('button', { name: 'Generate' }).click();
	await expect(page.getByRole('heading', { name: 'Sample leads 1000' })).toBeVisible();

	await playground.view('Webhook');
	await playground.webhookItem('Enrichment lookup (GET, tokens in the query)').click();
	await playground.setEditor('URL', `${upstream.url}/enrich?email={{lead.Email Address}}`);
	await playground.view('Throughput');
	const run = page.getByTestId('run');
	await run.getByLabel('Send via').selectOption({ label: 'Direct (fetch)' });
	await run.getByLabel('Delay between calls (ms)').fill('0');
	await expect(run.getByLabel(/^Leads/)).toHaveValue('1000');
	await page.getByTestId('run.start').click();

	const done = page.getByTestId('run.done');
	await expect
		.poll(async () => Number((await done.textContent())?.replace(/,/g, '')))
		.toBeGreaterThan(20);
	// Start gave way to Pause, and focus went with it: the keyboard carries on from there.
	await expect(run.getByRole('button', { name: 'Pause' })).toBeFocused();
	await page.keyboard.press('Enter');
	// "Pausing, 1 call still in flight" until that call has answered; then nothing moves.
	await expect(page.getByTestId('run.status')).toContainText('Paused');
	const atPause = await done.textContent();
	await page.waitForTimeout(500);
	await expect(done).toHaveText(atPause!);
	await expect(run.getByRole('button', { name: 'Resume' })).toBeFocused();
	await page.keyboard.press('Space');
	await expect(page.getByTestId('run.status')).toContainText('Done', { timeout: 60_000 });
	await expect(done).toHaveText('1,000');
	await expect(page.getByTestId('run.ok')).toHaveText('1000');
	await expect(page.getByTestId('run.written')).toHaveText('1000');
	await expect(page.getByTestId('run.row')).toHaveCount(100);
	await expect(page.getByTestId('run.row').first()).toContainText('200');
	await expect(page.getByRole('img', { name: /Latency histogram/ })).toBeVisible();
	expect(upstream.hits.get('/enrich')).toBeGreaterThanOrEqual(1000);

	// The write-backs landed on the sample leads.
	await playground.view('Sample leads');
	await page.getByRole('button', { name: 'Jane', exact: true }).first().click();
	await expect(page.getByLabel(/^Job Title\b/)).toHaveValue('VP Marketing');

	// A second run, cancelled part-way: it stops, and keeps what it did.
	await playground.view('Throughput');
	await run.getByLabel('Delay between calls (ms)').fill('20');
	await page.getByTestId('run.start').click();
	await expect
		.poll(async () => Number((await done.textContent())?.replace(/,/g, '')))
		.toBeGreaterThan(5);
	await run.getByRole('button', { name: 'Cancel run' }).click();
	await expect(page.getByTestId('run.status')).toContainText('Cancelled');
	await expect(page.getByTestId('run.start')).toBeFocused();
	const cancelledAt = Number((await done.textContent())?.replace(/,/g, ''));
	expect(cancelledAt).toBeLessThan(1000);
	await page.waitForTimeout(300);
	expect(Number((await done.textContent())?.replace(/,/g, ''))).toBe(cancelledAt);

	await playground.view('Activity log');
	await expect(page.getByTestId('activity.count')).toContainText(`of ${1000 + cancelledAt}`);
	// A page of the newest calls is drawn; older ones come on request.
	await expect(page.getByTestId('activity.row')).toHaveCount(100);
	await page.getByRole('button', { name: 'Show 100 older' }).click();
	await expect(page.getByTestId('activity.row')).toHaveCount(200);
	expect(await playground.axeViolations()).toEqual([]);
});
