/**
 * Change notices between tabs of the same site: after a write, a tab posts the keys it changed;
 * the others reload those records. Only keys travel, never data: IndexedDB stays the one source.
 */

/** A notice as posted: the storage keys written or deleted (`'*'` for the whole workspace). */
export interface TabChange {
	keys: string[];
}

/** A notice as received: the keys, and the `tabId` of the tab that wrote them. */
export interface TabChangeFrom extends TabChange {
	from: string;
}

/** The tab's end of the channel. */
export interface TabSync {
	/** This tab's id, random per call of {@link createTabSync}. */
	readonly tabId: string;
	/** Tells the other tabs that `change.keys` were written. Does nothing after `close()`. */
	post(change: TabChange): void;
	/** Calls `fn` for each notice from another tab; returns the unsubscribe function. */
	subscribe(fn: (change: TabChangeFrom) => void): () => void;
	/** Closes the channel; later posts and notices are dropped. */
	close(): void;
}

interface Wire {
	type: 'change';
	from: string;
	keys: string[];
}

function isWire(x: unknown): x is Wire {
	if (typeof x !== 'object' || x === null) return false;
	const m = x as Record<string, unknown>;
	return (
		m.type === 'change' &&
		typeof m.from === 'string' &&
		Array.isArray(m.keys) &&
		m.keys.every((k) => typeof k === 'string')
	);
}

// crypto.randomUUID exists only in secure contexts, and the playground may be served over plain
// http from a LAN host; getRandomValues works everywhere.
function randomId(): string {
	const bytes = new Uint8Array(12);
	if (globalThis.crypto?.getRandomValues) globalThis.crypto.getRandomValues(bytes);
	else for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
	return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Opens the change channel. Notices this same tab (this `tabId`) posted are ignored, and so are
 * malformed messages. Without BroadcastChannel (old Safari, some embedded browsers) every method
 * is a no-op: each tab then works alone and sees other tabs' writes on its next load.
 * @param channelName @default 'webhook-playground'
 * @param deps.BroadcastChannel undefined for none @default globalThis.BroadcastChannel
 */
export function createTabSync(
	channelName = 'webhook-playground',
	deps: { BroadcastChannel?: typeof BroadcastChannel | undefined } = {}
): TabSync {
	// Given as undefined means none (tests, and browsers without it), not the default.
	const Ctor = 'BroadcastChannel' in deps ? deps.BroadcastChannel : globalThis.BroadcastChannel;
	const tabId = randomId();
	const listeners = new Set<(change: TabChangeFrom) => void>();
	let channel: BroadcastChannel | null = Ctor ? new Ctor(channelName) : null;

	channel?.addEventListener('message', (event: MessageEvent<unknown>) => {
		const m = event.data;
		if (!isWire(m) || m.from === tabId) return;
		for (const fn of [...listeners]) fn({ keys: [...m.keys], from: m.from });
	});

	return {
		tabId,
		post(change) {
			const message: Wire = { type: 'change', from: tabId, keys: [...change.keys] };
			channel?.postMessage(message);
		},
		subscribe(fn) {
			listeners.add(fn);
			return () => listeners.delete(fn);
		},
		close() {
			channel?.close();
			channel = null;
			listeners.clear();
		}
	};
}
