import { test as base } from '@playwright/test';
import { Playground } from './pages/playground';
import { startUpstream, type Upstream } from './upstream';

// Each test gets a fresh browser context, so IndexedDB starts empty: a first visit.
// Tests that ask for `upstream` share one loopback server per worker; network tests only ever
// target 127.0.0.1.
export const test = base.extend<{ playground: Playground }, { upstream: Upstream }>({
	playground: async ({ page }, use) => {
		const playground = new Playground(page);
		await playground.open();
		await use(playground);
	},
	upstream: [
		// Playwright requires the destructuring pattern for fixture dependencies, even when empty.
		// eslint-disable-next-line no-empty-pattern
		async ({}, use) => {
			const upstream = await startUpstream();
			await use(upstream);
			await upstream.close();
		},
		{ scope: 'worker' }
	]
});

export { expect } from '@playwright/test';
