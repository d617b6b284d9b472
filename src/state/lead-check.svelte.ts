import {
	renderRequest,
	toFlowContext,
	type FieldDef,
	type FlowContextDef,
	type Lead,
	type WebhookDefinition
} from '../core';

export interface LeadProblem {
	leadId: string;
	index: number;
	errors: number;
	warnings: number;
	/** The distinct problem codes, e.g. `raw-form-value`. */
	codes: string[];
	/** The first problem, in plain words. */
	first: string;
}

/**
 * "Preview for every lead": renders the webhook for each sample lead and lists the leads whose
 * request has problems. Works in slices that yield to the browser, so 100,000 leads never freeze
 * the page; a new run cancels the one before.
 */
export class LeadCheck {
	problems = $state.raw<LeadProblem[]>([]);
	checked = $state(0);
	total = $state(0);
	running = $state(false);
	#run = 0;

	async run(
		webhook: WebhookDefinition,
		context: FlowContextDef,
		leads: Lead[],
		fields: FieldDef[],
		options: { sliceSize?: number; yieldTo?: () => Promise<void> } = {}
	): Promise<void> {
		const run = ++this.#run;
		const slice = options.sliceSize ?? 2000;
		const yieldTo = options.yieldTo ?? (() => new Promise<void>((r) => setTimeout(r, 0)));
		const now = new Date();
		const found: LeadProblem[] = [];
		this.running = true;
		this.total = leads.length;
		this.checked = 0;
		for (let start = 0; start < leads.length; start += slice) {
			for (let i = start; i < Math.min(leads.length, start + slice); i++) {
				const lead = leads[i]!;
				const { diagnostics } = renderRequest(
					webhook,
					toFlowContext(context, lead, () => now),
					{ fields }
				);
				const serious = diagnostics.filter((d) => d.severity !== 'info');
				if (!serious.length) continue;
				found.push({
					leadId: lead.id,
					index: i,
					errors: serious.filter((d) => d.severity === 'error').length,
					warnings: serious.filter((d) => d.severity === 'warning').length,
					codes: [...new Set(serious.map((d) => d.code))],
					first: serious[0]!.message
				});
			}
			this.checked = Math.min(leads.length, start + slice);
			this.problems = found.slice();
			await yieldTo();
			if (run !== this.#run) return;
		}
		this.running = false;
	}

	cancel(): void {
		this.#run++;
		this.running = false;
	}
}
