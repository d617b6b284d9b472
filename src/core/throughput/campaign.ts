/**
 * The campaign delay calculator's model (issue 5): projectDelay (throughput.ts) extended with
 * calls that time out and the platform's retry policy, plus the latency statistics, chart series
 * and wording the calculator shows. Pure: it takes timestamps and never reads a clock.
 */
import { projectDelay } from './throughput';

/** Marketo waits up to 30 seconds for a call before it gives up (DEV-WH). */
export const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * Retries beyond this many are not modelled. Real policies stop at a handful (Braze: 5), and an
 * unbounded count would make a typo like 1e9 spin for seconds when every attempt times out.
 */
export const MAX_MODELLED_RETRIES = 100;

/**
 * Wait before retry `retry` (1 = the first retry): a function, or a list where `list[retry - 1]`
 * applies and the last entry repeats for later retries (an empty list waits 0).
 */
export type RetryBackoff = ((retry: number) => number) | readonly number[];

export interface CampaignInput {
	/** How many leads enter the Call Webhook step. */
	leads: number;
	/** One successful call's round trip, in milliseconds. */
	latencyMs: number;
	/** Parallel slots. @default 1 (Marketo: one lead at a time) */
	concurrency?: number;
	/** Share of attempts that time out, 0..1. @default 0 */
	timeoutShare?: number;
	/** What a timed-out attempt costs: the platform's full timeout. @default 30000 */
	timeoutMs?: number;
	/** Retries after a timed-out attempt. @default 0 (Marketo never retries) */
	maxRetries?: number;
	/** Wait before each retry; counted as occupying the slot. @default no wait */
	retryBackoffMs?: RetryBackoff;
	/** Of the attempts that time out, the share the platform retries, 0..1. @default 1 */
	retryableShare?: number;
}

export interface CampaignProjection {
	/** The whole campaign: `rounds × expectedCallMs`. */
	totalMs: number;
	/** `totalMs / leads`; for 0 leads, what one more lead would cost on average. */
	perLeadMs: number;
	/** Expected slot time for one lead: first attempt, retries and their backoff. */
	expectedCallMs: number;
	/** Expected attempts per lead (1 without timeouts or retries). */
	expectedAttempts: number;
	/** `ceil(leads / concurrency)`: how many leads each slot handles one after another. */
	rounds: number;
	/**
	 * Where `totalMs` goes; the three add up to it (up to floating-point rounding).
	 * successMs: first attempts that answer; timeoutMs: first attempts waiting out the timeout;
	 * retryMs: every retry, its backoff included.
	 */
	breakdown: { successMs: number; timeoutMs: number; retryMs: number };
}

function nonNegative(n: number): number {
	return Number.isFinite(n) && n > 0 ? n : 0;
}

/** A share in 0..1; NaN counts as 0. */
function share(n: number): number {
	return Number.isNaN(n) ? 0 : Math.min(1, Math.max(0, n));
}

function backoffFor(backoff: RetryBackoff | undefined, retry: number): number {
	if (backoff === undefined) return 0;
	if (typeof backoff === 'function') return nonNegative(backoff(retry));
	return nonNegative(backoff[retry - 1] ?? backoff[backoff.length - 1] ?? 0);
}

/**
 * Projects a campaign's webhook delay with timeouts and retries, as an expected value.
 *
 * With latency L, timeout T, timeout share t, retryable share r (p = t·r is the chance that an
 * attempt is followed by a retry), R = maxRetries and b_k the backoff before retry k:
 *
 *     attempt cost   c = (1 − t)·L + t·T
 *     expectedCallMs   = Σ_{k=0..R} p^k · (b_k + c)      (b_0 = 0)
 *     expectedAttempts = Σ_{k=0..R} p^k
 *     totalMs          = ceil(leads / concurrency) · expectedCallMs
 *
 * Retry k happens only if the k attempts before it all timed out and were retried, hence p^k;
 * each retry times out again with the same share t. A success costs the latency even if L > T
 * (the caller decides whether to warn), so with t = 0 and R = 0 the result equals
 * `projectDelay({ leads, latencyMs, concurrency })` exactly: the division across slots is
 * projectDelay's own, applied to the expected per-lead cost.
 *
 * Never throws on numbers: negative or non-finite counts, latencies and timeouts count as 0,
 * concurrency below 1 as 1, shares are clamped to 0..1 (NaN as 0), and retries are capped at
 * MAX_MODELLED_RETRIES.
 */
export function projectCampaign(input: CampaignInput): CampaignProjection {
	const latencyMs = nonNegative(input.latencyMs);
	const timeoutMs = nonNegative(input.timeoutMs ?? DEFAULT_TIMEOUT_MS);
	const t = share(input.timeoutShare ?? 0);
	const p = t * share(input.retryableShare ?? 1);
	const maxRetries = Math.min(MAX_MODELLED_RETRIES, Math.floor(nonNegative(input.maxRetries ?? 0)));

	const successPart = (1 - t) * latencyMs;
	const timeoutPart = t * timeoutMs;
	const attemptMs = successPart + timeoutPart;

	let retryMs = 0;
	let expectedAttempts = 1;
	let reach = 1;
	for (let k = 1; k <= maxRetries; k++) {
		reach *= p;
		if (reach === 0) break;
		retryMs += reach * (backoffFor(input.retryBackoffMs, k) + attemptMs);
		expectedAttempts += reach;
	}
	const expectedCallMs = attemptMs + retryMs;

	const { totalMs, perLeadMs } = projectDelay({
		leads: input.leads,
		latencyMs: expectedCallMs,
		concurrency: input.concurrency
	});
	// The same clamping projectDelay applies, to report the rounds it used.
	const leads = Math.floor(nonNegative(input.leads));
	const concurrency = Math.max(1, Math.floor(nonNegative(input.concurrency ?? 1)));
	const rounds = Math.ceil(leads / concurrency);

	return {
		totalMs,
		perLeadMs,
		expectedCallMs,
		expectedAttempts,
		rounds,
		breakdown: {
			successMs: rounds * successPart,
			timeoutMs: rounds * timeoutPart,
			retryMs: rounds * retryMs
		}
	};
}

/**
 * The p-th percentile (p in 0..100) by linear interpolation between closest ranks (the "R-7" /
 * spreadsheet PERCENTILE.INC / NumPy default method), so the 50th percentile is the usual median
 * (the mean of the two middle values for an even count). Non-finite values are ignored; p is
 * clamped to 0..100. Returns null when no value is left or p is NaN. The input is not mutated.
 */
export function percentile(values: readonly number[], p: number): number | null {
	if (Number.isNaN(p)) return null;
	const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
	if (sorted.length === 0) return null;
	const rank = ((sorted.length - 1) * Math.min(100, Math.max(0, p))) / 100;
	const lo = Math.floor(rank);
	const below = sorted[lo]!;
	const above = sorted[Math.min(lo + 1, sorted.length - 1)]!;
	return below + (rank - lo) * (above - below);
}

export interface LatencyStats {
	count: number;
	median: number;
	p95: number;
	min: number;
	max: number;
}

/**
 * Median, 95th percentile (see percentile), min and max of measured latencies in milliseconds.
 * Only finite, non-negative values count; null when there are none.
 */
export function latencyStats(values: readonly number[]): LatencyStats | null {
	const valid = values.filter((v) => Number.isFinite(v) && v >= 0);
	if (valid.length === 0) return null;
	return {
		count: valid.length,
		median: percentile(valid, 50)!,
		p95: percentile(valid, 95)!,
		min: Math.min(...valid),
		max: Math.max(...valid)
	};
}

export type DelayAxis = 'leads' | 'latency';

/**
 * Points for a chart of the projected delay against lead count or against latency, everything
 * else in `input` held. The x range is linear from 0 to twice the input's value (leads: whole
 * numbers; 0 leads → 0..1,000; 0 ms → 0..100 ms), so with an odd number of points the middle
 * point is the input itself. `points` is clamped to 2..1,000 (default 21).
 */
export function delaySeries(
	input: CampaignInput,
	axis: DelayAxis,
	points = 21
): { x: number; totalMs: number }[] {
	const n = Number.isFinite(points) ? Math.min(1000, Math.max(2, Math.round(points))) : 21;
	const current =
		axis === 'leads' ? Math.floor(nonNegative(input.leads)) : nonNegative(input.latencyMs);
	const max = current > 0 ? 2 * current : axis === 'leads' ? 1000 : 100;
	const series: { x: number; totalMs: number }[] = [];
	for (let i = 0; i < n; i++) {
		const raw = (max * i) / (n - 1);
		const x = axis === 'leads' ? Math.round(raw) : raw;
		const at = axis === 'leads' ? { ...input, leads: x } : { ...input, latencyMs: x };
		series.push({ x, totalMs: projectCampaign(at).totalMs });
	}
	return series;
}

/**
 * A duration split into whole hours (not capped at 24), minutes, seconds and milliseconds, after
 * rounding to the nearest millisecond. Negative or non-finite input gives all zeros.
 */
export function durationParts(ms: number): {
	hours: number;
	minutes: number;
	seconds: number;
	ms: number;
} {
	let rest = Math.round(nonNegative(ms));
	const hours = Math.floor(rest / 3_600_000);
	rest -= hours * 3_600_000;
	const minutes = Math.floor(rest / 60_000);
	rest -= minutes * 60_000;
	const seconds = Math.floor(rest / 1000);
	return { hours, minutes, seconds, ms: rest - seconds * 1000 };
}

function unit(n: number, word: string): string {
	return `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * A duration in words: "1 hour, 23 minutes and 20 seconds", "850 milliseconds". The words for
 * formatDuration's short form: whole seconds from one second up, days from 24 hours, zero parts
 * left out. Negative or non-finite input gives "—", as formatDuration does.
 */
export function describeDelay(ms: number): string {
	if (!Number.isFinite(ms) || ms < 0) return '—';
	if (ms === 0) return '0 seconds';
	const rounded = Math.round(ms);
	if (rounded === 0) return 'less than a millisecond';
	if (rounded < 1000) return unit(rounded, 'millisecond');
	const { hours, minutes, seconds } = durationParts(Math.round(ms / 1000) * 1000);
	const days = Math.floor(hours / 24);
	const words: string[] = [];
	if (days) words.push(unit(days, 'day'));
	if (hours % 24) words.push(unit(hours % 24, 'hour'));
	if (minutes) words.push(unit(minutes, 'minute'));
	if (seconds) words.push(unit(seconds, 'second'));
	if (words.length === 1) return words[0]!;
	return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

/**
 * When a campaign started at `start` finishes. A negative or non-finite duration counts as 0.
 */
export function finishTime(start: Date, totalMs: number): Date {
	return new Date(start.getTime() + nonNegative(totalMs));
}
