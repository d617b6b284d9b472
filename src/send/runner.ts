import type { RenderedRequest, SendOutcome } from '../core';
import type { Transport } from './transports';

/**
 * The campaign run engine: sends item 0..total-1 through a transport with at most `concurrency`
 * calls in flight (Marketo: 1), an optional pause between a slot's calls, and pause, resume and
 * cancel. Framework-free, so a bench or a Web Worker can drive it the same way the UI does.
 */
export interface RunOptions {
	total: number;
	/** The request for item `i`, or null when it cannot be sent (reported through `onSkip`). */
	render(i: number): RenderedRequest | null;
	transport: Transport;
	concurrency: number;
	/** Wait after each call before the slot takes its next item. @default 0 */
	delayMs?: number;
	timeoutMs: number;
	followRedirects?: boolean;
	onResult(i: number, outcome: SendOutcome): void;
	onSkip?(i: number): void;
	/**
	 * Asked before each call: a promise holds the run until it settles (work the results started,
	 * such as writing the log, fell behind), null lets it go on. Without it a transport that
	 * answers at once (the mock) outpaces IndexedDB, and results pile up in memory.
	 */
	backlog?(): Promise<unknown> | null;
}

export type RunStatus = 'running' | 'paused' | 'cancelled' | 'done';

export interface RunHandle {
	readonly status: RunStatus;
	/** Calls sent and not yet answered: after pause() they still finish and report. */
	readonly inFlight: number;
	/** Resolves when every slot has stopped (done or cancelled). */
	readonly finished: Promise<RunStatus>;
	pause(): void;
	resume(): void;
	/** Stops taking items and aborts the calls in flight (they report as cancelled). */
	cancel(): void;
}

/** Longest stretch of run work (ms) before the page gets a turn: keeps every task short. */
const SLICE_MS = 8;

/**
 * Gives the event loop a turn (input, rendering) without setTimeout's 4 ms clamp on nested
 * timers: a MessageChannel message is a fresh task.
 */
function yieldToPage(): Promise<void> {
	if (typeof MessageChannel === 'undefined') return new Promise((r) => setTimeout(r, 0));
	return new Promise((resolve) => {
		const ch = new MessageChannel();
		ch.port1.onmessage = () => {
			ch.port1.close();
			resolve();
		};
		ch.port2.postMessage(null);
	});
}

/** Counts event-loop turns: `arm()` posts a message (once) that bumps `count` when delivered. */
class Beat {
	count = 0;
	#armed = false;
	readonly #ch = typeof MessageChannel === 'undefined' ? null : new MessageChannel();
	constructor() {
		if (this.#ch)
			this.#ch.port1.onmessage = () => {
				this.#armed = false;
				this.count++;
			};
	}
	arm(): void {
		if (this.#armed || !this.#ch) return;
		this.#armed = true;
		this.#ch.port2.postMessage(null);
	}
	close(): void {
		this.#ch?.port1.close();
	}
}

export function startRun(options: RunOptions): RunHandle {
	let status: RunStatus = 'running';
	// A function, not a narrowed variable: pause() and cancel() change `status` between awaits.
	const cancelled = () => status === 'cancelled';
	let next = 0;
	let inFlight = 0;
	const abort = new AbortController();
	let wake: (() => void) | null = null;
	let gate: Promise<void> | null = null;

	const sleep = (ms: number) =>
		new Promise<void>((resolve) => {
			const t = setTimeout(resolve, ms);
			abort.signal.addEventListener(
				'abort',
				() => {
					clearTimeout(t);
					resolve();
				},
				{ once: true }
			);
		});

	// A transport that answers without a network round trip (the mock) would otherwise run the
	// whole campaign in microtasks, one task that freezes the page. A message posted to ourselves
	// at the start of each slice tells whether the event loop got a turn since: once SLICE_MS have
	// passed, a new slice starts if it did (a call waited on the network), and the run yields if it
	// did not. One message per slice, not per call: no task of run work goes much past
	// 2 × SLICE_MS, and the network path pays almost nothing for the check.
	const beat = new Beat();
	let sliceStart = performance.now();
	let sliceBeat = beat.count;
	beat.arm();
	/** The next item and its request (null: it cannot be sent), or null when none are left. */
	const take = (): { i: number; request: RenderedRequest | null } | null =>
		cancelled() || next >= options.total ? null : { i: next, request: options.render(next++) };
	const pipelined = !(options.delayMs && options.delayMs > 0);

	async function slot(): Promise<void> {
		// Each slot renders its next item while its call is out, and reports a call's result just
		// after the next call has gone out: with one call at a time (Marketo's way) the time between
		// two calls is then only the transport's own work, not the rendering, mapping and logging.
		let pending: ReturnType<typeof take> = null;
		let answered: { i: number; outcome: SendOutcome } | null = null;
		const report = () => {
			if (!answered) return;
			const { i, outcome } = answered;
			answered = null;
			inFlight--; // counted until reported, so "nothing in flight" means the counts are final
			options.onResult(i, outcome);
		};
		for (;;) {
			if (performance.now() - sliceStart > SLICE_MS) {
				if (beat.count === sliceBeat) {
					report();
					await yieldToPage();
				}
				sliceStart = performance.now();
				sliceBeat = beat.count;
				beat.arm();
			}
			const behind = options.backlog?.();
			if (behind) {
				report();
				await behind.catch(() => undefined);
			}
			if (gate) {
				report();
				await gate;
			}
			const item = cancelled() ? null : (pending ?? take());
			pending = null;
			if (!item) return report();
			if (!item.request) {
				report();
				options.onSkip?.(item.i);
				continue;
			}
			inFlight++;
			const call = options.transport.send(item.request, {
				timeoutMs: options.timeoutMs,
				signal: abort.signal,
				followRedirects: options.followRedirects
			});
			report();
			if (pipelined) pending = take();
			answered = { i: item.i, outcome: await call };
			if (!pipelined && !cancelled()) {
				report();
				await sleep(options.delayMs!);
			}
		}
	}

	const slots = Math.max(1, Math.min(Math.floor(options.concurrency) || 1, options.total || 1));
	const finished = Promise.all(Array.from({ length: slots }, slot)).then(() => {
		beat.close();
		if (status !== 'cancelled') status = 'done';
		return status;
	});

	return {
		get status() {
			return status;
		},
		get inFlight() {
			return inFlight;
		},
		finished,
		pause() {
			if (status !== 'running') return;
			status = 'paused';
			gate = new Promise<void>((resolve) => (wake = resolve));
		},
		resume() {
			if (status !== 'paused') return;
			status = 'running';
			gate = null;
			wake?.();
		},
		cancel() {
			if (status === 'done' || status === 'cancelled') return;
			status = 'cancelled';
			gate = null;
			wake?.();
			abort.abort();
		}
	};
}
