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
	/** True while {@link patchInSlices} writes: edits wait, so its result cannot drop them. */
	writing = $state(false);
	/**
	 * Where each id sits in `#positionsOf` (the list it was built from). Edits that keep every lead
	 * in place (a field change, a run's write-backs) carry it over to their new list instead of
	 * rebuilding it: for 100,000 leads a rebuild is a 10 MB map.
	 */
	#positions = new Map<string, number>();
	#positionsOf: Lead[] | null = null;
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
	/** Loading or writing: edits are refused for now. */
	get busy(): boolean {
		return this.loading || this.writing;
	}

	#busy(): boolean {
		if (!this.busy) return false;
		this.#deps.toasts.push({
			kind: 'info',
			message: this.loading
				? 'The sample leads are still loading; try again in a moment.'
				: "A run's response mappings are being written to the sample leads; try again in a moment."
		});
		return true;
	}

	byId(id: string | undefined): Lead | undefined {
		const items = this.items;
		if (id === undefined) return undefined;
		const i = this.#positionsFor(items).get(id);
		return i === undefined ? undefined : items[i];
	}

	indexOf(id: string): number {
		return this.#positionsFor(this.items).get(id) ?? -1;
	}

	#positionsFor(items: Lead[]): Map<string, number> {
		if (this.#positionsOf !== items) {
			this.#positions = new Map(items.map((l, i) => [l.id, i]));
			this.#positionsOf = items;
		}
		return this.#positions;
	}

	/** Replaces the list with `next`, which has the same leads at the same positions. */
	#replaceInPlace(next: Lead[]): void {
		const carried = this.#positionsOf === this.items;
		this.items = next;
		if (carried) this.#positionsOf = next;
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
		this.#replaceInPlace(next);
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
		this.#replaceInPlace(next);
		this.#save(i, i + 1);
	}

	/**
	 * Writes fields of many leads at once: one new array, one save of the chunks between the first
	 * and last lead touched. Unknown ids are ignored.
	 * @returns how many leads changed
	 */
	patchMany(patches: Iterable<[string, Record<string, FieldValue>]>): number {
		if (this.#busy()) return 0;
		const next = this.items.slice();
		const written = this.#patchInto(next, patches[Symbol.iterator](), () => false);
		this.#publish(next, written);
		return written.count;
	}

	/**
	 * {@link patchMany} for a campaign run's write-backs over up to 100,000 leads: the patches are
	 * taken (the iterable may compute them as it goes) and written into one copy of the list about
	 * `sliceMs` at a time, with a task between slices so the page stays responsive, and the copy
	 * replaces the list once at the end. Until then other edits are refused (`writing`): the copy
	 * would drop them.
	 * @returns how many leads changed (0 when the leads are busy)
	 */
	async patchInSlices(
		patches: Iterable<[string, Record<string, FieldValue>]>,
		options: { sliceMs: number; now: () => number }
	): Promise<number> {
		if (this.#busy()) return 0;
		this.writing = true;
		try {
			const base = this.items;
			const next = base.slice();
			// Kept only to write again should the list be replaced meanwhile (another tab's save).
			const taken: [string, Record<string, FieldValue>][] = [];
			const source = patches[Symbol.iterator]();
			const it: Iterator<[string, Record<string, FieldValue>]> = {
				next: () => {
					const r = source.next();
					if (!r.done) taken.push(r.value);
					return r;
				}
			};
			const written = { count: 0, lo: Infinity, hi: -Infinity };
			for (;;) {
				const start = options.now();
				const slice = this.#patchInto(next, it, () => options.now() - start >= options.sliceMs);
				written.count += slice.count;
				written.lo = Math.min(written.lo, slice.lo);
				written.hi = Math.max(written.hi, slice.hi);
				if (slice.done) break;
				await new Promise<void>((r) => setTimeout(r, 0));
			}
			if (this.items === base) {
				this.#publish(next, written);
				return written.count;
			}
			const again = this.items.slice();
			const redone = this.#patchInto(again, taken[Symbol.iterator](), () => false);
			this.#publish(again, redone);
			return redone.count;
		} finally {
			this.writing = false;
		}
	}

	/** Writes patches from `it` into `next` until it ends or `enough()` (asked every 64 leads). */
	#patchInto(
		next: Lead[],
		it: Iterator<[string, Record<string, FieldValue>]>,
		enough: () => boolean
	): { count: number; lo: number; hi: number; done: boolean } {
		let count = 0;
		let lo = Infinity;
		let hi = -Infinity;
		for (let n = 1; ; n++) {
			const r = it.next();
			if (r.done) return { count, lo, hi, done: true };
			const [id, values] = r.value;
			const i = this.indexOf(id);
			if (i !== -1) {
				next[i] = { ...next[i]!, values: { ...next[i]!.values, ...values } };
				lo = Math.min(lo, i);
				hi = Math.max(hi, i);
				count++;
			}
			if (n % 64 === 0 && enough()) return { count, lo, hi, done: false };
		}
	}

	#publish(next: Lead[], written: { count: number; lo: number; hi: number }): void {
		if (!written.count) return;
		this.#replaceInPlace(next);
		this.#save(written.lo, written.hi + 1);
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
