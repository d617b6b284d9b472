// `npm run screenshots`: pictures of each screen for the README, taken from the built site so
// they stay current. Starts `vite preview` itself and stops it afterwards.
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { CHROMIUM_ARGS, ensureChromium } from './browser.mjs';

const OUT = 'docs/screenshots';
const PORT = 4174;
const BASE = `http://127.0.0.1:${PORT}/`;

const server = spawn('npx', ['vite', 'preview', '--port', String(PORT), '--strictPort'], {
	stdio: 'ignore'
});

async function waitForServer() {
	for (let i = 0; i < 100; i++) {
		try {
			if ((await fetch(BASE)).ok) return;
		} catch {
			// not up yet
		}
		await new Promise((r) => setTimeout(r, 200));
	}
	throw new Error(`vite preview did not answer on ${BASE}`);
}

try {
	await waitForServer();
	mkdirSync(OUT, { recursive: true });
	const browser = await chromium.launch({
		executablePath: await ensureChromium(),
		args: CHROMIUM_ARGS
	});
	const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
	await page.goto(BASE);
	await page.getByRole('list', { name: 'Webhooks' }).waitFor();
	await page.getByRole('button', { name: 'Slack: new MQL alert' }).click();
	await page.getByLabel('Lead', { exact: true }).selectOption({ label: 'Sarah Green' });
	await page.screenshot({ path: `${OUT}/playground.png` });
	await page.getByRole('tab', { name: 'Compare encodings' }).click();
	await page.screenshot({ path: `${OUT}/compare-encodings.png` });
	await page.getByRole('tab', { name: 'Request', exact: true }).click();
	await page.getByRole('tab', { name: 'Sample leads' }).click();
	await page.screenshot({ path: `${OUT}/sample-leads.png` });
	await page.getByRole('tab', { name: 'Flow context' }).click();
	await page.screenshot({ path: `${OUT}/flow-context.png` });
	await page.getByRole('tab', { name: 'Webhook', exact: true }).click();
	// Send through the mock endpoint: the response, its mapped changes, what the mock received.
	await page.getByRole('button', { name: /Enrichment lookup/ }).click();
	await page.getByLabel('Lead', { exact: true }).selectOption({ label: 'Jane Doe' });
	await page.getByRole('tab', { name: 'Send', exact: true }).click();
	await page.getByLabel('Send via').selectOption('mock');
	await page.getByTestId('send.button').click();
	await page.getByTestId('response.changes').waitFor();
	await page.getByTestId('response.changes').scrollIntoViewIfNeeded();
	await page.screenshot({ path: `${OUT}/send.png` });
	// Throughput: the documented example, and a run over the sample leads against the mock.
	await page.getByRole('tab', { name: 'Throughput' }).click();
	await page.getByRole('button', { name: 'Marketo docs example' }).click();
	await page.getByTestId('run').getByLabel('Send via').selectOption('mock');
	await page.getByTestId('run.start').click();
	await page.getByTestId('run.status').filter({ hasText: 'Done' }).waitFor();
	await page.screenshot({ path: `${OUT}/throughput.png` });
	await page.getByRole('tab', { name: 'Activity log' }).click();
	await page.screenshot({ path: `${OUT}/activity-log.png` });
	await page.getByRole('tab', { name: 'Webhook', exact: true }).click();
	await page.getByRole('tab', { name: 'Request', exact: true }).click();
	await page.getByLabel('Theme').selectOption('dark');
	await page.getByRole('button', { name: 'CRM upsert (SOAP/XML)' }).click();
	await page.screenshot({ path: `${OUT}/dark.png` });
	await browser.close();
	console.log(`screenshots written to ${OUT}/`);
} finally {
	server.kill();
}
