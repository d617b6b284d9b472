/**
 * Response Attribute paths (DEV-RM): dot notation with integer array indexes, e.g.
 * `orders[0].orderDate`; keys may hold only letters, digits, `-`, `_`, `:` and spaces.
 */

export type PathStep = { key: string } | { index: number };

export type ParsedPath =
	| { ok: true; steps: readonly PathStep[] }
	| { ok: false; from: number; to: number; reason: string };

const KEY_CHAR = /[A-Za-z0-9_\-: ]/;

/** Parsed paths by text: a campaign run maps the same few attributes for every lead. */
const parsed = new Map<string, ParsedPath>();
const PARSED_MAX = 512;

/**
 * Parses a Response Attribute. Never throws; errors carry the offending offsets. The result is
 * shared between calls with the same text: treat it as read-only.
 */
export function parsePath(path: string): ParsedPath {
	let hit = parsed.get(path);
	if (!hit) {
		if (parsed.size >= PARSED_MAX) parsed.clear();
		hit = parseUncached(path);
		parsed.set(path, hit);
	}
	return hit;
}

function parseUncached(path: string): ParsedPath {
	if (!path.trim()) return { ok: false, from: 0, to: 0, reason: 'the Response Attribute is empty' };
	const steps: PathStep[] = [];
	let i = 0;
	const fail = (from: number, to: number, reason: string): ParsedPath => ({
		ok: false,
		from,
		to,
		reason
	});
	for (;;) {
		const start = i;
		while (i < path.length && KEY_CHAR.test(path[i]!)) i++;
		if (i > start) steps.push({ key: path.slice(start, i) });
		else if (path[i] !== '[' || steps.length > 0)
			return path[i] === undefined || path[i] === '.' || path[i] === '['
				? fail(i, i + 1, `a key is missing at character ${i + 1}`)
				: fail(i, i + 1, badChar(path, i));
		while (path[i] === '[') {
			const close = path.indexOf(']', i);
			const inner = close === -1 ? path.slice(i + 1) : path.slice(i + 1, close);
			if (close === -1) return fail(i, path.length, `the [ at character ${i + 1} is never closed`);
			if (!/^\d+$/.test(inner))
				return fail(
					i,
					close + 1,
					`[${inner}] at character ${i + 1} is not an integer index; Marketo array notation accepts only integers, such as [0]`
				);
			steps.push({ index: Number(inner) });
			i = close + 1;
		}
		if (i === path.length) return { ok: true, steps };
		if (path[i] !== '.') return fail(i, i + 1, badChar(path, i));
		i++;
	}
}

function badChar(path: string, i: number): string {
	const ch = String.fromCodePoint(path.codePointAt(i)!);
	return `'${ch}' at character ${i + 1} cannot be used: Marketo reaches only keys made of letters, digits, -, _, : and spaces`;
}

/** Writes steps back as a path, e.g. `orders[0].orderDate`. */
export function formatPath(steps: readonly PathStep[]): string {
	let out = '';
	for (const s of steps) {
		if ('index' in s) out += `[${s.index}]`;
		else out += (out ? '.' : '') + s.key;
	}
	return out;
}

export type Resolved = { ok: true; value: unknown } | { ok: false; reason: string };

/**
 * Follows the steps through a parsed document.
 * @param options.singleAsArray treat `[0]` on a non-array as the value itself: in XML, a list with
 *   one element parses as a single element. @default false
 */
export function resolvePath(
	doc: unknown,
	steps: readonly PathStep[],
	options: { singleAsArray?: boolean } = {}
): Resolved {
	let here: unknown = doc;
	for (let s = 0; s < steps.length; s++) {
		const step = steps[s]!;
		const where = s === 0 ? 'the top level' : formatPath(steps.slice(0, s));
		if ('index' in step) {
			if (Array.isArray(here)) {
				if (step.index >= here.length)
					return {
						ok: false,
						reason: `${where} has ${here.length} element${here.length === 1 ? '' : 's'}, so [${step.index}] does not exist`
					};
				here = here[step.index];
			} else if (options.singleAsArray && step.index === 0 && here !== undefined) {
				// keep `here`: a single element is a list of one
			} else {
				return { ok: false, reason: `${where} is not an array, so [${step.index}] does not exist` };
			}
		} else {
			if (here === null || typeof here !== 'object' || Array.isArray(here))
				return {
					ok: false,
					reason: Array.isArray(here)
						? `${where} is an array: pick an element with [0] before .${step.key}`
						: `${where} is not an object, so it has no "${step.key}"`
				};
			if (!Object.hasOwn(here, step.key))
				return { ok: false, reason: `"${step.key}" is not found in ${where}` };
			here = (here as Record<string, unknown>)[step.key];
		}
	}
	return { ok: true, value: here };
}
