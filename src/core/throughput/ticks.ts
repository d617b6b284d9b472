/**
 * Axis ticks for the delay chart: round numbers for counts, and steps a person reads at a glance
 * for durations (30 s, 5 min, 1 h, 2 d) instead of decimal multiples of milliseconds.
 */

export interface Ticks {
	/** From 0 up to `max`, evenly spaced. */
	ticks: number[];
	/** The axis end: the first tick at or above the data's maximum. */
	max: number;
}

/** The smallest of 1, 2 or 5 × 10^k that is at least `rough`. */
function niceStep(rough: number): number {
	const pow = 10 ** Math.floor(Math.log10(rough));
	const f = rough / pow;
	return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * pow;
}

function spread(max: number, step: number): Ticks {
	const n = Math.max(1, Math.ceil(max / step - 1e-9));
	return { ticks: Array.from({ length: n + 1 }, (_, i) => i * step), max: n * step };
}

function target(n: number): number {
	return Number.isFinite(n) ? Math.max(1, Math.round(n)) : 5;
}

/**
 * Ticks for a count axis in 1-2-5 steps, at most about `count` intervals. A maximum that is not
 * a positive finite number counts as 1.
 */
export function numberTicks(max: number, count = 5): Ticks {
	const top = Number.isFinite(max) && max > 0 ? max : 1;
	return spread(top, niceStep(top / target(count)));
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Steps at and above one second, in units a clock shows. */
const DURATION_STEPS = [
	SECOND,
	2 * SECOND,
	5 * SECOND,
	10 * SECOND,
	15 * SECOND,
	30 * SECOND,
	MINUTE,
	2 * MINUTE,
	5 * MINUTE,
	10 * MINUTE,
	15 * MINUTE,
	30 * MINUTE,
	HOUR,
	2 * HOUR,
	3 * HOUR,
	6 * HOUR,
	12 * HOUR,
	DAY
];

/**
 * Ticks for a duration axis in milliseconds, at most about `count` intervals: 1-2-5 steps below
 * one second, then 1, 2, 5, 10, 15, 30 s, 1, 2, 5, 10, 15, 30 min, 1, 2, 3, 6, 12 h, then
 * 1-2-5 multiples of a day. A maximum that is not a positive finite number counts as 1 s.
 */
export function durationTicks(maxMs: number, count = 5): Ticks {
	const top = Number.isFinite(maxMs) && maxMs > 0 ? maxMs : SECOND;
	const rough = top / target(count);
	if (rough <= SECOND) return spread(top, niceStep(rough));
	const step = DURATION_STEPS.find((s) => s >= rough) ?? niceStep(rough / DAY) * DAY;
	return spread(top, step);
}
