/**
 * The built-in mock endpoint's pure logic (DESIGN.md §6): what it answers (status, reason, headers,
 * a body template filled from the request it received, a delay) and what it received, laid out the
 * way webhook.site shows a request (api-client-anchors §3.1, §3.4). The transport that waits the
 * delay and records the request lives outside the core.
 */
import { fieldCatalog } from '../field-catalog';
import { parseJson } from '../json-error';
import { parsePath, resolvePath, type PathStep } from '../mapping/path';
import type {
	FieldDef,
	FieldType,
	HttpResponse,
	RenderedRequest,
	WebhookDefinition
} from '../types';

/** How the mock endpoint answers. */
export interface MockConfig {
	/** HTTP status, 100–599. */
	status: number;
	/** Reason phrase; empty means the standard phrase for `status` (see `reasonPhrase`). */
	statusText: string;
	/** Milliseconds the transport waits before answering. */
	delayMs: number;
	/** Sent as the Content-Type header; it also decides how token values are escaped. */
	contentType: string;
	/** Further response headers, sent as written. */
	headers: [string, string][];
	/** A template: `{{request.json.id}}`, `{{uuid}}` … (see `respondAsMock`). */
	body: string;
}

/** A problem with a token of the mock body; offsets are into `MockConfig.body`. */
export interface MockDiagnostic {
	severity: 'error' | 'warning' | 'info';
	code: 'mock-token';
	message: string;
	from: number;
	to: number;
}

/** What the mock endpoint received, in webhook.site's anatomy. */
export interface ReceivedRequest {
	method: string;
	/** The full URL as sent. */
	url: string;
	/** The path as sent (not normalised, still percent-encoded), `/` when the URL has none. */
	path: string;
	/** Query pairs in order, decoded (`+` is a space); repeated names stay repeated. */
	query: [string, string][];
	headers: [string, string][];
	rawBody: string | null;
	/** The first Content-Type header's value, or null when the request has none. */
	contentType: string | null;
	/** Decoded form fields for an `application/x-www-form-urlencoded` body, else null. */
	form: [string, string][] | null;
	/** The parsed body when it is (or claims or looks to be) JSON, else null. */
	json:
		| { ok: true; value: unknown }
		| { ok: false; message: string; line: number; column: number; offset: number }
		| null;
	/** UTF-8 byte length of the body (0 without one). */
	bytes: number;
}

/** The standard reason phrases (IANA HTTP Status Code Registry, RFC 9110 and friends). */
export const REASON_PHRASES: Readonly<Record<number, string>> = {
	100: 'Continue',
	101: 'Switching Protocols',
	102: 'Processing',
	103: 'Early Hints',
	200: 'OK',
	201: 'Created',
	202: 'Accepted',
	203: 'Non-Authoritative Information',
	204: 'No Content',
	205: 'Reset Content',
	206: 'Partial Content',
	207: 'Multi-Status',
	208: 'Already Reported',
	226: 'IM Used',
	300: 'Multiple Choices',
	301: 'Moved Permanently',
	302: 'Found',
	303: 'See Other',
	304: 'Not Modified',
	305: 'Use Proxy',
	307: 'Temporary Redirect',
	308: 'Permanent Redirect',
	400: 'Bad Request',
	401: 'Unauthorized',
	402: 'Payment Required',
	403: 'Forbidden',
	404: 'Not Found',
	405: 'Method Not Allowed',
	406: 'Not Acceptable',
	407: 'Proxy Authentication Required',
	408: 'Request Timeout',
	409: 'Conflict',
	410: 'Gone',
	411: 'Length Required',
	412: 'Precondition Failed',
	413: 'Content Too Large',
	414: 'URI Too Long',
	415: 'Unsupported Media Type',
	416: 'Range Not Satisfiable',
	417: 'Expectation Failed',
	418: "I'm a teapot",
	421: 'Misdirected Request',
	422: 'Unprocessable Content',
	423: 'Locked',
	424: 'Failed Dependency',
	425: 'Too Early',
	426: 'Upgrade Required',
	428: 'Precondition Required',
	429: 'Too Many Requests',
	431: 'Request Header Fields Too Large',
	451: 'Unavailable For Legal Reasons',
	500: 'Internal Server Error',
	501: 'Not Implemented',
	502: 'Bad Gateway',
	503: 'Service Unavailable',
	504: 'Gateway Timeout',
	505: 'HTTP Version Not Supported',
	506: 'Variant Also Negotiates',
	507: 'Insufficient Storage',
	508: 'Loop Detected',
	510: 'Not Extended',
	511: 'Network Authentication Required'
};

/** The standard reason phrase for a status, e.g. 404 → `Not Found`; `''` for an unlisted one. */
export function reasonPhrase(status: number): string {
	return REASON_PHRASES[status] ?? '';
}

const encoder = new TextEncoder();

/** UTF-8 byte length; a lone surrogate counts as U+FFFD (3 bytes), as TextEncoder sends it. */
export function utf8Bytes(text: string): number {
	return encoder.encode(text).length;
}

// ---------------------------------------------------------------------------------------------
// URL and form decoding that never throws

const ESCAPE_RUN = /(?:%[0-9A-Fa-f]{2})+/g;

function utf8Length(lead: number): number {
	if (lead < 0x80) return 1;
	if (lead >= 0xc2 && lead <= 0xdf) return 2;
	if (lead >= 0xe0 && lead <= 0xef) return 3;
	if (lead >= 0xf0 && lead <= 0xf4) return 4;
	return 0;
}

function decodeRun(run: string): string {
	try {
		return decodeURIComponent(run);
	} catch {
		// `decodeURIComponent` rejects the whole run for one bad byte; decode what forms valid UTF-8
		// and keep the rest as written, so `%E2%82%AC%FF` shows `€%FF` instead of nothing.
		let out = '';
		for (let i = 0; i < run.length;) {
			const n = utf8Length(Number.parseInt(run.slice(i + 1, i + 3), 16));
			const chunk = n ? run.slice(i, i + 3 * n) : '';
			let decoded: string | null = null;
			if (chunk.length === 3 * n && n > 0) {
				try {
					decoded = decodeURIComponent(chunk);
				} catch {
					decoded = null;
				}
			}
			if (decoded === null) {
				out += run.slice(i, i + 3);
				i += 3;
			} else {
				out += decoded;
				i += chunk.length;
			}
		}
		return out;
	}
}

/**
 * Decodes one `application/x-www-form-urlencoded` component: `+` is a space, `%XX` a UTF-8 byte.
 * Never throws: a malformed or incomplete escape (`%zz`, `%E2%82`) is kept as written.
 */
export function decodeFormComponent(text: string): string {
	return text.replace(/\+/g, ' ').replace(ESCAPE_RUN, decodeRun);
}

/**
 * Splits an `a=1&b=x+y` text into decoded pairs, in order. Empty pieces (`a=1&&b=2`) are skipped;
 * a piece without `=` is a name with an empty value. Never throws.
 */
export function parseUrlEncoded(text: string): [string, string][] {
	const pairs: [string, string][] = [];
	for (const piece of text.split('&')) {
		if (!piece) continue;
		const eq = piece.indexOf('=');
		const name = eq === -1 ? piece : piece.slice(0, eq);
		const value = eq === -1 ? '' : piece.slice(eq + 1);
		pairs.push([decodeFormComponent(name), decodeFormComponent(value)]);
	}
	return pairs;
}

const ORIGIN = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*/;

/**
 * Splits a URL as written into its path and raw query (no fragment), without normalising it the
 * way `new URL` would (which re-encodes spaces and resolves `..`): the mock shows what was sent.
 * Never throws, also for a URL that `new URL` refuses.
 */
export function splitUrl(url: string): { path: string; query: string } {
	const hash = url.indexOf('#');
	const noHash = hash === -1 ? url : url.slice(0, hash);
	const rest = noHash.replace(ORIGIN, '');
	const q = rest.indexOf('?');
	const path = q === -1 ? rest : rest.slice(0, q);
	return { path: path || '/', query: q === -1 ? '' : rest.slice(q + 1) };
}

// ---------------------------------------------------------------------------------------------
// inspectRequest

function headerValue(headers: readonly [string, string][], name: string): string | null {
	const want = name.toLowerCase();
	for (const [n, v] of headers) if (String(n).toLowerCase() === want) return String(v);
	return null;
}

const LOOKS_LIKE_FORM = /^[^\s=&{}<>"]+=[^\s&]*(?:&[^\s=&]+=[^\s&]*)*&?$/;

/**
 * Lays out what the mock received, as webhook.site shows it: path and decoded query pairs, headers,
 * the raw body and its size, decoded form fields when the Content-Type is
 * `application/x-www-form-urlencoded` (or, with no Content-Type, when the body looks like
 * `k=v&…`), and the parsed JSON when the Content-Type says json (or, without a form Content-Type,
 * the body starts with `{` or `[`), with the line and column of the first error when it does not
 * parse. Never throws, for any input.
 */
export function inspectRequest(request: RenderedRequest): ReceivedRequest {
	const url = String(request.url ?? '');
	const headers: [string, string][] = Array.isArray(request.headers)
		? request.headers.map(([n, v]) => [String(n), String(v)])
		: [];
	const rawBody = request.body == null ? null : String(request.body);
	const contentType = headerValue(headers, 'content-type');
	const ct = contentType?.toLowerCase() ?? null;
	const { path, query } = splitUrl(url);

	let form: ReceivedRequest['form'] = null;
	let json: ReceivedRequest['json'] = null;
	if (rawBody !== null) {
		const isForm =
			ct !== null
				? ct.includes('application/x-www-form-urlencoded')
				: LOOKS_LIKE_FORM.test(rawBody.trim());
		if (isForm) form = parseUrlEncoded(rawBody.trim());
		const trimmed = rawBody.trimStart();
		const isJson =
			ct?.includes('json') || (!isForm && (trimmed.startsWith('{') || trimmed.startsWith('[')));
		if (isJson) {
			const parsed = parseJson(rawBody);
			json = parsed.ok
				? { ok: true, value: parsed.value }
				: {
						ok: false,
						message: parsed.error.reason,
						line: parsed.error.line,
						column: parsed.error.column,
						offset: parsed.error.offset
					};
		}
	}
	return {
		method: String(request.method ?? ''),
		url,
		path,
		query: parseUrlEncoded(query),
		headers,
		rawBody,
		contentType,
		form,
		json,
		bytes: rawBody === null ? 0 : utf8Bytes(rawBody)
	};
}

// ---------------------------------------------------------------------------------------------
// respondAsMock

const TOKEN = /\{\{\s*([^{}]*?)\s*\}\}/g;

const TOKEN_LIST =
	'request.method, request.url, request.path, request.query.NAME, request.header.NAME, request.form.NAME, request.json.PATH, request.body, now, uuid';

type TokenValue =
	{ ok: true; text: string } | { ok: false; severity: 'warning' | 'info'; why: string };

const found = (text: string): TokenValue => ({ ok: true, text });
const missing = (why: string): TokenValue => ({ ok: false, severity: 'info', why });
const unknown = (why: string): TokenValue => ({ ok: false, severity: 'warning', why });

interface TokenEnv {
	/** What was received, laid out on first use: most bodies have no request tokens. */
	received: () => ReceivedRequest;
	now: () => string;
	id: () => string;
}

const MARKETO_SCOPES = /^(lead|company|system|trigger|campaign|program|my|member)\./i;

function first(pairs: [string, string][] | null, name: string): string | undefined {
	return pairs?.find(([n]) => n === name)?.[1];
}

function valueText(value: unknown): string {
	if (typeof value === 'string') return value;
	if (value === undefined) return '';
	return JSON.stringify(value) ?? '';
}

function resolveToken(name: string, env: TokenEnv): TokenValue {
	const lower = name.toLowerCase();
	if (lower === 'now') return found(env.now());
	if (lower === 'uuid') return found(env.id());
	const received = env.received();
	if (lower === 'request.method') return found(received.method);
	if (lower === 'request.url') return found(received.url);
	if (lower === 'request.path') return found(received.path);
	if (lower === 'request.body') {
		return received.rawBody === null ? missing('the request has no body') : found(received.rawBody);
	}
	const part = /^request\.(query|header|form|json)(?:\.(.*))?$/i.exec(name);
	if (part) {
		const kind = part[1]!.toLowerCase();
		const rest = part[2] ?? '';
		if (!rest)
			return unknown(
				`it needs a name after the dot, e.g. {{request.${kind}.${kind === 'json' ? 'data.id' : 'id'}}}`
			);
		switch (kind) {
			case 'query': {
				const v = first(received.query, rest);
				return v === undefined
					? missing(`the request URL has no query parameter "${rest}"`)
					: found(v);
			}
			case 'header': {
				// HTTP joins repeated headers with commas (RFC 9110 §5.3).
				const want = rest.toLowerCase();
				const values = received.headers.filter(([n]) => n.toLowerCase() === want).map(([, v]) => v);
				return values.length
					? found(values.join(', '))
					: missing(`the request has no "${rest}" header`);
			}
			case 'form': {
				if (received.form === null)
					return missing(
						'the request body is not form-encoded (application/x-www-form-urlencoded)'
					);
				const v = first(received.form, rest);
				return v === undefined ? missing(`the form body has no field "${rest}"`) : found(v);
			}
			default: {
				const path = parsePath(rest);
				if (!path.ok) return unknown(`its path is not valid: ${path.reason}`);
				if (received.json === null) return missing('the request body is not JSON');
				if (!received.json.ok)
					return missing(
						`the request body is not valid JSON (${received.json.message} at line ${received.json.line}, column ${received.json.column})`
					);
				const hit = resolvePath(received.json.value, path.steps);
				return hit.ok ? found(valueText(hit.value)) : missing(`in the request body, ${hit.reason}`);
			}
		}
	}
	if (MARKETO_SCOPES.test(name))
		return unknown(
			'it is a Marketo token, and the mock answers after Marketo has sent the request; use the value as it arrived, e.g. {{request.json.email}}'
		);
	return unknown(`the mock knows only ${TOKEN_LIST}`);
}

type BodyKind = 'json' | 'xml' | 'text';

function bodyKindOf(contentType: string): BodyKind {
	const ct = contentType.toLowerCase();
	if (ct.includes('json')) return 'json';
	if (ct.includes('xml')) return 'xml';
	return 'text';
}

const XML_ESCAPES: Record<string, string> = {
	'&': '&amp;',
	'<': '&lt;',
	'>': '&gt;',
	'"': '&quot;',
	"'": '&apos;'
};

/** Escapes text for XML character data and attribute values alike. */
export function xmlEscape(text: string): string {
	return text.replace(/[&<>"']/g, (c) => XML_ESCAPES[c]!);
}

/** Whether a JSON text ends inside a string literal, given whether it started inside one. */
function endsInString(text: string, inString: boolean): boolean {
	for (let i = 0; i < text.length; i++) {
		const c = text[i];
		if (inString) {
			if (c === '\\') i++;
			else if (c === '"') inString = false;
		} else if (c === '"') inString = true;
	}
	return inString;
}

function defaultNewId(): string {
	const c = globalThis.crypto;
	// randomUUID exists only in secure contexts; a static site may be served over plain http.
	if (typeof c?.randomUUID === 'function') return c.randomUUID();
	const b = new Uint8Array(16);
	if (typeof c?.getRandomValues === 'function') c.getRandomValues(b);
	else for (let i = 0; i < 16; i++) b[i] = Math.floor(Math.random() * 256);
	b[6] = (b[6]! & 0x0f) | 0x40;
	b[8] = (b[8]! & 0x3f) | 0x80;
	const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function sanitizeStatus(status: number): number {
	return Number.isInteger(status) && status >= 100 && status <= 599 ? status : 500;
}

/**
 * Answers a request the way the mock endpoint is configured to. Fills the body template's tokens
 * from the request:
 *
 * - `{{request.method}}`, `{{request.url}}`, `{{request.path}}` (as sent, without the query),
 *   `{{request.body}}` (raw);
 * - `{{request.query.NAME}}` and `{{request.form.NAME}}`: the first value, decoded; names are
 *   case-sensitive;
 * - `{{request.header.NAME}}`: name case-insensitive; repeated headers joined with `, `;
 * - `{{request.json.PATH}}`: a Response Attribute path (`data.items[0].id`) into a JSON body; a
 *   string is inserted as its text, any other value as its JSON (`5`, `true`, `{"a":1}`);
 * - `{{now}}`: the ISO time from `options.now`; `{{uuid}}`: an id from `options.newId`. Each is
 *   taken once per response, so every `{{uuid}}` in one body is the same id.
 *
 * Keywords are case-insensitive and spaces inside the braces are ignored (`{{ uuid }}`).
 *
 * Escaping, decided by `config.contentType`:
 * - contains `json`: a token inside a JSON string literal of the template (`"id": "{{uuid}}"`) is
 *   JSON-escaped without quotes added, so the string stays valid whatever the value holds; a token
 *   outside a string (`"n": {{request.json.count}}`) is inserted as is, so a JSON number, boolean,
 *   object or array from `request.json` lands as that JSON value;
 * - contains `xml`: every value is XML-escaped (`& < > " '`), in text and attributes alike;
 * - anything else: values are inserted raw.
 *
 * An unknown token becomes empty with a warning; a known token with no value (a header or query
 * parameter the request lacks, a JSON path that does not resolve) becomes empty with an info.
 * The status falls back to 500 when it is not an integer from 100 to 599, and the delay to 0 when it
 * is negative or not a number. The Content-Type header comes first, from `config.contentType`; a
 * Content-Type in `config.headers` is then left out. Never throws.
 *
 * @param options.now the clock for `{{now}}` @default () => new Date()
 * @param options.newId the id for `{{uuid}}` @default crypto.randomUUID (a v4 UUID)
 */
export function respondAsMock(
	config: MockConfig,
	request: RenderedRequest,
	options: { now?: () => Date; newId?: () => string } = {}
): {
	response: HttpResponse & { bodyBytes: number };
	delayMs: number;
	diagnostics: MockDiagnostic[];
} {
	const diagnostics: MockDiagnostic[] = [];
	let received: ReceivedRequest | undefined;
	const clock = options.now ?? (() => new Date());
	const newId = options.newId ?? defaultNewId;
	let nowText: string | undefined;
	let idText: string | undefined;
	const env: TokenEnv = {
		received: () => (received ??= inspectRequest(request)),
		now: () => {
			if (nowText === undefined) {
				const d = clock();
				nowText = Number.isNaN(d.getTime()) ? '' : d.toISOString();
			}
			return nowText;
		},
		id: () => (idText ??= newId())
	};

	const contentType = String(config.contentType ?? '');
	const kind = bodyKindOf(contentType);
	const template = String(config.body ?? '');
	let body = '';
	let inString = false;
	let last = 0;
	for (const m of template.matchAll(TOKEN)) {
		const literal = template.slice(last, m.index);
		body += literal;
		if (kind === 'json') inString = endsInString(literal, inString);
		last = m.index + m[0].length;
		const name = m[1]!;
		const value = resolveToken(name, env);
		if (!value.ok) {
			diagnostics.push({
				severity: value.severity,
				code: 'mock-token',
				message: `{{${name}}} ${value.severity === 'warning' ? 'is left empty' : 'is empty'}: ${value.why}.`,
				from: m.index,
				to: last
			});
			continue;
		}
		if (kind === 'xml') body += xmlEscape(value.text);
		else if (kind === 'json' && inString) body += JSON.stringify(value.text).slice(1, -1);
		else body += value.text;
	}
	body += template.slice(last);

	const status = sanitizeStatus(config.status);
	const headers: [string, string][] = [];
	if (contentType) headers.push(['Content-Type', contentType]);
	for (const pair of Array.isArray(config.headers) ? config.headers : []) {
		const [name, value] = pair;
		if (contentType && String(name).toLowerCase() === 'content-type') continue;
		headers.push([String(name), String(value)]);
	}
	const delay = Number(config.delayMs);
	return {
		response: {
			status,
			statusText: config.statusText || reasonPhrase(status),
			headers,
			body,
			bodyBytes: utf8Bytes(body)
		},
		delayMs: Number.isFinite(delay) && delay > 0 ? Math.round(delay) : 0,
		diagnostics
	};
}

// ---------------------------------------------------------------------------------------------
// defaultMockConfig

type Tree =
	| { t: 'leaf'; v: string | number | boolean }
	| { t: 'obj'; m: Map<string, Tree> }
	| { t: 'arr'; items: (Tree | undefined)[] };

/** Indexes above this are not built: `orders[100000]` would make a huge sample. */
const MAX_INDEX = 50;

/** Adds a leaf at a path; null when the path conflicts with what is there (then nothing changes). */
function put(
	node: Tree | undefined,
	steps: readonly PathStep[],
	i: number,
	leaf: Tree
): Tree | null {
	if (i === steps.length) return node === undefined ? leaf : node.t === 'leaf' ? node : null;
	const step = steps[i]!;
	if ('key' in step) {
		if (node !== undefined && node.t !== 'obj') return null;
		const child = put(node?.m.get(step.key), steps, i + 1, leaf);
		if (child === null) return null;
		const obj = node ?? { t: 'obj', m: new Map<string, Tree>() };
		obj.m.set(step.key, child);
		return obj;
	}
	if (step.index > MAX_INDEX || (node !== undefined && node.t !== 'arr')) return null;
	const child = put(node?.items[step.index], steps, i + 1, leaf);
	if (child === null) return null;
	const arr = node ?? { t: 'arr', items: [] };
	arr.items[step.index] = child;
	return arr;
}

/** The items of an array, holes filled with the first item, so every index has the same shape. */
function filled(items: (Tree | undefined)[]): Tree[] {
	const model = items.find((x) => x !== undefined)!;
	return Array.from(items, (x) => x ?? model);
}

function toJsonValue(node: Tree): unknown {
	if (node.t === 'leaf') return node.v;
	if (node.t === 'arr') return filled(node.items).map(toJsonValue);
	return Object.fromEntries([...node.m].map(([k, v]) => [k, toJsonValue(v)]));
}

function toXml(name: string, node: Tree, indent: string): string {
	if (node.t === 'arr')
		return filled(node.items)
			.map((item) => toXml(name, item, indent))
			.join('\n');
	if (node.t === 'leaf') return `${indent}<${name}>${xmlEscape(String(node.v))}</${name}>`;
	if (node.m.size === 0) return `${indent}<${name}/>`;
	const inner = [...node.m].map(([k, v]) => toXml(k, v, indent + '\t')).join('\n');
	return `${indent}<${name}>\n${inner}\n${indent}</${name}>`;
}

const XML_NAME = /^[A-Za-z_][A-Za-z0-9_-]*(?::[A-Za-z_][A-Za-z0-9_-]*)?$/;

/**
 * Whether a JSON-style path can be written as XML that the XML mapping reads back: keys must be XML
 * names, there is one root element (so only `[0]` right after it), and an element cannot repeat
 * inside itself (`a[0][1]`).
 */
function xmlShaped(steps: readonly PathStep[], rootName: string | undefined): boolean {
	const root = steps[0];
	if (!root || !('key' in root)) return false;
	if (rootName !== undefined && root.key !== rootName) return false;
	const second = steps[1];
	if (second && 'index' in second && second.index !== 0) return false;
	return steps.every((s, i) =>
		'key' in s ? XML_NAME.test(s.key) : i > 0 && 'key' in steps[i - 1]!
	);
}

const SAMPLE_TEXT: Record<string, string> = {
	firstname: 'Jane',
	middlename: 'Q.',
	lastname: 'Doe',
	fullname: 'Jane Doe',
	salutation: 'Ms.',
	company: 'Acme Corp',
	inferredcompany: 'Acme Corp',
	title: 'Marketing Manager',
	department: 'Marketing',
	industry: 'Software',
	address: '1 Market St',
	city: 'San Francisco',
	inferredcity: 'San Francisco',
	state: 'CA',
	country: 'United States',
	inferredcountry: 'United States',
	postalcode: '94105',
	leadstatus: 'MQL',
	leadsource: 'Webhook',
	sfdctype: 'Lead'
};

/** A value that a field of this type accepts under strict coercion, plausible for its name. */
function sample(def: FieldDef | undefined, leafKey: string): string | number | boolean {
	const type: FieldType = def?.type ?? 'string';
	switch (type) {
		case 'email':
			return 'jane.doe@example.com';
		case 'phone':
			return '+1 415 555 0100';
		case 'url':
			return 'https://www.example.com';
		case 'integer':
			return 42;
		case 'score':
			return 87;
		case 'float':
			return 3.5;
		case 'currency':
			return 1250.5;
		case 'percent':
			return 12.5;
		case 'boolean':
			return true;
		case 'date':
			return '2024-05-07';
		case 'datetime':
			return '2024-05-07T09:30:00Z';
		default:
			return SAMPLE_TEXT[def?.apiName.toLowerCase() ?? ''] ?? `Sample ${def?.name ?? leafKey}`;
	}
}

const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';

/**
 * A mock configuration that makes a webhook's Response Mappings work out of the box: 200 OK, no
 * delay, and a body in the webhook's Response Type with a sample value at every mapping's
 * Response Attribute, typed for its lead field so that strict coercion writes it.
 *
 * - JSON: nested objects and arrays follow the path (`orders[1].date` → an `orders` array of two
 *   objects, holes filled with the same shape);
 * - XML: the first step is the root element, repeated elements stand for indexes
 *   (`list.item[1].id`), as Marketo's XML paths resolve;
 * - Response Type None: `{"ok": true}` as JSON (also when JSON or XML has no mappings to fill).
 *
 * A mapping whose path does not parse, clashes with an earlier one (`a` and `a.b`), cannot be XML
 * (a second root element, a key with a space) or indexes past 50 is left out. Never throws.
 *
 * @param options.fields custom person fields, to type their samples; added to `defaultLeadFields`.
 */
export function defaultMockConfig(
	webhook: WebhookDefinition,
	options: { fields?: FieldDef[] } = {}
): MockConfig {
	const base = { status: 200, statusText: 'OK', delayMs: 0, headers: [] };
	const ok: MockConfig = {
		...base,
		contentType: 'application/json',
		body: JSON.stringify({ ok: true }, null, 2)
	};
	const type = webhook.responseType;
	if (type === 'none') return ok;
	const catalog = fieldCatalog(options.fields);
	let tree: Tree | undefined;
	let rootName: string | undefined;
	for (const mapping of webhook.responseMappings) {
		const path = parsePath(mapping.attribute);
		if (!path.ok) continue;
		if (type === 'xml' && !xmlShaped(path.steps, rootName)) continue;
		const lastKey = path.steps.findLast((s) => 'key' in s);
		const leafKey = lastKey && 'key' in lastKey ? lastKey.key : 'value';
		const def = catalog.byApiName.get(mapping.field.toLowerCase());
		const next = put(tree, path.steps, 0, { t: 'leaf', v: sample(def, leafKey) });
		if (next === null) continue;
		tree = next;
		if (type === 'xml') rootName ??= (path.steps[0] as { key: string }).key;
	}
	if (tree === undefined) return ok;
	if (type === 'json')
		return {
			...base,
			contentType: 'application/json',
			body: JSON.stringify(toJsonValue(tree), null, 2)
		};
	// xmlShaped let only paths from one root element in, so the tree is an object with one key.
	const [name, root] = [...(tree as Extract<Tree, { t: 'obj' }>).m][0]!;
	return {
		...base,
		contentType: 'application/xml',
		body: `${XML_DECLARATION}\n${toXml(name, root, '')}\n`
	};
}
