export interface Toast {
	id: number;
	kind: 'info' | 'success' | 'error';
	message: string;
	action?: { label: string; run: () => void };
}

/** Short notices at the edge of the screen; errors stay until dismissed, others time out. */
export class Toasts {
	#items = $state<Toast[]>([]);
	#next = 1;

	readonly #setTimeout: (fn: () => void, ms: number) => unknown;

	constructor(setTimer: (fn: () => void, ms: number) => unknown = (fn, ms) => setTimeout(fn, ms)) {
		this.#setTimeout = setTimer;
	}

	get items(): readonly Toast[] {
		return this.#items;
	}

	/** Shows a notice. @returns its id, for `dismiss` */
	push(toast: Omit<Toast, 'id'>, timeoutMs = toast.kind === 'error' ? 0 : 8000): number {
		const id = this.#next++;
		this.#items.push({ ...toast, id });
		if (timeoutMs > 0) this.#setTimeout(() => this.dismiss(id), timeoutMs);
		return id;
	}

	dismiss(id: number): void {
		this.#items = this.#items.filter((t) => t.id !== id);
	}
}
