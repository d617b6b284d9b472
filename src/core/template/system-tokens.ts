/**
 * System tokens in the account time zone (UG-SYS):
 * `{{system.date}}` = `Aug 08, 2013`, `{{system.time}}` = `04:34 PM (GMT -0700)`,
 * `{{system.dateTime}}` = `2013-08-08 16:36:13` (no `T`, no offset).
 */

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

// Building an Intl.DateTimeFormat costs far more than using one; keep one per zone.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
	let fmt = formatters.get(timeZone);
	if (!fmt) {
		fmt = new Intl.DateTimeFormat('en-US', {
			timeZone,
			year: 'numeric',
			month: 'numeric',
			day: 'numeric',
			hour: 'numeric',
			minute: 'numeric',
			second: 'numeric',
			hourCycle: 'h23',
			timeZoneName: 'longOffset'
		});
		formatters.set(timeZone, fmt);
	}
	return fmt;
}

/** True if the runtime knows the IANA zone name. */
export function isValidTimeZone(timeZone: string): boolean {
	try {
		formatterFor(timeZone);
		return true;
	} catch {
		return false;
	}
}

export interface SystemTokenValues {
	date: string;
	time: string;
	dateTime: string;
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * Formats `now` the three ways Marketo's system tokens do.
 * @throws RangeError for an unknown time zone (check with `isValidTimeZone` first).
 */
export function formatSystemTokens(now: Date, timeZone: string): SystemTokenValues {
	const parts: Record<string, string> = {};
	for (const p of formatterFor(timeZone).formatToParts(now)) parts[p.type] = p.value;
	const year = parts.year ?? '';
	const month = Number(parts.month);
	const day = pad(Number(parts.day));
	const hour = Number(parts.hour);
	const minute = pad(Number(parts.minute));
	const second = pad(Number(parts.second));
	// longOffset gives "GMT-07:00", or plain "GMT" at offset zero.
	const m = /GMT([+-])(\d{2}):?(\d{2})?/.exec(parts.timeZoneName ?? '');
	const offset = m ? `${m[1]}${m[2]}${m[3] ?? '00'}` : '+0000';
	const hour12 = hour % 12 === 0 ? 12 : hour % 12;
	return {
		date: `${MONTHS[month - 1]} ${day}, ${year}`,
		time: `${pad(hour12)}:${minute} ${hour < 12 ? 'AM' : 'PM'} (GMT ${offset})`,
		dateTime: `${year}-${pad(month)}-${day} ${pad(hour)}:${minute}:${second}`
	};
}
