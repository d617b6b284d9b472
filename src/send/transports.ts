/**
 * The transports: how a rendered request leaves the page (DESIGN.md §6). Each resolves with a
 * {@link SendOutcome} and never rejects: every failure is an outcome with plain words.
 */
import type { HttpResponse, RenderedRequest, SendError, SendOutcome, TransportId } from '../core';
import {
	inspectRequest,
	respondAsMock,
	type MockConfig,
	type ReceivedRequest
} from '../core/mock/mock';

/** Bodies past this size are refused by the direct transport (the helper caps at 50 MB too). */
export const MAX_BODY_BYTES = 50 * 1024 * 1024;

export interface SendOptions {
	/** The platform's timeout (Marketo: 30 s). */
	timeoutMs: number;
	/** Cancels the send (the outcome is then an `aborted` error). */
	signal?: AbortSignal;
	/** Whether to follow redirects (Marketo: assumed not). */
	followRedirects?: boolean;
}

export interface Transport {
	readonly id: TransportId;
	send(request: RenderedRequest, options: SendOptions): Promise<SendOutcome>;
}

type Clock = () => number;
const defaultClock: Clock = () => performance.now();

function outcome(
	transport: TransportId,
	request: RenderedRequest,
	startedAt: Date,
	totalMs: number,
	result: { response: SendOutcome['response'] } | { error: SendError },
	ttfbMs?: number
): SendOutcome {
	const timing = ttfbMs === undefined ? { totalMs } : { totalMs, ttfbMs };
	return 'error' in result
		? {
				transport,
				request,
				startedAt: startedAt.toISOString(),
				timing,
				response: null,
				error: result.error
			}
		: {
				transport,
				request,
				startedAt: startedAt.toISOString(),
				timing,
				response: result.response,
				error: null
			};
}

/**
 * Pending deadlines behind one timer, armed for the earliest: a campaign run makes thousands of
 * calls that each answer long before their 30 s, and a timer set and cleared per call costs more
 * than the rest of the call's bookkeeping.
 */
const deadlines = {
	pending: new Set<{ at: number; fire: () => void }>(),
	timer: null as ReturnType<typeof setTimeout> | null,
	timerAt: Infinity,
	add(ms: number, fire: () => void): () => void {
		const d = { at: performance.now() + ms, fire };
		this.pending.add(d);
		if (d.at < this.timerAt) this.arm(d.at);
		return () => this.pending.delete(d);
	},
	arm(at: number): void {
		if (this.timer) clearTimeout(this.timer);
		this.timerAt = at;
		this.timer = setTimeout(() => this.sweep(), Math.max(0, at - performance.now()));
	},
	sweep(): void {
		this.timer = null;
		this.timerAt = Infinity;
		const now = performance.now();
		let next = Infinity;
		for (const d of this.pending) {
			if (d.at <= now) {
				this.pending.delete(d);
				d.fire();
			} else next = Math.min(next, d.at);
		}
		if (next < Infinity) this.arm(next);
	}
};

/**
 * A signal that fires on the caller's abort or after `timeoutMs`, and tells which one it was.
 */
function deadline(timeoutMs: number, outer?: AbortSignal) {
	const ctl = new AbortController();
	let timedOut = false;
	const cancelTimer = deadlines.add(timeoutMs, () => {
		timedOut = true;
		ctl.abort(new DOMException('timeout', 'TimeoutError'));
	});
	const onAbort = () => ctl.abort(outer?.reason);
	if (outer?.aborted) ctl.abort(outer.reason);
	else outer?.addEventListener('abort', onAbort, { once: true });
	return {
		signal: ctl.signal,
		timedOut: () => timedOut,
		done() {
			cancelTimer();
			outer?.removeEventListener('abort', onAbort);
		}
	};
}

function timeoutError(timeoutMs: number): SendError {
	return {
		kind: 'timeout',
		message: `No answer within ${timeoutMs / 1000} s. Marketo gives up at 30 s, logs the call as failed and moves the lead on to the next flow step; no response mappings apply.`
	};
}

const ABORTED: SendError = { kind: 'aborted', message: 'Cancelled before an answer came.' };

/** Shared: a decode without `stream` keeps no state between calls. */
const utf8 = new TextDecoder();

/**
 * Reads a body as text up to `cap` bytes, counting bytes as they arrive; past the cap it stops
 * reading and returns null (so a huge body never sits whole in memory twice). The bytes are
 * decoded once at the end, so no decoder is made per call.
 */
async function readText(
	res: Response,
	cap: number
): Promise<{ text: string; bytes: number } | null> {
	if (!res.body) return { text: '', bytes: 0 };
	// Fast path: a declared length under the cap is read in one go (most webhook answers). Fetch
	// has already decoded any Content-Encoding, so the length is only a hint, checked after.
	const declared = Number(res.headers.get('content-length') ?? NaN);
	if (Number.isFinite(declared) && declared <= cap) {
		const buf = new Uint8Array(await res.arrayBuffer());
		if (buf.byteLength > cap) return null;
		return { text: utf8.decode(buf), bytes: buf.byteLength };
	}
	const reader = res.body.getReader();
	const chunks: Uint8Array[] = [];
	let bytes = 0;
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		bytes += value.byteLength;
		if (bytes > cap) {
			await reader.cancel();
			return null;
		}
		chunks.push(value);
	}
	if (chunks.length === 1) return { text: utf8.decode(chunks[0]), bytes };
	const all = new Uint8Array(bytes);
	let at = 0;
	for (const c of chunks) {
		all.set(c, at);
		at += c.byteLength;
	}
	return { text: utf8.decode(all), bytes };
}

function headerPairs(h: Headers): [string, string][] {
	const out: [string, string][] = [];
	h.forEach((value, name) => out.push([name, value]));
	return out;
}

/**
 * Direct `fetch` from the page. The target must allow CORS; when it does not, the browser only
 * says "Failed to fetch". To tell CORS apart from a dead server, a `no-cors` HEAD probe follows:
 * if it gets through, the server is up and CORS is what blocked the answer.
 */
export function directTransport(
	options: {
		fetch?: typeof fetch;
		clock?: Clock;
		online?: () => boolean;
		/** @default MAX_BODY_BYTES */
		maxBodyBytes?: number;
	} = {}
): Transport {
	const cap = options.maxBodyBytes ?? MAX_BODY_BYTES;
	const doFetch = options.fetch ?? ((...a: Parameters<typeof fetch>) => fetch(...a));
	const clock = options.clock ?? defaultClock;
	const online = options.online ?? (() => navigator.onLine);
	return {
		id: 'direct',
		async send(request, { timeoutMs, signal, followRedirects = false }) {
			const startedAt = new Date();
			const t0 = clock();
			const dl = deadline(timeoutMs, signal);
			const done = (r: Parameters<typeof outcome>[4], ttfb?: number) =>
				outcome('direct', request, startedAt, clock() - t0, r, ttfb);
			try {
				const res = await doFetch(request.url, {
					method: request.method,
					headers: request.headers,
					body: request.body,
					signal: dl.signal,
					redirect: followRedirects ? 'follow' : 'manual',
					credentials: 'omit',
					cache: 'no-store'
				});
				const ttfb = clock() - t0;
				if (res.type === 'opaqueredirect')
					return done({
						error: {
							kind: 'network',
							message:
								'The server answered with a redirect. Marketo is not documented to follow redirects (the playground assumes it does not), and the browser hides where it points: use the final URL, or send through the local CORS helper to see the redirect.'
						}
					});
				const body = await readText(res, cap);
				if (body === null)
					return done({
						error: {
							kind: 'too-large',
							message: `The response is larger than ${Math.round((cap / 1024 / 1024) * 10) / 10} MB; the playground stopped reading it.`
						}
					});
				const response: HttpResponse & { bodyBytes: number } = {
					status: res.status,
					statusText: res.statusText,
					headers: headerPairs(res.headers),
					body: body.text,
					bodyBytes: body.bytes
				};
				return done({ response }, ttfb);
			} catch (err) {
				if (dl.timedOut()) return done({ error: timeoutError(timeoutMs) });
				if (signal?.aborted) return done({ error: ABORTED });
				return done({ error: await explainFetchFailure(request, err, doFetch, online) });
			} finally {
				dl.done();
			}
		}
	};
}

async function explainFetchFailure(
	request: RenderedRequest,
	err: unknown,
	doFetch: typeof fetch,
	online: () => boolean
): Promise<SendError> {
	const detail = err instanceof Error ? err.message : String(err);
	if (err instanceof TypeError && /header|invalid|URL/i.test(detail) && !/fetch/i.test(detail))
		return { kind: 'invalid', message: `The browser refused to send this request: ${detail}` };
	if (!online())
		return {
			kind: 'network',
			message: 'You are offline, so the request could not go out. The Mock endpoint works offline.'
		};
	let reachable = false;
	try {
		const probe = new AbortController();
		const timer = setTimeout(() => probe.abort(), 5000);
		await doFetch(request.url, { method: 'HEAD', mode: 'no-cors', signal: probe.signal });
		clearTimeout(timer);
		reachable = true;
	} catch {
		// Unreachable too: a network failure, not CORS.
	}
	let origin = request.url;
	try {
		origin = new URL(request.url).origin;
	} catch {
		/* keep the raw URL in the message */
	}
	if (reachable)
		return {
			kind: 'cors',
			message: `${origin} answered, but it does not allow this page to read the answer (no Access-Control-Allow-Origin for this page, or a refused preflight). Browsers enforce CORS; Marketo does not, so the webhook may well work from Marketo. To see the answer here, send through the local CORS helper (npm run cors-helper) or use the Mock endpoint.`
		};
	return {
		kind: 'network',
		message: `Could not reach ${origin}: the server is down, the name does not resolve, or the connection was refused. Check the URL; for a server on this machine, make sure it is running.`
	};
}

/** The CORS helper's answer envelope (a superset of proxyscotch's). */
interface HelperAnswer {
	success: boolean;
	status?: number;
	statusText?: string;
	headers?: Record<string, string>;
	headerList?: [string, string][];
	data?: string;
	bodyBytes?: number;
	timing?: { totalMs: number; ttfbMs: number };
	error?: { type: string; message: string };
	helper?: string;
}

/** Sends through the local CORS helper (tools/cors-helper.mjs) or a proxyscotch. */
export function helperTransport(
	config: { url: string; token: string },
	options: { fetch?: typeof fetch; clock?: Clock } = {}
): Transport {
	const doFetch = options.fetch ?? ((...a: Parameters<typeof fetch>) => fetch(...a));
	const clock = options.clock ?? defaultClock;
	return {
		id: 'helper',
		async send(request, { timeoutMs, signal, followRedirects = false }) {
			const startedAt = new Date();
			const t0 = clock();
			// The helper enforces the timeout; the page waits a little longer for its typed answer.
			const dl = deadline(timeoutMs + 5000, signal);
			const done = (r: Parameters<typeof outcome>[4], ttfb?: number) =>
				outcome('helper', request, startedAt, clock() - t0, r, ttfb);
			let res: Response;
			try {
				res = await doFetch(config.url, {
					method: 'POST',
					headers: {
						'Content-Type': 'application/json',
						Authorization: `Bearer ${config.token}`
					},
					body: JSON.stringify({
						url: request.url,
						method: request.method,
						// Pairs keep repeats; proxyscotch wants an object, which loses them.
						headers: request.headers,
						data: request.body ?? undefined,
						accessToken: config.token,
						wantsBinary: false,
						timeoutMs,
						followRedirects
					}),
					signal: dl.signal,
					credentials: 'omit'
				});
			} catch {
				dl.done();
				if (dl.timedOut()) return done({ error: timeoutError(timeoutMs) });
				if (signal?.aborted) return done({ error: ABORTED });
				return done({
					error: {
						kind: 'helper',
						helperType: 'not-running',
						message: `The local CORS helper does not answer at ${config.url}. Start it with "npm run cors-helper" and check the URL; if it runs, its origin list may not include this page (start it with --allow-origin ${globalThis.location?.origin ?? 'this page’s origin'}).`
					}
				});
			}
			try {
				let answer: HelperAnswer;
				try {
					answer = (await res.json()) as HelperAnswer;
				} catch {
					return done({
						error: {
							kind: 'helper',
							helperType: 'bad-answer',
							message: `${config.url} answered HTTP ${res.status} with something that is not the helper's JSON envelope. Is the helper URL right?`
						}
					});
				}
				if (!answer.success) {
					const type = answer.error?.type ?? res.headers.get('X-Helper-Error') ?? 'unknown';
					const message =
						answer.error?.message ??
						(answer as { data?: { message?: string } }).data?.message ??
						'The helper refused the request.';
					if (type === 'timeout') return done({ error: timeoutError(timeoutMs) });
					const hint =
						type === 'unauthorized'
							? ' The token changes each time the helper starts: paste the one it printed.'
							: '';
					return done({
						error: {
							kind: type === 'too-large' ? 'too-large' : 'helper',
							helperType: type,
							message: message + hint
						}
					});
				}
				const headers: [string, string][] =
					answer.headerList ?? Object.entries(answer.headers ?? {});
				const body = answer.data ?? '';
				const response = {
					status: answer.status ?? 0,
					statusText: answer.statusText ?? '',
					headers,
					body,
					bodyBytes: answer.bodyBytes ?? new TextEncoder().encode(body).byteLength
				};
				// The helper's own timing is the upstream exchange, free of the hop to the helper.
				const o = done({ response }, answer.timing?.ttfbMs);
				if (answer.timing)
					o.timing = { totalMs: answer.timing.totalMs, ttfbMs: answer.timing.ttfbMs };
				return o;
			} finally {
				dl.done();
			}
		}
	};
}

/** Checks that a helper runs at `url` and accepts this page (its handshake needs no token). */
export async function pingHelper(
	url: string,
	doFetch: typeof fetch = (...a) => fetch(...a)
): Promise<{ ok: true; kind: 'helper' | 'proxyscotch' } | { ok: false; message: string }> {
	try {
		const res = await doFetch(url, { method: 'GET', credentials: 'omit' });
		const body = (await res.json().catch(() => null)) as {
			success?: boolean;
			helper?: string;
			error?: { message?: string };
		} | null;
		if (body?.success) return { ok: true, kind: body.helper ? 'helper' : 'proxyscotch' };
		return { ok: false, message: body?.error?.message ?? `It answered HTTP ${res.status}.` };
	} catch {
		return {
			ok: false,
			message: `Nothing answers at ${url}, or it does not allow this page's origin. Start it with "npm run cors-helper".`
		};
	}
}

/**
 * The built-in mock endpoint, in the page: works offline and on any static host. It answers with
 * the webhook's mock config after its delay, and reports what it received.
 */
export function mockTransport(
	config: () => MockConfig,
	options: { clock?: Clock; onReceive?: (r: ReceivedRequest) => void; now?: () => Date } = {}
): Transport {
	const clock = options.clock ?? defaultClock;
	return {
		id: 'mock',
		async send(request, { timeoutMs, signal }) {
			const startedAt = new Date();
			const t0 = clock();
			const done = (r: Parameters<typeof outcome>[4], ttfb?: number) =>
				outcome('mock', request, startedAt, clock() - t0, r, ttfb);
			options.onReceive?.(inspectRequest(request));
			const { response, delayMs } = respondAsMock(config(), request, { now: options.now });
			// No delay: the answer is there at once, so there is nothing to time out or abort (and a
			// campaign run against the mock makes no AbortController and listener per call).
			if (delayMs <= 0 && timeoutMs > 0)
				return signal?.aborted ? done({ error: ABORTED }) : done({ response }, clock() - t0);
			const wait = Math.min(delayMs, timeoutMs);
			const dl = deadline(timeoutMs, signal);
			try {
				if (wait > 0 || delayMs >= timeoutMs)
					await new Promise<void>((resolve, reject) => {
						const timer = setTimeout(resolve, wait);
						dl.signal.addEventListener(
							'abort',
							() => {
								clearTimeout(timer);
								reject(dl.signal.reason);
							},
							{ once: true }
						);
					});
				if (delayMs >= timeoutMs) return done({ error: timeoutError(timeoutMs) });
				return done({ response }, clock() - t0);
			} catch {
				if (dl.timedOut()) return done({ error: timeoutError(timeoutMs) });
				return done({ error: ABORTED });
			} finally {
				dl.done();
			}
		}
	};
}
