import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDuration, projectDelay } from './throughput';
import {
	delaySeries,
	describeDelay,
	durationParts,
	finishTime,
	latencyStats,
	MAX_MODELLED_RETRIES,
	percentile,
	projectCampaign
} from './campaign';
import { durationTicks, numberTicks } from './ticks';

describe('projectCampaign', () => {
	it('reproduces Marketo\'s documented example exactly: 50 ms × 100,000 leads = 5,000 s ("1.5 hours")', () => {
		expect(projectCampaign({ leads: 100_000, latencyMs: 50 })).toEqual({
			totalMs: 5_000_000,
			perLeadMs: 50,
			expectedCallMs: 50,
			expectedAttempts: 1,
			rounds: 100_000,
			breakdown: { successMs: 5_000_000, timeoutMs: 0, retryMs: 0 }
		});
		expect(formatDuration(5_000_000)).toBe('1 h 23 min 20 s');
		expect(describeDelay(5_000_000)).toBe('1 hour, 23 minutes and 20 seconds');
	});

	it('divides across concurrency slots in whole rounds, as projectDelay does', () => {
		const twenty = projectCampaign({ leads: 100_000, latencyMs: 50, concurrency: 20 });
		expect(twenty.totalMs).toBe(250_000);
		expect(twenty.rounds).toBe(5_000);
		expect(twenty.perLeadMs).toBe(2.5);
		// 21 leads in 20 slots: the 21st waits for a second round
		expect(projectCampaign({ leads: 21, latencyMs: 100, concurrency: 20 }).totalMs).toBe(200);
		// above 1 the fraction is dropped, below 1 it is 1
		expect(projectCampaign({ leads: 10, latencyMs: 10, concurrency: 2.9 }).rounds).toBe(5);
		expect(projectCampaign({ leads: 10, latencyMs: 10, concurrency: 0 }).totalMs).toBe(100);
	});

	it('charges each timed-out call the full timeout: 1% of calls at 30 s', () => {
		const r = projectCampaign({ leads: 100_000, latencyMs: 50, timeoutShare: 0.01 });
		// 0.99 × 50 ms + 0.01 × 30,000 ms = 349.5 ms per lead
		expect(r.expectedCallMs).toBeCloseTo(349.5, 9);
		expect(r.totalMs).toBeCloseTo(34_950_000, 3);
		expect(formatDuration(r.totalMs)).toBe('9 h 42 min 30 s');
		expect(r.breakdown.successMs).toBeCloseTo(4_950_000, 3);
		expect(r.breakdown.timeoutMs).toBeCloseTo(30_000_000, 3);
		expect(r.breakdown.retryMs).toBe(0);
		expect(r.expectedAttempts).toBe(1);
		// in 20 slots
		const twenty = projectCampaign({
			leads: 100_000,
			latencyMs: 50,
			timeoutShare: 0.01,
			concurrency: 20
		});
		expect(twenty.totalMs).toBeCloseTo(1_747_500, 3);
	});

	it('uses the given timeout and exact binary shares', () => {
		// 0.75 × 100 + 0.25 × 90,000 (Braze's 90 s) = 22,575 ms
		const r = projectCampaign({ leads: 4, latencyMs: 100, timeoutShare: 0.25, timeoutMs: 90_000 });
		expect(r.expectedCallMs).toBe(22_575);
		expect(r.totalMs).toBe(90_300);
		expect(projectCampaign({ leads: 2, latencyMs: 50, timeoutShare: 1 }).totalMs).toBe(60_000);
	});

	it('adds retries with backoff: each retry happens with share^k and may time out again', () => {
		// c = 0.5 × 100 + 0.5 × 30,000 = 15,050
		// E = c + 0.5 × (1,000 + c) + 0.25 × (2,000 + c) = 15,050 + 8,025 + 4,262.5
		const input = {
			leads: 10,
			latencyMs: 100,
			timeoutShare: 0.5,
			maxRetries: 2,
			retryBackoffMs: [1_000, 2_000]
		};
		const r = projectCampaign(input);
		expect(r.expectedCallMs).toBe(27_337.5);
		expect(r.expectedAttempts).toBe(1.75);
		expect(r.totalMs).toBe(273_375);
		expect(r.breakdown).toEqual({ successMs: 500, timeoutMs: 150_000, retryMs: 122_875 });
		// the same backoff as a function of the retry number
		expect(projectCampaign({ ...input, retryBackoffMs: (k) => k * 1_000 }).totalMs).toBe(273_375);
		// a list's last entry repeats: 3 retries with [1,000] wait 1,000 each time
		// c + 0.5(1,000 + c) + 0.25(1,000 + c) + 0.125(1,000 + c) = 15,050 + 0.875 × 16,050
		expect(
			projectCampaign({ ...input, maxRetries: 3, retryBackoffMs: [1_000] }).expectedCallMs
		).toBe(29_093.75);
	});

	it('retries only the retryable share of timeouts, and never retries without timeouts', () => {
		// p = 0.5 × 0.5: E = 15,050 + 0.25 × 15,050
		const r = projectCampaign({
			leads: 1,
			latencyMs: 100,
			timeoutShare: 0.5,
			maxRetries: 1,
			retryableShare: 0.5
		});
		expect(r.expectedCallMs).toBe(18_812.5);
		expect(r.expectedAttempts).toBe(1.25);
		const none = projectCampaign({ leads: 100_000, latencyMs: 50, maxRetries: 5 });
		expect(none.totalMs).toBe(5_000_000);
		expect(none.expectedAttempts).toBe(1);
	});

	it('every attempt timing out costs (1 + retries) timeouts plus the backoff', () => {
		const r = projectCampaign({
			leads: 1,
			latencyMs: 50,
			timeoutShare: 1,
			maxRetries: 5,
			retryBackoffMs: [60_000]
		});
		expect(r.expectedAttempts).toBe(6);
		expect(r.totalMs).toBe(6 * 30_000 + 5 * 60_000);
	});

	it('equals projectDelay exactly without timeouts or retries, for any numbers', () => {
		const num = fc.oneof(
			fc.double(),
			fc.integer({ min: -10, max: 1_000_000 }),
			fc.constantFrom(Number.NaN, Infinity, -Infinity, 0)
		);
		fc.assert(
			fc.property(num, num, fc.option(num, { nil: undefined }), (leads, latencyMs, concurrency) => {
				const expected = projectDelay({ leads, latencyMs, concurrency });
				const got = projectCampaign({ leads, latencyMs, concurrency, timeoutShare: 0 });
				expect({ totalMs: got.totalMs, perLeadMs: got.perLeadMs }).toEqual(expected);
			})
		);
	});

	it('never throws on bad numbers: they count as 0, shares are clamped', () => {
		const bad = projectCampaign({
			leads: Number.NaN,
			latencyMs: -1,
			concurrency: -Infinity,
			timeoutShare: Number.NaN,
			timeoutMs: Infinity,
			maxRetries: Number.NaN,
			retryableShare: -3
		});
		expect(bad.totalMs).toBe(0);
		expect(bad.rounds).toBe(0);
		expect(bad.expectedAttempts).toBe(1);
		// a share above 1 is 1; a negative timeout is 0; a negative backoff waits 0
		const clamped = projectCampaign({
			leads: 1,
			latencyMs: 50,
			timeoutShare: 7,
			timeoutMs: -5,
			maxRetries: 1,
			retryBackoffMs: () => -100
		});
		expect(clamped.totalMs).toBe(0);
		expect(clamped.expectedAttempts).toBe(2);
		// retries are capped, so a huge count stays fast
		const many = projectCampaign({ leads: 1, latencyMs: 0, timeoutShare: 1, maxRetries: 1e12 });
		expect(many.expectedAttempts).toBe(MAX_MODELLED_RETRIES + 1);
	});
});

describe('percentile and latencyStats', () => {
	it('interpolates linearly between closest ranks', () => {
		expect(percentile([1, 2, 3, 4], 50)).toBe(2.5);
		expect(percentile([4, 1, 3, 2, 5], 50)).toBe(3);
		expect(percentile([10, 20], 0)).toBe(10);
		expect(percentile([10, 20], 100)).toBe(20);
		expect(percentile([10, 20], 25)).toBe(12.5);
		const hundred = Array.from({ length: 100 }, (_, i) => i + 1);
		expect(percentile(hundred, 95)).toBeCloseTo(95.05, 9);
		expect(percentile([7], 95)).toBe(7);
	});

	it('ignores non-finite values, clamps p, and answers null for nothing', () => {
		expect(percentile([], 50)).toBeNull();
		expect(percentile([Number.NaN, Infinity], 50)).toBeNull();
		expect(percentile([1, 2], Number.NaN)).toBeNull();
		expect(percentile([1, Number.NaN, 3], 50)).toBe(2);
		expect(percentile([1, 2, 3], 250)).toBe(3);
		expect(percentile([1, 2, 3], -5)).toBe(1);
	});

	it("does not reorder the caller's array", () => {
		const values = [3, 1, 2];
		percentile(values, 50);
		expect(values).toEqual([3, 1, 2]);
	});

	it('summarises measured sends', () => {
		expect(latencyStats([1000, 20, 10, 40, 30])).toEqual({
			count: 5,
			median: 30,
			p95: expect.closeTo(808, 9), // rank 3.8: 40 + 0.8 × (1000 − 40)
			min: 10,
			max: 1000
		});
		expect(latencyStats([-1, Number.NaN, 42])).toEqual({
			count: 1,
			median: 42,
			p95: 42,
			min: 42,
			max: 42
		});
		expect(latencyStats([])).toBeNull();
		expect(latencyStats([Number.NaN, -5])).toBeNull();
	});
});

describe('delaySeries', () => {
	it('runs leads from 0 to twice the input, the input in the middle', () => {
		const s = delaySeries({ leads: 100_000, latencyMs: 50 }, 'leads');
		expect(s).toHaveLength(21);
		expect(s[0]).toEqual({ x: 0, totalMs: 0 });
		expect(s[10]).toEqual({ x: 100_000, totalMs: 5_000_000 });
		expect(s[20]).toEqual({ x: 200_000, totalMs: 10_000_000 });
		expect(s.map((p) => p.x)).toEqual(s.map((p) => p.x).sort((a, b) => a - b));
	});

	it('runs latency from 0 to twice the input, keeping timeouts and concurrency', () => {
		const s = delaySeries(
			{ leads: 1_000, latencyMs: 100, concurrency: 10, timeoutShare: 0.5 },
			'latency',
			5
		);
		// 100 rounds × (0.5 × x + 0.5 × 30,000)
		expect(s).toEqual([
			{ x: 0, totalMs: 1_500_000 },
			{ x: 50, totalMs: 1_502_500 },
			{ x: 100, totalMs: 1_505_000 },
			{ x: 150, totalMs: 1_507_500 },
			{ x: 200, totalMs: 1_510_000 }
		]);
	});

	it('has a default range for zero and whole lead counts', () => {
		expect(delaySeries({ leads: 0, latencyMs: 10 }, 'leads', 3).map((p) => p.x)).toEqual([
			0, 500, 1_000
		]);
		expect(delaySeries({ leads: 5, latencyMs: 0 }, 'latency', 3).map((p) => p.x)).toEqual([
			0, 50, 100
		]);
		expect(delaySeries({ leads: 3, latencyMs: 1 }, 'leads', 5).map((p) => p.x)).toEqual([
			0, 2, 3, 5, 6
		]);
		expect(delaySeries({ leads: 3, latencyMs: 1 }, 'leads', 0)).toHaveLength(2);
		expect(delaySeries({ leads: 3, latencyMs: 1 }, 'leads', Number.NaN)).toHaveLength(21);
	});
});

describe('durationParts, describeDelay and finishTime', () => {
	it('splits into hours (not days), minutes, seconds and ms', () => {
		expect(durationParts(5_000_000)).toEqual({ hours: 1, minutes: 23, seconds: 20, ms: 0 });
		expect(durationParts(90_061_001.4)).toEqual({ hours: 25, minutes: 1, seconds: 1, ms: 1 });
		expect(durationParts(999.6)).toEqual({ hours: 0, minutes: 0, seconds: 1, ms: 0 });
		expect(durationParts(-1)).toEqual({ hours: 0, minutes: 0, seconds: 0, ms: 0 });
		expect(durationParts(Number.NaN)).toEqual({ hours: 0, minutes: 0, seconds: 0, ms: 0 });
	});

	it.each([
		[5_000_000, '1 hour, 23 minutes and 20 seconds'],
		[3_600_000, '1 hour'],
		[7_200_000, '2 hours'],
		[3_601_000, '1 hour and 1 second'],
		[61_000, '1 minute and 1 second'],
		[122_000, '2 minutes and 2 seconds'],
		[1_000, '1 second'],
		[1_499, '1 second'],
		[90_061_000, '1 day, 1 hour, 1 minute and 1 second'],
		[2 * 86_400_000, '2 days'],
		[850, '850 milliseconds'],
		[1, '1 millisecond'],
		[0.2, 'less than a millisecond'],
		[0, '0 seconds'],
		[-1, '—'],
		[Number.NaN, '—']
	])('%d ms → %s', (ms, words) => expect(describeDelay(ms)).toBe(words));

	it('agrees with formatDuration part for part', () => {
		expect(formatDuration(90_061_000)).toBe('1 d 1 h 1 min 1 s');
		expect(formatDuration(3_601_000)).toBe('1 h 1 s');
	});

	it('adds the delay to the start', () => {
		const start = new Date('2024-03-01T09:00:00Z');
		expect(finishTime(start, 5_000_000).toISOString()).toBe('2024-03-01T10:23:20.000Z');
		expect(finishTime(start, Number.NaN).getTime()).toBe(start.getTime());
		expect(finishTime(start, -5).getTime()).toBe(start.getTime());
	});
});

describe('chart ticks', () => {
	it('counts in 1-2-5 steps', () => {
		expect(numberTicks(200_000)).toEqual({
			ticks: [0, 50_000, 100_000, 150_000, 200_000],
			max: 200_000
		});
		expect(numberTicks(7)).toEqual({ ticks: [0, 2, 4, 6, 8], max: 8 });
		expect(numberTicks(0)).toEqual({ ticks: [0, 0.2, 0.4, 0.6000000000000001, 0.8, 1], max: 1 });
	});

	it('times in clock units', () => {
		// the documented example's chart: 0..10,000 s
		expect(durationTicks(10_000_000)).toEqual({
			ticks: [0, 1, 2, 3].map((h) => h * 3_600_000),
			max: 10_800_000
		});
		expect(durationTicks(250_000).ticks.map(formatDuration)).toEqual([
			'0 ms',
			'1 min',
			'2 min',
			'3 min',
			'4 min',
			'5 min'
		]);
		expect(durationTicks(100).ticks).toEqual([0, 20, 40, 60, 80, 100]);
		expect(durationTicks(30 * 86_400_000).max).toBe(30 * 86_400_000);
		expect(durationTicks(Number.NaN)).toEqual({
			ticks: [0, 200, 400, 600, 800, 1_000],
			max: 1_000
		});
	});
});
