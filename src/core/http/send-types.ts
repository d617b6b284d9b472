import type { FieldValue, HttpMethod, HttpResponse, RenderedRequest } from '../types';

/**
 * What a transport can do (DESIGN.md §6, api-client-anchors §4.3). The UI checks a request against
 * these before it sends, and says in plain words what will not work.
 */
export interface TransportCapabilities {
	/** The page gets to read status, headers and body (false for an opaque no-cors request). */
	readResponse: boolean;
	/** Custom request headers go out as written. */
	customHeaders: boolean;
	/** It can reach localhost and private addresses. */
	localhost: boolean;
	/** It works with the network offline. */
	offline: boolean;
}

export type TransportId = 'direct' | 'helper' | 'mock';

/** Why a send produced no upstream response. */
export type SendErrorKind =
	| 'timeout' // no answer within the profile's timeout (Marketo: 30 s)
	| 'cors' // the browser refused to show the answer (or the preflight failed)
	| 'network' // offline, DNS, refused connection, reset
	| 'helper' // the CORS helper refused or failed; `helperType` says why
	| 'too-large' // the body is over the transport's cap
	| 'aborted' // the user cancelled
	| 'invalid'; // the request cannot be sent as rendered (bad URL, forbidden header)

export interface SendError {
	kind: SendErrorKind;
	/** Plain words for a person: what happened, and what to do about it. */
	message: string;
	/** The CORS helper's typed error (`origin`, `unauthorized`, `timeout`, `dns`, …). */
	helperType?: string;
}

export interface SendTiming {
	/** Wall time in the page, from send to the last byte read. */
	totalMs: number;
	/** Time to the response headers, when the transport knows it. */
	ttfbMs?: number;
}

/** A finished send: either an upstream response or an error, never both. */
export interface SendOutcome {
	transport: TransportId;
	request: RenderedRequest;
	/** ISO time the send started. */
	startedAt: string;
	timing: SendTiming;
	response: (HttpResponse & { bodyBytes: number }) | null;
	error: SendError | null;
}

/** One "Change Data Value" the write-back made. */
export interface FieldChange {
	/** The lead field's apiName. */
	field: string;
	/** Its display name, for people. */
	name: string;
	before: FieldValue;
	after: FieldValue;
}

/**
 * One "Call Webhook" activity as Marketo's activity log would record it, with the playground's
 * extras (transport, timing, the request as sent). `changes` are the Change Data Value activities
 * that followed from its response mappings, if they were written back.
 */
export interface CallActivity {
	id: string;
	/** ISO time. */
	at: string;
	webhookId: string;
	webhookName: string;
	leadId: string;
	leadLabel: string;
	transport: TransportId;
	request: RenderedRequest;
	/** Upstream status, or null when no response came (timeout, CORS, network, batch campaign). */
	status: number | null;
	/** Marketo's "Error Type": the reason phrase, or the error kind when there was no response. */
	errorType: string;
	/** Marketo's "Response": the body (stored up to a cap; see `responseTruncated`). */
	response: string;
	responseTruncated: boolean;
	responseHeaders: [string, string][];
	durationMs: number;
	outcome: 'success' | 'http-error' | 'failed';
	/** Error text for failed sends (timeout, CORS, …). */
	error?: string;
	/** Set when the call belongs to a campaign run. */
	runId?: string;
	changes: FieldChange[];
}

export type { HttpMethod };
