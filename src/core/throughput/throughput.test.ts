import { describe, expect, it } from 'vitest';
import { formatDuration, projectDelay } from '../index';

describe('projectDelay', () => {
	it('reproduces Marketo\'s documented example: 50 ms × 100,000 leads = 5,000 s ("1.5 hours")', () => {
		expect(projectDelay({ leads: 100_000, latencyMs: 50 })).toEqual({
			totalMs: 5_000_000,
			perLeadMs: 50
		});
		expect(formatDuration(5_000_000)).toBe('1 h 23 min 20 s');
	});

	it('divides the serial delay across concurrency slots, in whole rounds', () => {
		expect(projectDelay({ leads: 100_000, latencyMs: 50, concurrency: 20 }).totalMs).toBe(250_000);
		// 3 leads in 20 slots still take one full round trip
		expect(projectDelay({ leads: 3, latencyMs: 50, concurrency: 20 })).toEqual({
			totalMs: 50,
			perLeadMs: 50 / 3
		});
		expect(projectDelay({ leads: 21, latencyMs: 100, concurrency: 20 }).totalMs).toBe(200);
	});

	it('treats bad numbers as 0 (concurrency as 1) instead of throwing', () => {
		expect(projectDelay({ leads: -5, latencyMs: 50 })).toEqual({ totalMs: 0, perLeadMs: 50 });
		expect(projectDelay({ leads: 10, latencyMs: Number.NaN })).toEqual({
			totalMs: 0,
			perLeadMs: 0
		});
		expect(projectDelay({ leads: 10, latencyMs: 10, concurrency: 0 }).totalMs).toBe(100);
	});
});

describe('formatDuration', () => {
	it.each([
		[0, '0 ms'],
		[850, '850 ms'],
		[1_000, '1 s'],
		[61_000, '1 min 1 s'],
		[3_600_000, '1 h'],
		[90_061_000, '1 d 1 h 1 min 1 s']
	])('%i ms → %s', (ms, text) => expect(formatDuration(ms)).toBe(text));
});
