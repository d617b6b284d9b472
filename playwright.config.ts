import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from './tools/browser.mjs';

const executablePath = findChromium();

export default defineConfig({
	testDir: 'tests/e2e',
	forbidOnly: !!process.env.CI,
	retries: process.env.CI ? 1 : 0,
	workers: 2,
	timeout: 60_000,
	reporter: [['list'], ['json', { outputFile: 'reports/e2e.json' }]],
	use: {
		baseURL: 'http://127.0.0.1:4173',
		trace: 'on-first-retry',
		launchOptions: { ...(executablePath ? { executablePath } : {}), args: CHROMIUM_ARGS }
	},
	webServer: {
		command: 'npm run build && npm run preview',
		url: 'http://127.0.0.1:4173',
		reuseExistingServer: !process.env.CI,
		timeout: 180_000
	}
});
