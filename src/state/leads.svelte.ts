import type { FieldDef, FieldValue, Lead } from '../core';
import { generateLeads } from '../core/leads/generate';
import type { WorkspaceRepo } from '../persistence';
import type { Saver } from './saver';
import type { Toasts } from './toasts.svelte';

interface LeadsDeps {
	repo: WorkspaceRepo;
	saver: Saver;
	toasts: Toasts;
	newId: () => string;
	onSaved: (keys: string[]) => void;
}

/**
 * Sample leads and the custom fields they use. The list is replaced whole on every change
 * (`$state.raw`): with 100,000 leads, deep proxies would cost more than a copy of the array.
 */
export class LeadsState {
	items = $state.raw<Lead[]>([]);
	customFields = $state<FieldDef[]>([]);
	/** True while stored leads are still being read: edits wait, so a save cannot drop the rest. */
	loading = $state(false);
	#positions = $derived(new Map(this.items.map((l, i) => [l.id, i])));
	/** The index range whose chunks must be rewritten: [from, to); to = Infinity means to the end. */
	#dirty = { from: Infinity, to: -Infinity };
	readonly #deps: LeadsDeps;

	constructor(deps: LeadsDeps) {
		this.#deps = deps;
	}

	set(leads: Lead[], customFields: FieldDef[]): void {
		this.items = leads;
		this.customFields = customFields;
	}

	/**
	 * True (and says so) while leads are loading: an edit now would be overwritten by the rest of
	 * the load, and saving a partial list would drop the leads not read yet.
	 */
	#busy(): boolean {
		if (!this.loading) return false;
		this.#deps.toasts.push({
			kind: 'info',
			message: 'The sample leads are still loading; try again in a moment.'
		});
		return true;
	}

	byId(id: string | undefined): Lead | undefined {
		if (id === undefined) return undefined;
		const i = this.#positions.get(id);
		return i === undefined ? undefined : this.items[i];
	}

	indexOf(id: string): number {
		return this.#positions.get(id) ?? -1;
	}

	add(): Lead | undefined {
		if (this.#busy()) return undefined;
		const lead: Lead = { id: this.#deps.newId(), values: {}, company: {} };
		this.append([lead]);
		return lead;
	}

	/** Sets one field of one lead; an empty string clears it. */
	update(id: string, scope: 'lead' | 'company', field: string, value: FieldValue): void {
		if (this.#busy()) return;
		const i = this.indexOf(id);
		if (i === -1) return;
		const old = this.items[i]!;
		const key = scope === 'lead' ? 'values' : 'company';
		const record = { ...old[key] };
		if (value === '' || value === null) delete record[field];
		else record[field] = value;
		const next = this.items.slice();
		next[i] = { ...old, [key]: record };
		this.items = next;
		this.#save(i, i + 1);
	}

	/** Writes several fields at once (response-mapping write-backs). */
	patch(id: string, values: Record<string, FieldValue>): void {
		if (this.#busy()) return;
		const i = this.indexOf(id);
		if (i === -1) return;
		const old = this.items[i]!;
		const next = this.items.slice();
		next[i] = { ...old, values: { ...old.values, ...values } };
		this.items = next;
		this.#save(i, i + 1);
	}

	/**
	 * Writes fields of many leads at once (a campaign run's write-backs): one new array, one save
	 * of the chunks between the first and last lead touched. Unknown ids are ignored.
	 * @returns how many leads changed
	 */
	patchMany(patches: Map<string, Record<string, FieldValue>>): number {
		if (this.#busy()) return 0;
		if (!patches.size) return 0;
		const next = this.items.slice();
		let lo = Infinity;
		let hi = -Infinity;
		for (const [id, values] of patches) {
			const i = this.indexOf(id);
			if (i === -1) continue;
			next[i] = { ...next[i]!, values: { ...next[i]!.values, ...values } };
			lo = Math.min(lo, i);
			hi = Math.max(hi, i);
		}
		if (lo === Infinity) return 0;
		this.items = next;
		this.#save(lo, hi + 1);
		return patches.size;
	}

	duplicate(id: string): Lead | undefined {
		if (this.#busy()) return undefined;
		const i = this.indexOf(id);
		if (i === -1) return undefined;
		const copy = { ...structuredClone(this.items[i]!), id: this.#deps.newId() };
		const next = this.items.slice();
		next.splice(i + 1, 0, copy);
		this.items = next;
		this.#save(i + 1);
		return copy;
	}

	remove(ids: string[]): void {
		if (this.#busy()) return;
		const gone = new Set(ids);
		const before = this.items;
		const first = before.findIndex((l) => gone.has(l.id));
		if (first === -1) return;
		this.items = before.filter((l) => !gone.has(l.id));
		this.#save(first);
		this.#deps.toasts.push({
			kind: 'info',
			message: `Deleted ${ids.length === 1 ? '1 lead' : `${ids.length} leads`}.`,
			action: {
				label: 'Undo',
				run: () => {
					this.items = before;
					this.#save(first);
				}
			}
		});
	}

	append(leads: Lead[]): void {
		if (this.#busy()) return;
		if (!leads.length) return;
		const from = this.items.length;
		this.items = this.items.concat(leads);
		this.#save(from);
	}

	/** Adds `count` generated leads, with the tricky values people get wrong. */
	generate(count: number): void {
		this.append(
			generateLeads(count, {
				seed: Date.now() % 100_000,
				newId: this.#deps.newId,
				startIndex: this.items.length
			})
		);
	}

	addCustomField(def: FieldDef): void {
		if (this.#busy()) return;
		this.customFields.push(def);
		this.#saveFields();
	}

	removeCustomField(name: string): void {
		if (this.#busy()) return;
		this.customFields = this.customFields.filter((f) => f.name !== name);
		this.#saveFields();
	}

	#saveFields(): void {
		this.#deps.saver.schedule('fields', async () => {
			await this.#deps.repo.saveCustomFields($state.snapshot(this.customFields) as FieldDef[]);
			this.#deps.onSaved(['fields']);
		});
	}

	/** Schedules a write of the chunks holding [from, to); an insert or removal shifts all after it. */
	#save(from: number, to = Infinity): void {
		this.#dirty = { from: Math.min(this.#dirty.from, from), to: Math.max(this.#dirty.to, to) };
		this.#deps.saver.schedule('leads', async () => {
			const { from, to } = this.#dirty;
			this.#dirty = { from: Infinity, to: -Infinity };
			try {
				await this.#deps.repo.saveLeads(this.items, {
					fromIndex: from,
					...(to === Infinity ? {} : { toIndex: to })
				});
			} catch (e) {
				// Not written: remember the range so the next save retries it.
				this.#dirty = { from: Math.min(this.#dirty.from, from), to: Math.max(this.#dirty.to, to) };
				throw e;
			}
			this.#deps.onSaved(['leads:index']);
		});
	}
}
