/**
 * Exports the Call Webhook activity log as HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/),
 * the format browser dev tools, httpsnippet, Insomnia and Hoppscotch import. What HAR has no field
 * for (lead, transport, outcome, Change Data Values) rides in `_webhookPlayground`: the spec allows
 * custom fields whose names start with an underscore.
 */
import { parseUrlEncoded, splitUrl, utf8Bytes } from '../mock/mock';
import type { CallActivity, FieldChange, TransportId } from './send-types';

export interface HarNameValue {
	name: string;
	value: string;
	comment?: string;
}

/** Cookies are required arrays in HAR; the playground never reads them, so they stay empty. */
export interface HarCookie {
	name: string;
	value: string;
}

export interface HarPostData {
	mimeType: string;
	text: string;
	comment?: string;
}

export interface HarRequest {
	method: string;
	url: string;
	httpVersion: string;
	cookies: HarCookie[];
	headers: HarNameValue[];
	queryString: HarNameValue[];
	postData?: HarPostData;
	/** -1: the headers' wire size is not known in a browser. */
	headersSize: number;
	bodySize: number;
	comment?: string;
}

export interface HarContent {
	/** Bytes of `text` (UTF-8). */
	size: number;
	mimeType: string;
	text?: string;
	comment?: string;
}

export interface HarResponse {
	/** 0 when no response came (timeout, CORS, network), as browsers export failed requests. */
	status: number;
	statusText: string;
	httpVersion: string;
	cookies: HarCookie[];
	headers: HarNameValue[];
	content: HarContent;
	redirectURL: string;
	headersSize: number;
	/** -1 when not known (no response, or a body stored only in part). */
	bodySize: number;
	/** Why no response came; the field Chrome uses for failed requests. */
	_error?: string;
	comment?: string;
}

export interface HarTimings {
	send: number;
	wait: number;
	receive: number;
	comment?: string;
}

/** The playground's own fields of an entry. */
export interface HarPlaygroundFields {
	activityId: string;
	webhookId: string;
	webhookName: string;
	leadId: string;
	leadLabel: string;
	transport: TransportId;
	outcome: CallActivity['outcome'];
	error?: string;
	changes: FieldChange[];
	runId?: string;
}

export interface HarEntry {
	startedDateTime: string;
	/** Total milliseconds: the sum of `timings`. */
	time: number;
	request: HarRequest;
	response: HarResponse;
	cache: Record<string, never>;
	timings: HarTimings;
	comment?: string;
	_webhookPlayground: HarPlaygroundFields;
}

export interface HarLog {
	version: '1.2';
	creator: { name: string; version: string };
	entries: HarEntry[];
	comment?: string;
}

export interface Har {
	log: HarLog;
}

function header(headers: readonly [string, string][], name: string): string | null {
	const want = name.toLowerCase();
	for (const [n, v] of headers) if (n.toLowerCase() === want) return v;
	return null;
}

const pairs = (list: readonly [string, string][]): HarNameValue[] =>
	list.map(([name, value]) => ({ name, value }));

/** Milliseconds since the epoch, or +Infinity for a time that does not parse (sorted last). */
function timeOf(iso: string): number {
	const t = Date.parse(iso);
	return Number.isNaN(t) ? Number.POSITIVE_INFINITY : t;
}

function toEntry(a: CallActivity): HarEntry {
	const req = a.request;
	const wait = Number.isFinite(a.durationMs) && a.durationMs > 0 ? a.durationMs : 0;
	const answered = a.status !== null;
	const requestMime = header(req.headers, 'content-type');
	const size = utf8Bytes(a.response);

	const request: HarRequest = {
		method: req.method,
		url: req.url,
		httpVersion: 'HTTP/1.1',
		cookies: [],
		headers: pairs(req.headers),
		queryString: pairs(parseUrlEncoded(splitUrl(req.url).query)),
		...(req.body !== null && { postData: { mimeType: requestMime ?? '', text: req.body } }),
		headersSize: -1,
		bodySize: req.body === null ? 0 : utf8Bytes(req.body)
	};

	const content: HarContent = {
		size,
		// Chrome's word for "no Content-Type": HAR requires a mimeType.
		mimeType: header(a.responseHeaders, 'content-type') ?? 'x-unknown',
		text: a.response,
		...(a.responseTruncated && {
			comment: `Truncated: the playground stored only the first ${a.response.length} characters of the body.`
		})
	};

	const failure = a.error ?? (answered ? undefined : a.errorType);
	const response: HarResponse = {
		status: a.status ?? 0,
		statusText: a.errorType,
		// Chrome exports a request that got no answer with an empty httpVersion.
		httpVersion: answered ? 'HTTP/1.1' : '',
		cookies: [],
		headers: pairs(a.responseHeaders),
		content,
		redirectURL: '',
		headersSize: -1,
		bodySize: answered && !a.responseTruncated ? size : -1,
		...(failure !== undefined && { _error: failure })
	};

	const fields: HarPlaygroundFields = {
		activityId: a.id,
		webhookId: a.webhookId,
		webhookName: a.webhookName,
		leadId: a.leadId,
		leadLabel: a.leadLabel,
		transport: a.transport,
		outcome: a.outcome,
		...(a.error !== undefined && { error: a.error }),
		changes: a.changes.map((c) => ({ ...c })),
		...(a.runId !== undefined && { runId: a.runId })
	};

	return {
		startedDateTime: a.at,
		time: wait,
		request,
		response,
		cache: {},
		timings: { send: 0, wait, receive: 0 },
		comment: `${a.webhookName} → ${a.leadLabel}`,
		_webhookPlayground: fields
	};
}

/**
 * Builds a HAR 1.2 log from Call Webhook activities, oldest first (activities with the same time
 * keep their order; one whose time does not parse goes last). A call that got no response has
 * status 0, its Error Type as `statusText` and the reason in `response._error`; a body stored only
 * in part says so in `content.comment`. The whole duration counts as `wait`, since a browser cannot
 * split it into phases. Plain data, safe for `JSON.stringify`; the activities are not changed.
 *
 * @param options.creatorVersion the playground's version, for `log.creator.version`.
 */
export function toHar(
	activities: readonly CallActivity[],
	options: { creatorVersion: string }
): Har {
	const entries = activities
		.map((a, i) => ({ a, i, t: timeOf(a.at) }))
		.sort((x, y) => (x.t === y.t ? x.i - y.i : x.t < y.t ? -1 : 1))
		.map(({ a }) => toEntry(a));
	return {
		log: {
			version: '1.2',
			creator: { name: 'Webhook Playground', version: options.creatorVersion },
			entries
		}
	};
}
