import { test as base } from '@playwright/test';
import { Playground } from './pages/playground';

// Each test gets a fresh browser context, so IndexedDB starts empty: a first visit.
export const test = base.extend<{ playground: Playground }>({
	playground: async ({ page }, use) => {
		const playground = new Playground(page);
		await playground.open();
		await use(playground);
	}
});

export { expect } from '@playwright/test';
