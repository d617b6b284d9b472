import { describe, expect, it } from 'vitest';
import { formatSystemTokens } from '../index';

describe('formatSystemTokens (UG-SYS)', () => {
	it('matches the documented examples', () => {
		// The glossary's examples: Aug 08, 2013 / 04:34 PM (GMT -0700) / 2013-08-08 16:36:13
		const t = formatSystemTokens(new Date('2013-08-08T23:34:13Z'), 'America/Los_Angeles');
		expect(t).toEqual({
			date: 'Aug 08, 2013',
			time: '04:34 PM (GMT -0700)',
			dateTime: '2013-08-08 16:34:13'
		});
	});

	it('writes midnight and noon on a 12-hour clock, and positive and half-hour offsets', () => {
		expect(formatSystemTokens(new Date('2024-01-05T00:05:00Z'), 'UTC').time).toBe(
			'12:05 AM (GMT +0000)'
		);
		expect(formatSystemTokens(new Date('2024-01-05T12:00:00Z'), 'UTC').time).toBe(
			'12:00 PM (GMT +0000)'
		);
		expect(formatSystemTokens(new Date('2024-01-05T00:00:00Z'), 'Asia/Kolkata').time).toBe(
			'05:30 AM (GMT +0530)'
		);
	});

	it('crosses the date line in the account zone', () => {
		expect(formatSystemTokens(new Date('2024-12-31T23:30:00Z'), 'Europe/Berlin').dateTime).toBe(
			'2025-01-01 00:30:00'
		);
	});
});
