import AxeBuilder from '@axe-core/playwright';
import { expect, type Locator, type Page } from '@playwright/test';

/** The playground as a person uses it: by role and label, like a screen reader would. */
export class Playground {
	constructor(readonly page: Page) {}

	async open(): Promise<void> {
		await this.page.goto('./');
		await expect(this.page.getByRole('heading', { name: 'Webhook Playground' })).toBeVisible();
		await expect(this.page.getByRole('list', { name: 'Webhooks' })).toBeVisible();
	}

	view(
		name: 'Webhook' | 'Sample leads' | 'Flow context' | 'Throughput' | 'Activity log'
	): Promise<void> {
		return this.page.getByRole('tab', { name, exact: true }).click();
	}

	previewTab(name: 'Request' | 'Compare encodings' | 'Every lead'): Promise<void> {
		return this.page.getByRole('tab', { name, exact: true }).click();
	}

	webhookItem(name: string): Locator {
		return this.page.getByRole('list', { name: 'Webhooks' }).getByRole('button', { name });
	}

	/** A CodeMirror editor, found by its accessible name. */
	editor(name: string): Locator {
		return this.page.getByRole('textbox', { name, exact: true });
	}

	/** Replaces an editor's whole text, as a paste would (no auto-closing of brackets). */
	async setEditor(name: string, text: string): Promise<void> {
		const ed = this.editor(name);
		await ed.click();
		await this.page.keyboard.press('ControlOrMeta+a');
		await this.page.keyboard.press('Delete');
		if (text) await this.page.keyboard.insertText(text);
	}

	get body(): Locator {
		return this.page.getByTestId('preview.body');
	}
	get url(): Locator {
		return this.page.getByTestId('preview.url');
	}
	get problems(): Locator {
		return this.page.getByTestId('preview.diagnostics');
	}

	async selectLead(label: string): Promise<void> {
		await this.page.getByLabel('Lead', { exact: true }).selectOption({ label });
	}

	async selectContext(label: string): Promise<void> {
		await this.page.getByLabel('Flow context', { exact: true }).first().selectOption({ label });
	}

	/** Serious or critical accessibility violations on the current screen. */
	async axeViolations(): Promise<string[]> {
		// The app has no frames, so axe runs in the page itself (legacy mode) instead of handing its
		// partial results for thousands of rows to a second page, which took 10 s after a run.
		// Only violations carry every node back.
		const results = await new AxeBuilder({ page: this.page })
			.setLegacyMode(true)
			.options({ resultTypes: ['violations'] })
			.analyze();
		return results.violations
			.filter((v) => v.impact === 'serious' || v.impact === 'critical')
			.map(
				(v) =>
					`${v.id}: ${v.help} (${v.nodes
						.map((n) => n.target.join(' '))
						.slice(0, 3)
						.join(' | ')})`
			);
	}
}
