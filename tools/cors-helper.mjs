#!/usr/bin/env node
// Webhook Playground: the local CORS helper.
//
// A loopback-only relay that lets the browser app reach servers that send no CORS headers. It
// speaks a superset of the proxyscotch envelope (a JSON POST to `/`), so the real proxyscotch can
// stand in for it, and it closes proxyscotch's gaps: Host check, exact origin allowlist, mandatory
// token, size/time/redirect caps, no cookies, no Via/X-Forwarded-For, multi-valued headers kept.
// Only `node:` built-ins, so `npm run cors-helper` works on a bare Node 20 without an install.

import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import zlib from 'node:zlib';

/** Sent as `helper` in every successful envelope so the app can tell us from proxyscotch. */
export const HELPER_ID = 'webhook-playground-cors-helper/1';

/** The Vite dev (5173) and preview (4173) origins, under both loopback names. */
export const DEFAULT_ORIGINS = Object.freeze([
	'http://localhost:5173',
	'http://127.0.0.1:5173',
	'http://localhost:4173',
	'http://127.0.0.1:4173'
]);

/** Defaults of the numeric options (bytes and milliseconds). */
export const DEFAULTS = Object.freeze({
	port: 9159,
	maxRequestBytes: 10 * 1024 * 1024,
	maxResponseBytes: 50 * 1024 * 1024,
	timeoutMs: 30_000,
	maxTimeoutMs: 120_000,
	maxRedirects: 5
});

const LOOPBACK = '127.0.0.1';

// RFC 9110 §7.6.1: these describe one connection, so a relay must not pass them on either way.
const HOP_BY_HOP = new Set([
	'connection',
	'keep-alive',
	'proxy-connection',
	'transfer-encoding',
	'te',
	'trailer',
	'upgrade',
	'proxy-authorization',
	'proxy-authenticate'
]);
// Host and Content-Length are recomputed for the target; cookies would leak the user's identity.
const NEVER_SENT = new Set(['cookie', 'cookie2', 'host', 'content-length']);
// Returned Set-Cookie would be pointless (the app has no jar for the target) and is a secret.
const NEVER_RETURNED = new Set(['set-cookie', 'set-cookie2']);
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);
// RFC 9110 token characters: anything else makes Node's http.request throw mid-relay.
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// The same test as Node's checkInvalidHeaderChar: no CR/LF (header injection), Latin-1 only.
const BAD_HEADER_VALUE = /[^\t\u0020-\u007e\u0080-\u00ff]/;

/**
 * @typedef {'unauthorized' | 'origin' | 'host' | 'bad-request' | 'too-large' | 'timeout'
 *   | 'connect' | 'dns' | 'redirects' | 'upstream'} ErrorType
 */

/** @type {Record<ErrorType, number>} */
const ERROR_STATUS = {
	unauthorized: 401,
	origin: 403,
	host: 403,
	'bad-request': 400,
	'too-large': 413,
	timeout: 504,
	connect: 502,
	dns: 502,
	redirects: 502,
	upstream: 502
};

/** A refusal or failure of the helper itself, sent as `{ success: false, error }`. */
export class HelperError extends Error {
	/**
	 * @param {ErrorType} type
	 * @param {string} message Plain words, shown to the user as is.
	 * @param {number} [status] HTTP status of the helper's reply; defaults by type.
	 */
	constructor(type, message, status = ERROR_STATUS[type]) {
		super(message);
		this.type = type;
		this.status = status;
	}
}

/**
 * Options of createHelper; every one is optional (defaults in brackets).
 * @typedef {object} HelperOptions
 * @property {number} [port] Port on 127.0.0.1; 0 picks a free one [9159].
 * @property {string} [token] Shared secret [fresh random 32 bytes, base64url, per start].
 * @property {string[]} [allowOrigins] Origins accepted besides DEFAULT_ORIGINS, exact match after
 *   normalising to `scheme://host[:port]` [none].
 * @property {boolean} [allowNoOrigin] Also accept requests without an Origin header [false].
 * @property {number} [maxRequestBytes] Largest envelope accepted [10485760].
 * @property {number} [maxResponseBytes] Largest decoded upstream body relayed [52428800].
 * @property {number} [timeoutMs] Total time per relay when the envelope sets none [30000].
 * @property {number} [maxTimeoutMs] Ceiling for the envelope's timeoutMs [120000].
 * @property {number} [maxRedirects] Redirects followed when the envelope asks [5].
 * @property {(line: string) => void} [log] Gets one line per relay or refusal [console.log].
 */

/**
 * @typedef {object} Envelope A validated relay request.
 * @property {string} method Upper-cased.
 * @property {URL} url With `params` merged and the fragment removed.
 * @property {[string, string][]} headers As given, in order (hop-by-hop ones removed on send).
 * @property {Buffer | undefined} body
 * @property {boolean} wantsBinary
 * @property {number} timeoutMs Already capped.
 * @property {boolean} followRedirects
 */

/**
 * @typedef {object} RedirectHop
 * @property {number} status
 * @property {string} url The URL that answered with the redirect.
 * @property {string} location The absolute URL it pointed to.
 */

/**
 * Creates the helper server (not yet listening).
 * @param {HelperOptions} [options]
 * @returns {{ server: http.Server, token: string, listen(): Promise<{ port: number, url: string }>,
 *   close(): Promise<void> }}
 */
export function createHelper(options = {}) {
	const settings = resolveOptions(options);
	const token = settings.token;
	const tokenDigest = digest(token);
	const sessionFingerprint = randomUUID();
	/** @type {Set<AbortController>} */
	const inFlight = new Set();

	const server = http.createServer((req, res) => {
		handle(req, res).catch((/** @type {unknown} */ err) => {
			// A bug in the helper: say so instead of leaving the app waiting.
			const message = err instanceof Error ? err.message : String(err);
			if (!res.headersSent) {
				refuse(res, new HelperError('upstream', `The helper failed unexpectedly: ${message}`, 500));
			} else res.destroy();
		});
	});

	function currentPort() {
		const address = server.address();
		return address !== null && typeof address === 'object' ? address.port : settings.port;
	}

	/** @param {string | undefined} candidate */
	function tokenMatches(candidate) {
		// Hashing first gives equal-length buffers, so the comparison leaks neither content nor length.
		return typeof candidate === 'string' && timingSafeEqual(digest(candidate), tokenDigest);
	}

	/** @param {http.IncomingMessage} req @param {http.ServerResponse} res */
	async function handle(req, res) {
		const origin = req.headers.origin;
		const originAllowed = origin !== undefined && settings.origins.has(origin);
		res.setHeader('Vary', 'Origin');
		if (originAllowed) {
			res.setHeader('Access-Control-Allow-Origin', origin);
			// Without this the app could not read which kind of helper error it got.
			res.setHeader('Access-Control-Expose-Headers', 'X-Helper-Error');
		}

		// A DNS-rebinding page reaches us under its own host name; the Host header gives it away.
		if (!hostAllowed(req.headers.host, currentPort())) {
			return refuse(
				res,
				new HelperError(
					'host',
					'The helper only answers requests addressed to 127.0.0.1 or localhost on its own port.'
				)
			);
		}
		if (origin === undefined ? !settings.allowNoOrigin : !originAllowed) {
			return refuse(
				res,
				new HelperError(
					'origin',
					origin === undefined
						? 'The request has no Origin header. Start the helper with --allow-no-origin to use it from scripts.'
						: 'This page is not allowed to use the helper. Start it with --allow-origin <this page origin>.'
				)
			);
		}

		const path = pathOf(req.url);
		if (req.method === 'OPTIONS') return preflight(res);
		if ((req.method === 'GET' || req.method === 'HEAD') && (path === '/' || path === '/health')) {
			// proxyscotch's handshake shape, so clients written for it can detect us too.
			return sendJson(res, 200, {
				success: true,
				data: { sessionFingerprint, isProtected: true },
				helper: HELPER_ID
			});
		}
		if (req.method !== 'POST') {
			res.setHeader('Allow', 'GET, POST, OPTIONS');
			return refuse(
				res,
				new HelperError('bad-request', `The helper only relays POST requests to /.`, 405)
			);
		}
		if (path !== '/') {
			return refuse(res, new HelperError('bad-request', `The helper relays at / only.`, 404));
		}

		let raw;
		try {
			raw = await readRequestBody(req, settings.maxRequestBytes);
		} catch (err) {
			return refuse(res, asHelperError(err), req);
		}
		/** @type {unknown} */
		let json;
		let parsed = true;
		try {
			json = JSON.parse(raw.toString('utf8'));
		} catch {
			parsed = false;
		}
		const bodyToken =
			isRecord(json) && typeof json.accessToken === 'string' ? json.accessToken : '';
		if (!tokenMatches(bearerToken(req.headers.authorization)) && !tokenMatches(bodyToken)) {
			return refuse(
				res,
				new HelperError(
					'unauthorized',
					'The helper token is missing or wrong. Copy the token the helper printed when it started.'
				)
			);
		}
		if (!parsed) {
			return refuse(
				res,
				new HelperError('bad-request', 'The request to the helper is not valid JSON.')
			);
		}

		/** @type {Envelope} */
		let envelope;
		try {
			envelope = parseEnvelope(json, settings);
		} catch (err) {
			return refuse(res, asHelperError(err));
		}
		if (isLoopbackName(envelope.url.hostname) && portOf(envelope.url) === currentPort()) {
			return refuse(
				res,
				new HelperError('bad-request', 'The url points at the helper itself; that would loop.')
			);
		}

		const controller = new AbortController();
		const timer = setTimeout(() => {
			controller.abort(
				new HelperError(
					'timeout',
					`${hostPort(envelope.url)} did not answer completely within ${envelope.timeoutMs} ms, so the helper gave up.`
				)
			);
		}, envelope.timeoutMs);
		// If the app goes away (tab closed, fetch aborted) there is nobody left to relay to.
		res.on('close', () => {
			if (!res.writableFinished) controller.abort(new HelperError('upstream', 'The app hung up.'));
		});
		inFlight.add(controller);
		const started = performance.now();
		const target = `${envelope.method} ${envelope.url.host}${envelope.url.pathname}`;
		try {
			const reply = await relay(
				envelope,
				settings.maxResponseBytes,
				settings.maxRedirects,
				controller.signal
			);
			// Never the query, headers or body: webhooks carry API keys in all three.
			settings.log(`${target} -> ${reply.status} (${Math.round(performance.now() - started)} ms)`);
			sendJson(res, 200, reply);
		} catch (err) {
			const error = asHelperError(err);
			settings.log(`${target} -> ${error.type} (${Math.round(performance.now() - started)} ms)`);
			sendError(res, error);
		} finally {
			clearTimeout(timer);
			inFlight.delete(controller);
		}
	}

	/**
	 * @param {http.ServerResponse} res
	 * @param {HelperError} error
	 * @param {http.IncomingMessage} [unread] A request whose body was not fully read.
	 */
	function refuse(res, error, unread) {
		settings.log(`refused: ${error.type}`);
		sendError(res, error, unread);
	}

	/**
	 * @param {http.ServerResponse} res
	 * @param {HelperError} error
	 * @param {http.IncomingMessage} [unread]
	 */
	function sendError(res, error, unread) {
		res.setHeader('X-Helper-Error', error.type);
		if (unread) {
			// Close after answering so the rest of an oversized body is not read into a kept-alive socket.
			res.setHeader('Connection', 'close');
			unread.resume();
		}
		sendJson(res, error.status, {
			success: false,
			error: { type: error.type, message: error.message }
		});
	}

	return {
		server,
		token,
		listen() {
			return new Promise((resolve, reject) => {
				server.once('error', reject);
				server.listen(settings.port, LOOPBACK, () => {
					server.off('error', reject);
					const port = currentPort();
					resolve({ port, url: `http://${LOOPBACK}:${port}/` });
				});
			});
		},
		close() {
			for (const controller of inFlight) {
				controller.abort(new HelperError('upstream', 'The helper is shutting down.'));
			}
			return new Promise((resolve) => {
				if (!server.listening) return resolve();
				server.close(() => resolve());
				server.closeAllConnections();
			});
		}
	};
}

/**
 * Validates a parsed envelope and turns it into what the relay needs.
 * Accepts proxyscotch's fields (`method, url, headers, data, params, auth, wantsBinary,
 * accessToken`) plus `headers` as `[name, value][]`, `timeoutMs` and `followRedirects`; unknown
 * fields are ignored.
 * @param {unknown} value
 * @param {{ timeoutMs: number, maxTimeoutMs: number }} limits
 * @returns {Envelope}
 * @throws {HelperError} type `bad-request`.
 */
export function parseEnvelope(value, limits) {
	if (!isRecord(value)) throw badRequest('The request to the helper must be a JSON object.');
	if (typeof value.url !== 'string' || value.url === '')
		throw badRequest('The request has no url.');
	/** @type {URL} */
	let url;
	try {
		url = new URL(value.url);
	} catch {
		throw badRequest('The url is not a valid absolute URL (it needs http:// or https://).');
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') {
		throw badRequest(`Only http:// and https:// URLs can be sent, not ${url.protocol}//.`);
	}
	if (url.username !== '' || url.password !== '') {
		throw badRequest('Put credentials in an Authorization header (or auth), not in the url.');
	}
	url.hash = '';
	applyParams(url, value.params);

	const headers = parseHeaders(value.headers);
	applyBasicAuth(headers, value.auth);

	if (value.data !== undefined && value.data !== null && typeof value.data !== 'string') {
		throw badRequest('data (the body) must be a string.');
	}
	const maxTimeout = limits.maxTimeoutMs;
	let timeoutMs = Math.min(limits.timeoutMs, maxTimeout);
	if (value.timeoutMs !== undefined && value.timeoutMs !== null) {
		if (typeof value.timeoutMs !== 'number' || !(value.timeoutMs > 0)) {
			throw badRequest('timeoutMs must be a positive number of milliseconds.');
		}
		timeoutMs = Math.min(value.timeoutMs, maxTimeout);
	}
	return {
		method: parseMethod(value.method),
		url,
		headers,
		body: typeof value.data === 'string' ? Buffer.from(value.data, 'utf8') : undefined,
		wantsBinary: value.wantsBinary === true,
		timeoutMs,
		followRedirects: value.followRedirects === true
	};
}

/**
 * Maps a socket or HTTP-client error to a typed helper error in plain words.
 * @param {unknown} err
 * @param {URL} url The target being reached when it happened.
 * @returns {HelperError}
 */
export function describeUpstreamError(err, url) {
	const where = hostPort(url);
	const code = errorCode(err);
	switch (code) {
		case 'ECONNREFUSED':
			return new HelperError(
				'connect',
				`The helper could not connect to ${where} (connection refused). Is the server running?`
			);
		case 'EHOSTUNREACH':
		case 'ENETUNREACH':
			return new HelperError('connect', `The helper could not reach ${where} (no route to host).`);
		case 'ETIMEDOUT':
			return new HelperError('connect', `The helper could not connect to ${where} (timed out).`);
		case 'ENOTFOUND':
			return new HelperError(
				'dns',
				`The helper could not find the host ${url.hostname} (DNS lookup failed). Check the URL.`
			);
		case 'EAI_AGAIN':
			return new HelperError(
				'dns',
				`The helper could not look up ${url.hostname} right now (temporary DNS failure). Check the network.`
			);
		case 'ECONNRESET':
			return new HelperError(
				'upstream',
				`The connection to ${where} was reset before a complete response arrived.`
			);
	}
	if (/CERT|SELF_SIGNED|ERR_TLS|ERR_SSL/.test(code)) {
		return new HelperError(
			'upstream',
			`The TLS certificate of ${where} was not accepted (${code}).`
		);
	}
	if (code.startsWith('HPE_')) {
		return new HelperError(
			'upstream',
			`${where} sent a response that is not valid HTTP (${code}).`
		);
	}
	const detail = code || (err instanceof Error ? err.message : String(err));
	return new HelperError('upstream', `The request to ${where} failed (${detail}).`);
}

/**
 * Reads the command line (without `node` and the script path).
 * @param {string[]} argv
 * @returns {{ help: boolean, options: HelperOptions }}
 * @throws {Error} On unknown flags or bad values, with a message for the user.
 */
export function parseCliArgs(argv) {
	const { values } = parseArgs({
		args: argv,
		strict: true,
		allowPositionals: false,
		options: {
			port: { type: 'string' },
			token: { type: 'string' },
			'allow-origin': { type: 'string', multiple: true },
			'allow-no-origin': { type: 'boolean' },
			'max-request-bytes': { type: 'string' },
			'max-response-bytes': { type: 'string' },
			'timeout-ms': { type: 'string' },
			'max-timeout-ms': { type: 'string' },
			'max-redirects': { type: 'string' },
			help: { type: 'boolean', short: 'h' }
		}
	});
	/** @type {HelperOptions} */
	const options = {};
	if (values.port !== undefined) options.port = integerFlag('--port', values.port, 0, 65535);
	if (values.token !== undefined) {
		if (values.token === '') throw new Error('--token must not be empty.');
		options.token = values.token;
	}
	if (values['allow-origin'] !== undefined) {
		options.allowOrigins = values['allow-origin'].map(normaliseOrigin);
	}
	if (values['allow-no-origin']) options.allowNoOrigin = true;
	const limit = (/** @type {string} */ flag, /** @type {string | undefined} */ raw) =>
		raw === undefined ? undefined : integerFlag(flag, raw, 1, Number.MAX_SAFE_INTEGER);
	const maxRequestBytes = limit('--max-request-bytes', values['max-request-bytes']);
	const maxResponseBytes = limit('--max-response-bytes', values['max-response-bytes']);
	const timeoutMs = limit('--timeout-ms', values['timeout-ms']);
	const maxTimeoutMs = limit('--max-timeout-ms', values['max-timeout-ms']);
	if (maxRequestBytes !== undefined) options.maxRequestBytes = maxRequestBytes;
	if (maxResponseBytes !== undefined) options.maxResponseBytes = maxResponseBytes;
	if (timeoutMs !== undefined) options.timeoutMs = timeoutMs;
	if (maxTimeoutMs !== undefined) options.maxTimeoutMs = maxTimeoutMs;
	if (values['max-redirects'] !== undefined) {
		options.maxRedirects = integerFlag('--max-redirects', values['max-redirects'], 0, 100);
	}
	return { help: values.help === true, options };
}

export const USAGE = `Usage: npm run cors-helper -- [options]
       node tools/cors-helper.mjs [options]

Relays requests from the Webhook Playground to servers that do not allow CORS.
Listens on 127.0.0.1 only; every request needs an allowed Origin and the token.

Options:
  --port N                Port on 127.0.0.1 (default ${DEFAULTS.port}; 0 picks a free one)
  --token T               Use this token instead of a fresh random one per start
  --allow-origin URL      Also accept this page origin, exact match (repeatable)
  --allow-no-origin       Accept requests without an Origin header (curl, scripts)
  --max-request-bytes N   Largest request envelope (default ${DEFAULTS.maxRequestBytes} = 10 MB)
  --max-response-bytes N  Largest upstream response body (default ${DEFAULTS.maxResponseBytes} = 50 MB)
  --timeout-ms N          Total time per request when the app sets none (default ${DEFAULTS.timeoutMs})
  --max-timeout-ms N      Ceiling for the app's timeoutMs (default ${DEFAULTS.maxTimeoutMs})
  --max-redirects N       Redirects followed when the app asks (default ${DEFAULTS.maxRedirects})
  -h, --help              Show this help

Default origins: ${DEFAULT_ORIGINS.join(', ')}`;

// ---------------------------------------------------------------------------------------------
// Relay

/**
 * Sends the envelope (following redirects if asked) and builds the success envelope.
 * @param {Envelope} envelope
 * @param {number} maxResponseBytes
 * @param {number} maxRedirects
 * @param {AbortSignal} signal Aborted with a HelperError (timeout, hang-up, shutdown).
 */
async function relay(envelope, maxResponseBytes, maxRedirects, signal) {
	const started = performance.now();
	/** @type {RedirectHop[]} */
	const redirects = [];
	let { url, method, headers, body } = envelope;
	for (;;) {
		/** @param {unknown} err */
		const fail = (err) => {
			if (err instanceof HelperError) return err;
			// An abort shows up as a socket error; the signal knows the real reason.
			if (signal.aborted && signal.reason instanceof HelperError) return signal.reason;
			return describeUpstreamError(err, url);
		};
		/** @type {{ req: http.ClientRequest, res: http.IncomingMessage }} */
		let hop;
		try {
			hop = await openHop(url, method, headers, body, signal);
		} catch (err) {
			throw fail(err);
		}
		const ttfbMs = elapsed(started);
		const status = hop.res.statusCode ?? 0;
		const location = hop.res.headers.location;

		if (envelope.followRedirects && REDIRECT_STATUSES.has(status) && location !== undefined) {
			// The redirect's own body is never shown, so do not wait for it.
			hop.req.destroy();
			if (redirects.length >= maxRedirects) {
				throw new HelperError(
					'redirects',
					`${url.host} redirected more than ${maxRedirects} times; the helper stopped following.`
				);
			}
			/** @type {URL} */
			let next;
			try {
				next = new URL(location, url);
			} catch {
				throw new HelperError('redirects', `${url.host} redirected to an invalid URL.`);
			}
			if (next.protocol !== 'http:' && next.protocol !== 'https:') {
				throw new HelperError('redirects', `${url.host} redirected to a ${next.protocol} URL.`);
			}
			next.hash = '';
			redirects.push({ status, url: url.href, location: next.href });
			// Fetch's rules: 301/302 turn POST into GET, 303 turns everything but HEAD into GET.
			if (
				(status === 303 && method !== 'HEAD') ||
				((status === 301 || status === 302) && method === 'POST')
			) {
				method = 'GET';
				body = undefined;
				headers = headers.filter(([name]) => !name.toLowerCase().startsWith('content-'));
			}
			// Credentials meant for one origin must not follow a redirect to another.
			if (next.origin !== url.origin) {
				headers = headers.filter(([name]) => name.toLowerCase() !== 'authorization');
			}
			url = next;
			continue;
		}

		/** @type {{ data: Buffer, decoded: boolean }} */
		let received;
		try {
			received = await readUpstreamBody(hop.req, hop.res, maxResponseBytes, url);
		} catch (err) {
			throw fail(err);
		}
		const headerList = responseHeaderList(hop.res.rawHeaders, received.decoded);
		/** @type {Record<string, string>} */
		const headerMap = {};
		for (const [name, value] of headerList) {
			// Joined like fetch's Headers.get(); proxyscotch kept only the last value.
			headerMap[name] = name in headerMap ? `${headerMap[name]}, ${value}` : value;
		}
		return {
			success: true,
			isBinary: envelope.wantsBinary,
			status,
			statusText: hop.res.statusMessage ?? '',
			headers: headerMap,
			data: envelope.wantsBinary
				? received.data.toString('base64')
				: new TextDecoder().decode(received.data),
			headerList,
			timing: { totalMs: elapsed(started), ttfbMs },
			bodyBytes: received.data.length,
			truncated: false,
			redirects,
			finalUrl: url.href,
			helper: HELPER_ID
		};
	}
}

/**
 * Starts one request and resolves when the response headers arrive.
 * @param {URL} url
 * @param {string} method
 * @param {[string, string][]} headers
 * @param {Buffer | undefined} body
 * @param {AbortSignal} signal
 * @returns {Promise<{ req: http.ClientRequest, res: http.IncomingMessage }>}
 */
function openHop(url, method, headers, body, signal) {
	return new Promise((resolve, reject) => {
		const transport = url.protocol === 'https:' ? https : http;
		const req = transport.request(
			{
				method,
				hostname: url.hostname.replace(/^\[(.*)\]$/, '$1'),
				port: url.port === '' ? undefined : Number(url.port),
				path: `${url.pathname}${url.search}`,
				headers: outgoingHeaders(headers, url, method, body),
				// A fresh connection per relay: nothing pooled outlives a request or leaks between targets.
				agent: false,
				signal
			},
			(res) => resolve({ req, res })
		);
		req.on('error', reject);
		req.end(body);
	});
}

/**
 * The headers actually sent, as Node's flat raw list (keeps order, case and repeats).
 * @param {[string, string][]} headers
 * @param {URL} url
 * @param {string} method
 * @param {Buffer | undefined} body
 * @returns {string[]}
 */
function outgoingHeaders(headers, url, method, body) {
	const named = connectionTokens(headers);
	const flat = ['Host', url.host];
	for (const [name, value] of headers) {
		const lower = name.toLowerCase();
		if (HOP_BY_HOP.has(lower) || NEVER_SENT.has(lower) || named.has(lower)) continue;
		flat.push(name, value);
	}
	if (body !== undefined && body.length > 0) flat.push('Content-Length', String(body.length));
	else if (BODY_METHODS.has(method)) flat.push('Content-Length', '0');
	return flat;
}

/**
 * Collects the response body, decoding gzip/deflate/br, and aborts the upstream the moment the
 * decoded size crosses the cap (this also stops decompression bombs).
 * @param {http.ClientRequest} req
 * @param {http.IncomingMessage} res
 * @param {number} maxBytes
 * @param {URL} url
 * @returns {Promise<{ data: Buffer, decoded: boolean }>}
 */
function readUpstreamBody(req, res, maxBytes, url) {
	const encoding = decodableEncoding(res.headers['content-encoding']);
	return new Promise((resolve, reject) => {
		/** @type {Buffer[]} */
		const chunks = [];
		let size = 0;
		/** @type {import('node:stream').Transform | null} */
		let decoder = null;
		let settled = false;
		/** @param {unknown} err */
		const fail = (err) => {
			if (settled) return;
			settled = true;
			decoder?.destroy();
			req.destroy();
			reject(err);
		};
		const done = () => {
			if (settled) return;
			settled = true;
			resolve({ data: Buffer.concat(chunks, size), decoded: decoder !== null });
		};
		/** @param {Buffer} chunk */
		const take = (chunk) => {
			if (settled) return;
			size += chunk.length;
			if (size <= maxBytes) return void chunks.push(chunk);
			fail(
				new HelperError(
					'too-large',
					`The response from ${url.host} is larger than the helper's cap of ${formatBytes(maxBytes)} (--max-response-bytes), so it stopped reading.`,
					502
				)
			);
		};
		res.on('data', (/** @type {Buffer} */ chunk) => {
			if (settled) return;
			if (encoding === null) return take(chunk);
			if (decoder === null) {
				decoder = createDecoder(encoding, chunk);
				decoder.on('data', take);
				decoder.on('end', done);
				decoder.on('error', () =>
					fail(
						new HelperError(
							'upstream',
							`The response from ${url.host} says it is ${encoding}-compressed but could not be decompressed.`
						)
					)
				);
			}
			decoder.write(chunk);
		});
		res.on('end', () => (decoder === null ? done() : decoder.end()));
		res.on('error', fail);
		res.on('close', () => {
			if (!res.complete) {
				fail(
					new HelperError(
						'upstream',
						`The connection to ${url.host} closed before the whole response arrived.`
					)
				);
			}
		});
	});
}

/**
 * @param {string} encoding One of the values decodableEncoding returns.
 * @param {Buffer} firstChunk
 * @returns {import('node:stream').Transform}
 */
function createDecoder(encoding, firstChunk) {
	if (encoding === 'br') {
		return zlib.createBrotliDecompress({ finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH });
	}
	// Sync flush, like browsers and curl: a body cut short still shows what did arrive.
	const lenient = { finishFlush: zlib.constants.Z_SYNC_FLUSH };
	if (encoding === 'gzip') return zlib.createGunzip(lenient);
	// Some servers send raw DEFLATE as "deflate"; a zlib stream starts with CM=8 and a checksum.
	const head = firstChunk.length >= 2 ? firstChunk.readUInt16BE(0) : 0;
	const wrapped = ((head >> 8) & 0x0f) === 8 && head % 31 === 0;
	return wrapped ? zlib.createInflate(lenient) : zlib.createInflateRaw(lenient);
}

/**
 * @param {string | undefined} header
 * @returns {'gzip' | 'deflate' | 'br' | null} null: pass the bytes through untouched.
 */
function decodableEncoding(header) {
	const value = (header ?? '').trim().toLowerCase();
	if (value === 'gzip' || value === 'x-gzip') return 'gzip';
	if (value === 'deflate' || value === 'br') return value;
	return null;
}

/**
 * Response headers as lower-cased `[name, value]` pairs, repeats kept, minus hop-by-hop headers,
 * cookies and (when the helper decoded the body) the encoding and length that no longer apply.
 * @param {string[]} rawHeaders Node's flat list.
 * @param {boolean} decoded
 * @returns {[string, string][]}
 */
function responseHeaderList(rawHeaders, decoded) {
	/** @type {[string, string][]} */
	const pairs = [];
	for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
		pairs.push([String(rawHeaders[i]).toLowerCase(), String(rawHeaders[i + 1])]);
	}
	const named = connectionTokens(pairs);
	return pairs.filter(
		([name]) =>
			!HOP_BY_HOP.has(name) &&
			!named.has(name) &&
			!NEVER_RETURNED.has(name) &&
			!(decoded && (name === 'content-encoding' || name === 'content-length'))
	);
}

// ---------------------------------------------------------------------------------------------
// Small pieces

/**
 * @param {HelperOptions} options
 */
function resolveOptions(options) {
	const origins = new Set(DEFAULT_ORIGINS);
	for (const origin of options.allowOrigins ?? []) origins.add(normaliseOrigin(origin));
	if (options.token === '') throw new TypeError('token must not be empty');
	return {
		port: options.port ?? DEFAULTS.port,
		token: options.token ?? randomBytes(32).toString('base64url'),
		origins,
		allowNoOrigin: options.allowNoOrigin ?? false,
		maxRequestBytes: options.maxRequestBytes ?? DEFAULTS.maxRequestBytes,
		maxResponseBytes: options.maxResponseBytes ?? DEFAULTS.maxResponseBytes,
		timeoutMs: options.timeoutMs ?? DEFAULTS.timeoutMs,
		maxTimeoutMs: options.maxTimeoutMs ?? DEFAULTS.maxTimeoutMs,
		maxRedirects: options.maxRedirects ?? DEFAULTS.maxRedirects,
		log: options.log ?? ((/** @type {string} */ line) => console.log(line))
	};
}

/**
 * Reads the helper request body, refusing early on a too-large Content-Length.
 * @param {http.IncomingMessage} req
 * @param {number} maxBytes
 * @returns {Promise<Buffer>}
 */
function readRequestBody(req, maxBytes) {
	const tooLarge = () =>
		new HelperError(
			'too-large',
			`The request to the helper is larger than its cap of ${formatBytes(maxBytes)} (--max-request-bytes).`
		);
	return new Promise((resolve, reject) => {
		if (Number(req.headers['content-length'] ?? 0) > maxBytes) return reject(tooLarge());
		/** @type {Buffer[]} */
		const chunks = [];
		let size = 0;
		let over = false;
		req.on('data', (/** @type {Buffer} */ chunk) => {
			if (over) return;
			size += chunk.length;
			if (size <= maxBytes) return void chunks.push(chunk);
			over = true;
			chunks.length = 0;
			reject(tooLarge());
		});
		req.on('end', () => resolve(Buffer.concat(chunks, size)));
		req.on('error', reject);
	});
}

/** @param {http.ServerResponse} res */
function preflight(res) {
	res.writeHead(204, {
		'Access-Control-Allow-Methods': 'POST, OPTIONS',
		'Access-Control-Allow-Headers': 'content-type, authorization',
		// The older Private Network Access preflight; Chrome's newer permission prompt ignores it.
		'Access-Control-Allow-Private-Network': 'true',
		'Access-Control-Max-Age': '600'
	});
	res.end();
}

/**
 * @param {http.ServerResponse} res
 * @param {number} status
 * @param {unknown} body
 */
function sendJson(res, status, body) {
	const text = JSON.stringify(body);
	res.writeHead(status, {
		'Content-Type': 'application/json; charset=utf-8',
		'Content-Length': Buffer.byteLength(text),
		'Cache-Control': 'no-store',
		'X-Content-Type-Options': 'nosniff'
	});
	res.end(res.req.method === 'HEAD' ? undefined : text);
}

/**
 * @param {string | undefined} host
 * @param {number} port
 */
function hostAllowed(host, port) {
	if (host === undefined) return false;
	const value = host.toLowerCase();
	// Browsers drop the port from Host when it is the scheme default.
	const suffix = port === 80 ? ['', ':80'] : [`:${port}`];
	return suffix.some((s) => value === `127.0.0.1${s}` || value === `localhost${s}`);
}

/** @param {string} hostname */
function isLoopbackName(hostname) {
	return hostname === 'localhost' || hostname === '127.0.0.1' || hostname === '[::1]';
}

/** @param {string | undefined} header */
function bearerToken(header) {
	const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
	return match?.[1];
}

/**
 * @param {unknown} value
 * @returns {string}
 */
function parseMethod(value) {
	if (value === undefined || value === null || value === '') return 'GET';
	// Letters only: every real method, and nothing Node would reject or treat specially.
	if (typeof value !== 'string' || !/^[A-Za-z]{1,20}$/.test(value)) {
		throw badRequest('method must be an HTTP method such as GET or POST.');
	}
	const method = value.toUpperCase();
	if (method === 'CONNECT') throw badRequest('The helper does not open CONNECT tunnels.');
	return method;
}

/**
 * @param {unknown} value `[name, value][]` or `{ name: value | value[] }`.
 * @returns {[string, string][]}
 */
function parseHeaders(value) {
	/** @type {[string, string][]} */
	const list = [];
	if (value === undefined || value === null) return list;
	/** @type {unknown[]} */
	let entries;
	if (Array.isArray(value)) entries = value;
	else if (isRecord(value)) {
		entries = Object.entries(value).flatMap(([name, v]) =>
			Array.isArray(v) ? v.map((item) => [name, item]) : [[name, v]]
		);
	} else throw badRequest('headers must be a list of [name, value] pairs or an object.');
	for (const entry of entries) {
		if (!Array.isArray(entry) || entry.length !== 2) {
			throw badRequest('Each header must be a [name, value] pair.');
		}
		const [name, raw] = entry;
		if (typeof name !== 'string' || !HEADER_NAME.test(name)) {
			throw badRequest(`${JSON.stringify(String(name))} is not a valid header name.`);
		}
		if (typeof raw !== 'string' && typeof raw !== 'number') {
			throw badRequest(`The value of header ${name} must be a string.`);
		}
		const text = String(raw);
		if (BAD_HEADER_VALUE.test(text)) {
			throw badRequest(
				`The value of header ${name} has a line break or a character outside Latin-1, which HTTP cannot carry.`
			);
		}
		list.push([name, text]);
	}
	return list;
}

/**
 * proxyscotch semantics: `params` overwrite same-named query keys (URLSearchParams.set); the
 * pair-list form appends instead, so repeated keys survive.
 * @param {URL} url
 * @param {unknown} params
 */
function applyParams(url, params) {
	if (params === undefined || params === null) return;
	if (Array.isArray(params)) {
		for (const pair of params) {
			if (!Array.isArray(pair) || pair.length !== 2)
				throw badRequest('params pairs must be [name, value].');
			url.searchParams.append(String(pair[0]), String(pair[1]));
		}
	} else if (isRecord(params)) {
		for (const [name, v] of Object.entries(params)) url.searchParams.set(name, String(v));
	} else throw badRequest('params must be an object or a list of [name, value] pairs.');
}

/**
 * proxyscotch semantics: basic auth applies only when both parts are non-empty, and wins over
 * any Authorization header.
 * @param {[string, string][]} headers Changed in place.
 * @param {unknown} auth
 */
function applyBasicAuth(headers, auth) {
	if (!isRecord(auth)) return;
	const { username, password } = auth;
	if (typeof username !== 'string' || typeof password !== 'string') return;
	if (username === '' || password === '') return;
	const value = `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
	for (let i = headers.length - 1; i >= 0; i--) {
		if (headers[i]?.[0].toLowerCase() === 'authorization') headers.splice(i, 1);
	}
	headers.push(['Authorization', value]);
}

/**
 * Header names listed in Connection, which are hop-by-hop too (RFC 9110 §7.6.1).
 * @param {[string, string][]} pairs
 */
function connectionTokens(pairs) {
	/** @type {Set<string>} */
	const named = new Set();
	for (const [name, value] of pairs) {
		if (name.toLowerCase() !== 'connection') continue;
		for (const token of value.split(',')) named.add(token.trim().toLowerCase());
	}
	return named;
}

/**
 * @param {string} value
 * @returns {string} `scheme://host[:port]`
 */
function normaliseOrigin(value) {
	/** @type {URL} */
	let url;
	try {
		url = new URL(value);
	} catch {
		throw new Error(`${JSON.stringify(value)} is not an origin like https://example.com.`);
	}
	if (url.origin === 'null' || url.pathname !== '/' || url.search !== '' || url.hash !== '') {
		throw new Error(
			`${JSON.stringify(value)} is not an origin like https://example.com (no path).`
		);
	}
	return url.origin;
}

/**
 * @param {string} flag
 * @param {string} raw
 * @param {number} min
 * @param {number} max
 */
function integerFlag(flag, raw, min, max) {
	const value = /^\d+$/.test(raw) ? Number(raw) : NaN;
	if (!(value >= min && value <= max)) {
		throw new Error(
			`${flag} needs a whole number from ${min} to ${max}, not ${JSON.stringify(raw)}.`
		);
	}
	return value;
}

/** @param {unknown} value @returns {value is Record<string, unknown>} */
function isRecord(value) {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** @param {string} message */
function badRequest(message) {
	return new HelperError('bad-request', message);
}

/** @param {unknown} err */
function asHelperError(err) {
	if (err instanceof HelperError) return err;
	return new HelperError('bad-request', err instanceof Error ? err.message : String(err));
}

/** @param {unknown} err @returns {string} */
function errorCode(err) {
	if (typeof err !== 'object' || err === null) return '';
	const { code, errors } = /** @type {{ code?: unknown, errors?: unknown }} */ (err);
	if (typeof code === 'string') return code;
	// Node's happy-eyeballs connect reports an AggregateError of per-address failures.
	return Array.isArray(errors) && errors.length > 0 ? errorCode(errors[0]) : '';
}

/** @param {string} text */
function digest(text) {
	return createHash('sha256').update(text, 'utf8').digest();
}

/** @param {string | undefined} url */
function pathOf(url) {
	return (url ?? '/').split('?')[0] || '/';
}

/** @param {URL} url */
function portOf(url) {
	return url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);
}

/** @param {URL} url */
function hostPort(url) {
	return `${url.hostname}:${portOf(url)}`;
}

/** @param {number} since */
function elapsed(since) {
	return Math.round((performance.now() - since) * 10) / 10;
}

/** @param {number} bytes */
function formatBytes(bytes) {
	const mb = bytes / (1024 * 1024);
	return Number.isInteger(mb) ? `${mb} MB` : `${bytes} bytes`;
}

// ---------------------------------------------------------------------------------------------
// Command line

/**
 * @param {string} url
 * @param {string} token
 * @param {HelperOptions} options
 */
function banner(url, token, options) {
	const origins = [...DEFAULT_ORIGINS, ...(options.allowOrigins ?? [])];
	const pad = '           ';
	return [
		'',
		`Webhook Playground CORS helper (${HELPER_ID})`,
		'',
		`  URL      ${url}`,
		`  Token    ${token}`,
		`  Origins  ${origins.join(`\n${pad}`)}`,
		options.allowNoOrigin
			? `${pad}(requests without an Origin header are accepted too)`
			: `${pad}(requests without an Origin header are refused)`,
		'',
		'In the playground, choose the local helper transport and paste the URL and the token.',
		'The token changes on every start unless you pass --token. Logs show method, host, path,',
		'status and time only: never bodies, query strings or header values. Ctrl+C stops it.',
		''
	].join('\n');
}

/** @param {string[]} argv */
async function main(argv) {
	/** @type {ReturnType<typeof parseCliArgs>} */
	let cli;
	try {
		cli = parseCliArgs(argv);
	} catch (err) {
		console.error(`cors-helper: ${err instanceof Error ? err.message : String(err)}\n\n${USAGE}`);
		process.exitCode = 2;
		return;
	}
	if (cli.help) return console.log(USAGE);
	const helper = createHelper(cli.options);
	/** @type {{ port: number, url: string }} */
	let address;
	try {
		address = await helper.listen();
	} catch (err) {
		const port = cli.options.port ?? DEFAULTS.port;
		console.error(
			errorCode(err) === 'EADDRINUSE'
				? `cors-helper: port ${port} on ${LOOPBACK} is already in use (is the helper already running?). Pick another with --port N.`
				: `cors-helper: could not start: ${err instanceof Error ? err.message : String(err)}`
		);
		process.exitCode = 1;
		return;
	}
	console.log(banner(address.url, helper.token, cli.options));
	const stop = () => {
		console.log('\nStopping the CORS helper.');
		helper.close().then(() => process.exit(0));
	};
	process.once('SIGINT', stop);
	process.once('SIGTERM', stop);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
	void main(process.argv.slice(2));
}
