/**
 * Campaign delay projection. Marketo runs a campaign's Call Webhook steps one lead at a time
 * (DEV-WH: "Even if a service takes only 50ms to execute, 100,000 executions take 1.5 hours";
 * exactly 5,000 s), with at most 20 outstanding connections per instance (TK-20).
 */

function nonNegative(n: number): number {
	return Number.isFinite(n) && n > 0 ? n : 0;
}

/**
 * Projects how long a campaign's webhook calls take.
 * Calls run in `concurrency` parallel slots; each slot handles its leads one after another, so the
 * total is the number of rounds (`ceil(leads / concurrency)`) times the latency.
 * Never throws: negative or non-finite numbers count as 0, and concurrency below 1 as 1.
 *
 * @param input.leads how many leads enter the flow step
 * @param input.latencyMs one call's round trip, in milliseconds
 * @param input.concurrency parallel slots @default 1 (Marketo's serial behaviour)
 * @returns totalMs for the whole campaign, perLeadMs = totalMs / leads (the latency divided across
 *   the slots; for 0 leads, what one more lead would cost on average)
 */
export function projectDelay(input: { leads: number; latencyMs: number; concurrency?: number }): {
	totalMs: number;
	perLeadMs: number;
} {
	const leads = Math.floor(nonNegative(input.leads));
	const latencyMs = nonNegative(input.latencyMs);
	const concurrency = Math.max(1, Math.floor(nonNegative(input.concurrency ?? 1)));
	const totalMs = Math.ceil(leads / concurrency) * latencyMs;
	return { totalMs, perLeadMs: leads > 0 ? totalMs / leads : latencyMs / concurrency };
}

/**
 * A duration in words, the way a person reads it: `1 h 23 min 20 s`, `850 ms`.
 */
export function formatDuration(ms: number): string {
	if (!Number.isFinite(ms) || ms < 0) return '—';
	if (ms < 1000) return `${Math.round(ms)} ms`;
	let s = Math.round(ms / 1000);
	const d = Math.floor(s / 86400);
	s -= d * 86400;
	const h = Math.floor(s / 3600);
	s -= h * 3600;
	const m = Math.floor(s / 60);
	s -= m * 60;
	const parts: string[] = [];
	if (d) parts.push(`${d} d`);
	if (h) parts.push(`${h} h`);
	if (m) parts.push(`${m} min`);
	if (s || parts.length === 0) parts.push(`${s} s`);
	return parts.join(' ');
}
