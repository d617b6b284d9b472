/**
 * Debounced, per-key writes: an edit schedules its write, a newer edit to the same key replaces
 * it, and `flush` runs everything now (before the tab is hidden or a whole-workspace replace).
 */
export class Saver {
	#scheduled = new Map<
		string,
		{ timer: ReturnType<typeof setTimeout>; op: () => Promise<unknown> }
	>();
	#inFlight = new Map<string, Promise<unknown>>();
	readonly #delayMs: number;
	readonly #onError: (e: unknown) => void;

	constructor(delayMs: number, onError: (e: unknown) => void) {
		this.#delayMs = delayMs;
		this.#onError = onError;
	}

	schedule(key: string, op: () => Promise<unknown>): void {
		const prior = this.#scheduled.get(key);
		if (prior) clearTimeout(prior.timer);
		const timer = setTimeout(() => void this.#run(key), this.#delayMs);
		this.#scheduled.set(key, { timer, op });
	}

	cancel(key: string): void {
		const prior = this.#scheduled.get(key);
		if (prior) clearTimeout(prior.timer);
		this.#scheduled.delete(key);
	}

	/** True while a write for the key is waiting or running. */
	pending(key: string): boolean {
		return this.#scheduled.has(key) || this.#inFlight.has(key);
	}

	async flush(): Promise<void> {
		await Promise.all([...this.#scheduled.keys()].map((key) => this.#run(key)));
		await Promise.all(this.#inFlight.values());
	}

	async #run(key: string): Promise<void> {
		const entry = this.#scheduled.get(key);
		if (!entry) return;
		clearTimeout(entry.timer);
		this.#scheduled.delete(key);
		// Writes to one key stay in order: wait for the previous one first.
		const previous = this.#inFlight.get(key);
		const run = (async () => {
			if (previous) await previous.catch(() => {});
			await entry.op();
		})();
		this.#inFlight.set(key, run);
		try {
			await run;
		} catch (e) {
			this.#onError(e);
		} finally {
			if (this.#inFlight.get(key) === run) this.#inFlight.delete(key);
		}
	}
}
