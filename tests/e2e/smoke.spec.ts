import { expect, test } from '@playwright/test';

test('the built site renders a request in a browser', async ({ page }) => {
	await page.goto('./');
	await expect(page.getByRole('heading', { name: 'Webhook Playground' })).toBeVisible();
	await page.getByLabel('First Name').fill('Zoë "Z"');
	await expect(page.getByTestId('preview.body')).toHaveText('{"text": "Zoë \\"Z\\""}');
});
