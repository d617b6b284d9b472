import { writeFileSync } from 'node:fs';
import { expect, test } from './fixtures';

test('a first visit opens the example workspace, and every screen passes axe', async ({
	playground,
	page
}) => {
	for (const name of [
		'Slack: new MQL alert',
		'Enrichment lookup (GET, tokens in the query)',
		'CRM upsert (SOAP/XML)',
		'Twilio SMS (form POST)'
	])
		await expect(playground.webhookItem(name)).toBeVisible();
	await expect(playground.body).toContainText('"username": "Marketo"');
	expect(await playground.axeViolations()).toEqual([]);
	await playground.previewTab('Compare encodings');
	expect(await playground.axeViolations()).toEqual([]);
	await playground.view('Sample leads');
	await expect(page.getByTestId('leads.row').first()).toBeVisible();
	expect(await playground.axeViolations()).toEqual([]);
	await playground.view('Flow context');
	await expect(page.getByRole('combobox', { name: 'Trigger', exact: true })).toBeVisible();
	expect(await playground.axeViolations()).toEqual([]);
	await page.getByLabel('Theme').selectOption('dark');
	expect(await playground.axeViolations()).toEqual([]);
	// The view tabs work by keyboard: arrows move between them, wrapping around.
	await page.getByRole('tab', { name: 'Flow context' }).focus();
	await page.keyboard.press('ArrowRight');
	await expect(page.getByRole('tab', { name: 'Throughput' })).toBeFocused();
	await expect(page.getByRole('tab', { name: 'Throughput' })).toHaveAttribute(
		'aria-selected',
		'true'
	);
	await page.getByRole('tab', { name: 'Webhook', exact: true }).click();
	await page.keyboard.press('ArrowLeft');
	await expect(page.getByRole('tab', { name: 'Activity log' })).toHaveAttribute(
		'aria-selected',
		'true'
	);
	await expect(page.getByRole('region', { name: 'Activity log' })).toBeVisible();
	await page.keyboard.press('ArrowRight');
	await expect(page.getByRole('tab', { name: 'Webhook', exact: true })).toBeFocused();
});

test('create a webhook from scratch with tokens and headers, and see the exact request', async ({
	playground,
	page
}) => {
	await page.getByRole('button', { name: 'New', exact: true }).first().click();
	await page.getByLabel('Webhook Name').fill('Score sync');
	await expect(playground.webhookItem('Score sync')).toBeVisible();
	await playground.setEditor('URL', 'https://api.example.com/score?email={{lead.Email Address}}');
	await page.getByLabel('Request Token Encoding').selectOption({ label: 'Form/Url' });
	await playground.setEditor(
		'Template',
		'email={{lead.Email Address}}&score={{lead.Lead Score:default=0}}'
	);
	await page.getByLabel('Header 1 value').click();
	await page.getByLabel('Header 1 name').fill('Content-Type');
	await playground.setEditor('Header 1 value', 'application/x-www-form-urlencoded');
	await page.getByRole('button', { name: 'Add header' }).click();
	await page.getByLabel('Header 2 name').fill('X-Lead');
	await playground.setEditor('Header 2 value', '{{lead.First Name}} {{lead.Last Name}}');
	await playground.selectContext('Fills Out Form: Contact Us');
	await playground.selectLead('Jane Doe');

	await expect(playground.url).toHaveText(
		'https://api.example.com/score?email=jane%2Bwebinar%40acme.example'
	);
	await expect(playground.body).toHaveText('email=jane%2Bwebinar%40acme.example&score=75');
	const headers = page.getByTestId('preview.headers');
	await expect(headers).toContainText('Content-Typeapplication/x-www-form-urlencoded');
	await expect(headers).toContainText('X-LeadJane Doe');
	await expect(playground.problems).toContainText('This request goes out as shown.');
});

test('a lead with tricky values under each encoding: JSON works, None breaks', async ({
	playground,
	page
}) => {
	await playground.webhookItem('Slack: new MQL alert').click();
	await playground.selectLead('Sarah Green');
	await playground.previewTab('Compare encodings');
	await expect(page.getByTestId('compare.json')).toContainText('works');
	await expect(page.getByTestId('compare.json')).toContainText('\\"');
	await expect(page.getByTestId('compare.none')).toContainText('breaks');
	await expect(page.getByTestId('compare.form')).toContainText('breaks');
	await page.getByTestId('compare.none').getByRole('button', { name: 'Use None' }).click();
	await playground.previewTab('Request');
	await expect(playground.problems).toContainText('not valid JSON');
});

test('fix a warned token: quotes around a token under JSON', async ({ playground, page }) => {
	await page.getByRole('button', { name: 'New', exact: true }).first().click();
	await playground.setEditor('URL', 'https://hooks.example.com/in');
	await playground.setEditor('Template', '{"first": "{{lead.First Name}}"}');
	await expect(playground.problems).toContainText('wrapped in quotes');
	await expect(page.locator('.cm-lintRange-warning').first()).toBeVisible();
	await playground.setEditor('Template', '{"first": {{lead.First Name}}}');
	await expect(playground.problems).toContainText('This request goes out as shown.');
});

test('import a CSV of leads with one bad row', async ({ playground, page }, info) => {
	await playground.view('Sample leads');
	const count = page.locator('#leads-heading .count');
	const before = Number(await count.textContent());
	const csv = info.outputPath('leads.csv');
	writeFileSync(
		csv,
		'First Name,Last Name,Email Address,Lead Score,company.Company Name\n' +
			'Ada,Lovelace,ada@example.com,90,"Analytical Engines, Ltd"\n' +
			'Bob,Bad,bob@example.com,lots,Bobco\n' +
			'Cy,"O""Neil",cy+test@example.com,12,Jack & Jill\n'
	);
	await page.getByRole('button', { name: 'Import CSV' }).click();
	await page.getByLabel('CSV file').setInputFiles(csv);
	await expect(page.getByTestId('csv.summary')).toContainText('2 ready to import');
	await expect(page.getByTestId('csv.errors')).toContainText('Lead Score');
	await expect(page.getByTestId('csv.errors')).toContainText('lots');
	await expect(count).toHaveText(String(before));
	await page.getByRole('button', { name: 'Import 2 leads' }).click();
	await expect(count).toHaveText(String(before + 2));
	await page.getByLabel('Search leads').fill('Lovelace');
	await expect(page.getByTestId('leads.row')).toHaveCount(1);
});

test('export and re-import the workspace; reload and find everything intact', async ({
	playground,
	page
}, info) => {
	await page.getByRole('button', { name: 'New', exact: true }).first().click();
	await page.getByLabel('Webhook Name').fill('Kept across reloads');
	await playground.setEditor('Template', '{"id": {{lead.Id}}}');
	const download = page.waitForEvent('download');
	await page.getByRole('button', { name: 'Export workspace' }).click();
	const file = info.outputPath('workspace.json');
	await (await download).saveAs(file);

	await playground.webhookItem('Kept across reloads').click();
	await page.getByRole('button', { name: 'Delete', exact: true }).click();
	await expect(playground.webhookItem('Kept across reloads')).toHaveCount(0);

	await page.getByLabel('Workspace file to import').setInputFiles(file);
	await expect(page.getByTestId('import.summary')).toBeVisible();
	await page.getByRole('button', { name: 'Replace workspace' }).click();
	await expect(playground.webhookItem('Kept across reloads')).toBeVisible();

	await page.reload();
	await expect(playground.webhookItem('Kept across reloads')).toBeVisible();
	await playground.webhookItem('Kept across reloads').click();
	await expect(playground.editor('Template')).toHaveText('{"id": {{lead.Id}}}');
	await expect(playground.webhookItem('Slack: new MQL alert')).toBeVisible();

	// A broken file is refused whole, with the reason.
	const bad = info.outputPath('bad.json');
	writeFileSync(bad, '{"format": "webhook-playground-workspace", "version": 1, "workspace": {');
	await page.getByLabel('Workspace file to import').setInputFiles(bad);
	await expect(page.getByTestId('import.errors')).toContainText('line 1');
});
