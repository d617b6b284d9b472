import type { RenderedRequest } from '../types';
import type { TransportCapabilities, TransportId } from './send-types';

/** What each transport can do (DESIGN.md §6). */
export const TRANSPORT_CAPABILITIES: Readonly<Record<TransportId, TransportCapabilities>> = {
	// fetch: the page reads the answer only if the target allows CORS; the browser drops forbidden
	// headers; loopback works from a loopback page.
	direct: { readResponse: true, customHeaders: true, localhost: true, offline: false },
	// The helper relays any header and reads any answer; it runs on this machine.
	helper: { readResponse: true, customHeaders: true, localhost: true, offline: true },
	// The mock answers in the page: nothing leaves it.
	mock: { readResponse: true, customHeaders: true, localhost: true, offline: true }
};

export const TRANSPORT_LABELS: Readonly<Record<TransportId, string>> = {
	direct: 'Direct (fetch)',
	helper: 'Local CORS helper',
	mock: 'Mock endpoint'
};

/**
 * Request headers a browser page may not set: fetch drops them silently (Fetch standard,
 * "forbidden request-header"), so a direct send would go out without them.
 */
const FORBIDDEN_HEADERS = new Set([
	'accept-charset',
	'accept-encoding',
	'access-control-request-headers',
	'access-control-request-method',
	'connection',
	'content-length',
	'cookie',
	'cookie2',
	'date',
	'dnt',
	'expect',
	'host',
	'keep-alive',
	'origin',
	'referer',
	'te',
	'trailer',
	'transfer-encoding',
	'upgrade',
	'via'
]);

export function isForbiddenHeader(name: string): boolean {
	const n = name.toLowerCase();
	return FORBIDDEN_HEADERS.has(n) || n.startsWith('proxy-') || n.startsWith('sec-');
}

/** Headers CORS lets through without a preflight (with their value rules simplified). */
const SIMPLE_HEADERS = new Set(['accept', 'accept-language', 'content-language', 'content-type']);
const SIMPLE_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];

/** True when a cross-origin fetch of this request sends an OPTIONS preflight first. */
export function needsPreflight(req: RenderedRequest): boolean {
	if (!['GET', 'POST', 'HEAD'].includes(req.method)) return true;
	for (const [name, value] of req.headers) {
		const n = name.toLowerCase();
		if (!SIMPLE_HEADERS.has(n)) return true;
		if (n === 'content-type' && !SIMPLE_TYPES.includes(value.split(';')[0]!.trim().toLowerCase()))
			return true;
	}
	return false;
}

function isLoopbackHost(host: string): boolean {
	return (
		host === 'localhost' ||
		host.endsWith('.localhost') ||
		host === '[::1]' ||
		/^127\.\d+\.\d+\.\d+$/.test(host)
	);
}

export interface PreflightNote {
	severity: 'error' | 'warning' | 'info';
	code:
		| 'offline'
		| 'forbidden-header'
		| 'cors-preflight'
		| 'mixed-content'
		| 'mock-url'
		| 'helper-token'
		| 'invalid-url';
	message: string;
}

export interface PreflightEnv {
	/** navigator.onLine */
	online: boolean;
	/** The page's origin, e.g. `https://me.github.io`. */
	pageOrigin: string;
	/** The helper's token, when the helper transport is chosen. */
	helperToken?: string;
}

/**
 * Checks a rendered request against a transport before it is sent, and says in plain words what
 * will not work and what to do. An `error` means the send cannot succeed as chosen.
 */
export function checkSend(
	req: RenderedRequest,
	transport: TransportId,
	env: PreflightEnv
): PreflightNote[] {
	const notes: PreflightNote[] = [];
	const caps = TRANSPORT_CAPABILITIES[transport];
	let url: URL | null = null;
	try {
		url = new URL(req.url);
	} catch {
		if (transport !== 'mock')
			notes.push({
				severity: 'error',
				code: 'invalid-url',
				message: `The URL "${req.url}" is not a complete address (it needs http:// or https:// and a host), so nothing can be sent.`
			});
	}
	if (!env.online && !caps.offline)
		notes.push({
			severity: 'error',
			code: 'offline',
			message:
				'You are offline, so a direct send cannot reach the server. Switch to the Mock endpoint (it answers inside the page) or the local CORS helper for a server on this machine.'
		});
	if (transport === 'mock')
		notes.push({
			severity: 'info',
			code: 'mock-url',
			message:
				'The Mock endpoint answers inside the page: nothing leaves your browser, and the URL is only shown as received.'
		});
	if (transport === 'helper' && !env.helperToken?.trim())
		notes.push({
			severity: 'error',
			code: 'helper-token',
			message:
				'Paste the token the CORS helper printed when it started (npm run cors-helper) into "Helper token" first.'
		});
	if (transport === 'direct') {
		const dropped = req.headers.map(([n]) => n).filter(isForbiddenHeader);
		if (dropped.length)
			notes.push({
				severity: 'warning',
				code: 'forbidden-header',
				message: `The browser will not send ${dropped.map((n) => `"${n}"`).join(', ')}: pages may not set ${dropped.length > 1 ? 'these headers' : 'this header'}. Marketo would. Use the local CORS helper to send the request exactly.`
			});
		if (
			url &&
			url.protocol === 'http:' &&
			env.pageOrigin.startsWith('https:') &&
			!isLoopbackHost(url.hostname)
		)
			notes.push({
				severity: 'error',
				code: 'mixed-content',
				message: `This page is served over https, so the browser blocks a direct call to the plain http address ${url.origin}. Use the local CORS helper, or an https URL.`
			});
		const crossOrigin = url !== null && url.origin !== env.pageOrigin;
		if (crossOrigin && needsPreflight(req))
			notes.push({
				severity: 'info',
				code: 'cors-preflight',
				message: `The browser first asks ${url!.origin} for permission (an OPTIONS "preflight", because of the ${req.method} method or custom headers). The server must answer it with Access-Control-Allow-Origin, or the send fails; Marketo sends no preflight.`
			});
	}
	return notes;
}
