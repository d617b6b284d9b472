import {
	applyChanges,
	applyResponseMappings,
	changesFor,
	isSuccess,
	projectCampaign,
	renderRequest,
	flowContexts,
	type CallActivity,
	type FieldChange,
	type FieldValue,
	type LatencyStats,
	type Lead,
	type TransportId,
	type WebhookDefinition
} from '../core';
import { startRun, type RunHandle } from '../send/runner';
import { newId } from './ids';
import type { SendState } from './send.svelte';
import { toActivity } from './send.svelte';
import { leadLabel } from './workspace.svelte';

/** A run's write-backs are applied (and undone) in tasks of about this long. */
const WRITE_SLICE_MS = 8;

const nextTask = () => new Promise<void>((r) => setTimeout(r, 0));

/** Median, 95th percentile (linear, as `percentile`), min and max of ascending durations. */
function statsOfSorted(sorted: Float64Array): LatencyStats | null {
	const n = sorted.length;
	if (!n) return null;
	const at = (p: number) => {
		const x = (p / 100) * (n - 1);
		const lo = Math.floor(x);
		const hi = Math.min(n - 1, lo + 1);
		return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (x - lo);
	};
	return { count: n, median: at(50), p95: at(95), min: sorted[0]!, max: sorted[n - 1]! };
}

/** Response bodies kept in the activity log per run call (a run can make 100,000 of them). */
export const RUN_LOGGED_BODY_CHARS = 2048;
/** Activities are written to storage in batches of this size. */
const LOG_BATCH = 500;
/**
 * The run waits while more batches than this are still being written: storage, not memory, sets
 * the pace when the transport answers faster than IndexedDB writes (the mock).
 */
const LOG_BEHIND = 2;
/** The UI's counters refresh at most this often during a run. */
const REFRESH_MS = 250;
/** Views that walk every result refresh at most this often. */
const DETAIL_MS = 2000;

export interface RunConfig {
	/** How many sample leads, from the first. */
	count: number;
	concurrency: number;
	delayMs: number;
	transport: TransportId;
	/** Apply the response mappings to the sample leads when the run ends (one undo). */
	writeBack: boolean;
}

export type RunPhase = 'idle' | 'running' | 'paused' | 'cancelled' | 'done';

/** One lead's result, as the results table shows it. */
export interface RunRow {
	index: number;
	leadId: string;
	lead: string;
	status: number | null;
	durationMs: number;
	error: string;
}

/**
 * A campaign run: one webhook over many sample leads through a transport, the way Marketo's
 * flow step would call it (one lead at a time by default). Results are kept in typed arrays so a
 * 100,000-lead run stays small; the reactive counters refresh every {@link REFRESH_MS}.
 */
export class RunState {
	phase = $state<RunPhase>('idle');
	total = $state(0);
	done = $state(0);
	ok = $state(0);
	httpErrors = $state(0);
	failed = $state(0);
	skipped = $state(0);
	elapsedMs = $state(0);
	/** Bumped on each refresh; derived views (table, histogram) depend on it. */
	version = $state(0);
	webhookName = $state('');
	concurrency = $state(1);
	/** Leads whose fields the run's write-backs changed (0 until applied). */
	written = $state(0);
	pendingWrites = $state(0);
	/** Leads whose write-backs are being applied now (0 when none are). */
	writing = $state(0);
	/** True from the start of a run until its wrap-up (write-backs, log, saving) is over. */
	settling = $state(false);
	/** Calls still in flight: after a pause they finish and report before the run is still. */
	inFlight = $state(0);

	/** Live counters, copied into the reactive ones on each refresh (not per call). */
	#c = { done: 0, ok: 0, httpErrors: 0, failed: 0, skipped: 0 };
	#lastDetail = 0;
	#statuses = new Int16Array(0);
	#durations = new Float64Array(0);
	/** The leads of the run as they were at its start (the same objects, no copy). */
	#leads: readonly Lead[] = [];
	#errors = new Map<number, string>();
	#changes = new Map<string, FieldChange[]>();
	#handle: RunHandle | null = null;
	#startedAt = 0;
	#refreshTimer: ReturnType<typeof setTimeout> | null = null;
	#logBuffer: CallActivity[] = [];
	/** Log batches handed to storage and not yet written, oldest first. */
	#logWrites: Promise<void>[] = [];
	#runId = '';
	#writeBack = false;
	readonly send: SendState;
	readonly #now: () => number;

	constructor(send: SendState, options: { now?: () => number } = {}) {
		this.send = send;
		this.#now = options.now ?? (() => performance.now());
	}

	get running(): boolean {
		return this.phase === 'running' || this.phase === 'paused';
	}

	/** Calls per second so far. */
	get rate(): number {
		return this.elapsedMs > 0 ? (this.done / this.elapsedMs) * 1000 : 0;
	}

	/** Time left at the current rate, or null before the first result. */
	get etaMs(): number | null {
		if (!this.done || this.phase !== 'running') return null;
		return ((this.total - this.done) / this.rate) * 1000;
	}

	/**
	 * Latency of the calls that got an answer so far, and its histogram: computed once per detail
	 * refresh from one sorted copy of the durations (a typed-array sort: ~10 ms for 100,000).
	 */
	#detail = $derived.by(() => {
		void this.version;
		let n = 0;
		for (let i = 0; i < this.total; i++) if (this.#statuses[i]! > 0) n++;
		const sorted = new Float64Array(n);
		for (let i = 0, j = 0; i < this.total; i++)
			if (this.#statuses[i]! > 0) sorted[j++] = this.#durations[i]!;
		sorted.sort();
		return { sorted, stats: statsOfSorted(sorted) };
	});

	get stats(): LatencyStats | null {
		return this.#detail.stats;
	}

	/** The projection for this run from its measured median latency, to set against the actual. */
	get projectedMs(): number | null {
		const s = this.stats;
		if (!s) return null;
		return projectCampaign({
			leads: this.total,
			latencyMs: s.median,
			concurrency: this.concurrency
		}).totalMs;
	}

	/** Durations of answered calls in `bins` equal-width bins up to the 99th percentile, plus overflow. */
	histogram(bins = 20): { from: number; to: number; count: number }[] {
		const sorted = this.#detail.sorted;
		if (!sorted.length) return [];
		const top = Math.max(1, sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))]!);
		const width = top / bins;
		const out = Array.from({ length: bins }, (_, b) => ({
			from: b * width,
			to: (b + 1) * width,
			count: 0
		}));
		let over = 0;
		for (const v of sorted) {
			const b = Math.floor(v / width);
			if (b >= bins) over++;
			else out[Math.max(0, b)]!.count++;
		}
		if (over) out.push({ from: top, to: sorted[sorted.length - 1]!, count: over });
		return out;
	}

	/** Result rows, optionally only failures, from `offset`. */
	rows(
		filter: 'all' | 'failed' | 'ok',
		offset: number,
		limit: number
	): { rows: RunRow[]; matching: number } {
		void this.version;
		const rows: RunRow[] = [];
		let matching = 0;
		for (let i = 0; i < this.total; i++) {
			const s = this.#statuses[i]!;
			if (s === 0) continue; // not done yet
			const good = s >= 200 && s < 300;
			if ((filter === 'failed' && good) || (filter === 'ok' && !good)) continue;
			if (matching >= offset && rows.length < limit)
				rows.push({
					index: i,
					leadId: this.#leads[i]!.id,
					lead: leadLabel(this.#leads[i]!),
					status: s > 0 ? s : null,
					durationMs: this.#durations[i]!,
					error: this.#errors.get(i) ?? ''
				});
			matching++;
		}
		return { rows, matching };
	}

	/** Starts a run of `webhook` over the first `config.count` sample leads. */
	start(webhook: WebhookDefinition, config: RunConfig): void {
		if (this.running) return;
		const ws = this.send.ws;
		// Plain copies: each lead's render reads them, and a reactive proxy costs on every read.
		const context = $state.snapshot(ws.selectedContext);
		if (!context) return;
		const leads = ws.leads.items.slice(0, Math.max(0, Math.min(config.count, 100_000)));
		const fields = $state.snapshot(ws.fields);
		const coercion = ws.prefs.coercion;
		const snapshot = $state.snapshot(webhook) as WebhookDefinition;
		const contextFor = flowContexts(context, () => new Date());
		const n = leads.length;
		this.#statuses = new Int16Array(n); // 0 = pending, -1 = no response
		this.#durations = new Float64Array(n);
		this.#leads = leads;
		this.#errors = new Map();
		this.#changes = new Map();
		this.#logBuffer = [];
		this.#logWrites = [];
		this.#runId = newId();
		this.#writeBack = config.writeBack;
		this.total = n;
		this.#c = { done: 0, ok: 0, httpErrors: 0, failed: 0, skipped: 0 };
		this.#lastDetail = 0;
		this.#sync();
		this.written = this.pendingWrites = 0;
		this.elapsedMs = 0;
		this.webhookName = webhook.name;
		this.concurrency = config.concurrency;
		this.phase = 'running';
		this.settling = true;
		this.#startedAt = this.#now();
		const mapping = snapshot.responseMappings.length > 0 && snapshot.responseType !== 'none';

		this.#handle = startRun({
			total: n,
			render: (i) => renderRequest(snapshot, contextFor(leads[i]!), { fields }).request,
			transport: this.send.transport(config.transport, true),
			concurrency: config.concurrency,
			delayMs: config.delayMs,
			timeoutMs: this.send.profile.timeoutMs,
			followRedirects: this.send.profile.followsRedirects,
			backlog: () => (this.#logWrites.length > LOG_BEHIND ? this.#logWrites[0]! : null),
			onSkip: (i) => {
				this.#statuses[i] = -1;
				this.#errors.set(i, 'Not sent: the request could not be rendered (see the preview).');
				this.#c.skipped++;
				this.#c.done++;
				this.#scheduleRefresh();
			},
			onResult: (i, outcome) => {
				const r = outcome.response;
				this.#statuses[i] = r ? r.status : -1;
				this.#durations[i] = outcome.timing.totalMs;
				if (outcome.error) this.#errors.set(i, outcome.error.message);
				const activity = toActivity(outcome, {
					// Unique: the run's id is; and cheaper than a fresh UUID for each of 100,000 calls.
					id: `${this.#runId}-${i}`,
					webhook: snapshot,
					leadId: leads[i]!.id,
					leadLabel: leadLabel(leads[i]!),
					runId: this.#runId,
					bodyChars: RUN_LOGGED_BODY_CHARS
				});
				if (r && isSuccess(r.status) && mapping) {
					const m = applyResponseMappings(snapshot, r, { fields, coercion });
					const changes = changesFor(leads[i]!.values, m.updates, fields);
					if (changes.length) {
						this.#changes.set(leads[i]!.id, changes);
						// Logged as Change Data Value only when they will be written.
						if (this.#writeBack) activity.changes = changes;
					}
				}
				this.#logBuffer.push(activity);
				if (this.#logBuffer.length >= LOG_BATCH) this.#flushLog();
				this.#c.done++;
				if (!r) this.#c.failed++;
				else if (isSuccess(r.status)) this.#c.ok++;
				else this.#c.httpErrors++;
				// While pausing, the last few answers show at once: the user waits for them.
				if (this.#handle?.status === 'paused') this.#sync();
				else this.#scheduleRefresh();
			}
		});
		void this.#handle.finished.then((phase) => this.#finish(phase));
	}

	pause(): void {
		this.#handle?.pause();
		if (this.#handle?.status === 'paused') {
			this.phase = 'paused';
			this.#sync();
		}
	}

	resume(): void {
		this.#handle?.resume();
		if (this.#handle?.status === 'running') {
			this.phase = 'running';
		}
	}

	cancel(): void {
		this.#handle?.cancel();
	}

	#scheduleRefresh(): void {
		if (this.#refreshTimer) return;
		this.#refreshTimer = setTimeout(() => {
			this.#refreshTimer = null;
			this.#sync();
			// The table, histogram and percentiles walk every result: refresh them every 2 s.
			const now = this.#now();
			if (now - this.#lastDetail >= DETAIL_MS) {
				this.#lastDetail = now;
				this.version++;
			}
		}, REFRESH_MS);
	}

	#sync(): void {
		this.done = this.#c.done;
		this.ok = this.#c.ok;
		this.httpErrors = this.#c.httpErrors;
		this.failed = this.#c.failed;
		this.skipped = this.#c.skipped;
		this.inFlight = this.#handle?.inFlight ?? 0;
		if (this.#startedAt) this.elapsedMs = this.#now() - this.#startedAt;
	}

	#flushLog(): void {
		const batch = this.#logBuffer;
		this.#logBuffer = [];
		if (!batch.length) return;
		const written: Promise<void> = this.send.log(batch).finally(() => {
			this.#logWrites.splice(this.#logWrites.indexOf(written), 1);
		});
		this.#logWrites.push(written);
	}

	/**
	 * Wraps up in separate tasks (log, counters, the detail views, write-backs, the log's newest
	 * calls read back, the leads saved): none long.
	 */
	async #finish(phase: 'done' | 'cancelled' | 'running' | 'paused'): Promise<void> {
		if (this.#refreshTimer) clearTimeout(this.#refreshTimer);
		this.#refreshTimer = null;
		this.#flushLog();
		this.#sync();
		this.phase = phase === 'cancelled' ? 'cancelled' : 'done';
		try {
			await nextTask();
			this.version++;
			this.pendingWrites = this.#changes.size;
			await nextTask();
			if (this.#writeBack) await this.applyWriteBacks();
			await Promise.all(this.#logWrites);
			await this.send.reloadNewest();
			await this.send.ws.flush();
		} finally {
			this.settling = false;
		}
	}

	/**
	 * Applies every collected write-back to the sample leads, with one undo. Large runs are applied
	 * in slices of about {@link WRITE_SLICE_MS}, each in a task of its own, so the page stays
	 * responsive. While the leads are busy (loading, or another write) they stay pending.
	 */
	async applyWriteBacks(): Promise<void> {
		const leads = this.send.ws.leads;
		if (!this.#changes.size) return;
		if (leads.busy) {
			this.pendingWrites = this.#changes.size;
			this.send.ws.toasts.push({
				kind: 'info',
				message: `The sample leads are busy; the run's ${this.#changes.size} write-backs wait until you write them back.`
			});
			return;
		}
		const changes = this.#changes;
		this.#changes = new Map();
		this.pendingWrites = 0;
		const before = new Map<string, Record<string, FieldValue>>();
		const patches = function* (): Generator<[string, Record<string, FieldValue>]> {
			for (const [id, list] of changes) {
				const lead = leads.byId(id);
				if (!lead) continue;
				before.set(id, Object.fromEntries(list.map((c) => [c.name, lead.values[c.name] ?? null])));
				yield [id, applyChanges({}, list)];
			}
		};
		const slicing = { sliceMs: WRITE_SLICE_MS, now: this.#now };
		this.writing = changes.size;
		let count: number;
		try {
			count = await leads.patchInSlices(patches(), slicing);
		} finally {
			this.writing = 0;
		}
		this.written = count;
		this.send.ws.toasts.push({
			kind: 'success',
			message: `Wrote the response mappings of the run to ${count} sample lead${count === 1 ? '' : 's'}.`,
			action: {
				label: 'Undo',
				run: () => {
					// Refused (with a message) while the leads are busy: then they stay written.
					const busy = leads.busy;
					void leads.patchInSlices(before, slicing);
					if (!busy) this.written = 0;
				}
			}
		});
	}
}

const runs = new WeakMap<SendState, RunState>();

/**
 * The page's one campaign run for `send`: created on first use, so the Throughput view (and this
 * module) can load on demand and a run keeps going while another view is open.
 */
export function runStateFor(send: SendState): RunState {
	let run = runs.get(send);
	if (!run) runs.set(send, (run = new RunState(send)));
	return run;
}
