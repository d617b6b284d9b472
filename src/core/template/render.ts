import { fieldCatalog } from '../field-catalog';
import { findJsonError, lineColumn, type JsonSyntaxError } from '../json-error';
import type {
	Diagnostic,
	DiagnosticWhere,
	FieldDef,
	FlowContext,
	RenderResult,
	TokenEncoding,
	WebhookDefinition
} from '../types';
import { encodeTokenValue } from './encodings';
import { sourceOffset, unescapeTemplate, type InvalidEscape } from './escapes';
import { Env, stringify } from './scopes';
import { isValidTimeZone } from './system-tokens';
import { formatToken, scanTokens, type TokenRef } from './tokens';

/** What a text compiles to; cached, since the same template renders for every lead. */
interface Compiled {
	parts: (string | TokenRef)[];
	unclosedAt: number | null;
	/** Template only: escape positions, for mapping offsets back to the source. */
	shifts: number[];
	invalid: InvalidEscape[];
	tokenCount: number;
	/** Whether the JSON skeleton is valid, per token-kind signature (see `jsonBodyValid`). */
	skeletons: Map<string, boolean>;
}

const CACHE_LIMIT = 512;
const textCache = new Map<string, Compiled>();
const templateCache = new Map<string, Compiled>();

function remember(cache: Map<string, Compiled>, key: string, value: Compiled): Compiled {
	// A crude bound: typing in an editor makes a new key per keystroke.
	if (cache.size >= CACHE_LIMIT) cache.clear();
	cache.set(key, value);
	return value;
}

function compile(text: string, shifts: number[], invalid: InvalidEscape[]): Compiled {
	const { parts, unclosedAt } = scanTokens(text);
	let tokenCount = 0;
	for (const p of parts) if (typeof p !== 'string' && !p.unsupported) tokenCount++;
	return { parts, unclosedAt, shifts, invalid, tokenCount, skeletons: new Map() };
}

function compileText(text: string): Compiled {
	return textCache.get(text) ?? remember(textCache, text, compile(text, [], []));
}

function compileTemplate(source: string): Compiled {
	const hit = templateCache.get(source);
	if (hit) return hit;
	const { text, shifts, invalid } = unescapeTemplate(source);
	return remember(templateCache, source, compile(text, shifts, invalid));
}

/** What kind of payload a body is, from its Content-Type or, lacking one, its look. */
type BodyKind = 'json' | 'form' | 'xml' | 'text';

function bodyKindOf(contentType: string | null, template: string): BodyKind {
	if (contentType !== null) {
		const ct = contentType.toLowerCase();
		if (/[/+]json\b/.test(ct)) return 'json';
		if (ct.includes('x-www-form-urlencoded')) return 'form';
		if (/[/+]xml\b/.test(ct)) return 'xml';
		return 'text';
	}
	const t = template.trimStart();
	if (t.startsWith('{') || t.startsWith('[')) return 'json';
	if (t.startsWith('<')) return 'xml';
	if (/^[^\s=&{}<>]+=[^\n]*$/.test(t.trimEnd())) return 'form';
	return 'text';
}

interface RenderTextOptions {
	where: DiagnosticWhere;
	encoding: TokenEncoding;
	/** How raw values are checked under None: by the payload they land in. */
	kind: BodyKind;
	index?: number;
	/** Rendered pieces, one per part, for mapping output offsets back to the source. */
	pieces?: string[];
	/**
	 * Filled per token when given: 's' a JSON string literal, 'n' a self-contained JSON number,
	 * 'r' anything else (see `jsonBodyValid`).
	 */
	kinds?: string[];
}

const FORM_BREAKERS: [RegExp, string][] = [
	[/&/, 'an & starts a new field, cutting the value short'],
	[/=/, 'an = confuses the name=value split'],
	[/\+/, 'a + arrives as a space'],
	[/%/, 'a % starts an escape and may be decoded into another character'],
	[/ /, 'a raw space is not valid in a form or URL value'],
	[/#/, 'a # ends the URL (everything after it is never sent)']
];

function rawValueProblem(value: string, kind: BodyKind, where: DiagnosticWhere): string | null {
	if (kind === 'form' || where === 'url') {
		const hits = FORM_BREAKERS.filter(([re]) => re.test(value)).map(([, why]) => why);
		return hits.length ? hits.join('; ') : null;
	}
	if (kind === 'json') {
		// eslint-disable-next-line no-control-regex
		if (/["\\\u0000-\u001f]/.test(value))
			return 'a quote, backslash or line break in the value breaks the JSON string it sits in';
	}
	if (kind === 'xml' && /[<&]/.test(value)) return 'a < or & in the value breaks the XML';
	return null;
}

function renderText(
	compiled: Compiled,
	env: Env,
	diags: Diagnostic[],
	opts: RenderTextOptions
): string {
	const { parts, shifts } = compiled;
	const { where, encoding, index } = opts;
	let out = '';
	for (let i = 0; i < parts.length; i++) {
		const part = parts[i]!;
		if (typeof part === 'string') {
			out += part;
			opts.pieces?.push(part);
			continue;
		}
		const at = () => ({
			where,
			from: sourceOffset(shifts, part.from),
			to: sourceOffset(shifts, part.to),
			...(index === undefined ? {} : { index })
		});
		if (part.unsupported) {
			diags.push({
				severity: 'warning',
				code: 'unknown-token',
				message: `${part.raw} is not a Marketo token (Marketo tokens look like {{lead.First Name}}); it is sent as literal text.`,
				...at()
			});
			out += part.raw;
			opts.pieces?.push(part.raw);
			continue;
		}
		const found = env.lookup(part);
		if (found.problem) diags.push({ ...found.problem, ...at() });
		let value = stringify(found.value);
		if (value === '' && part.defaultValue !== null) value = part.defaultValue;
		const { numeric } = found;
		if (encoding === 'json') {
			if (numeric && value === '')
				diags.push({
					severity: 'warning',
					code: 'empty-numeric-token',
					message: `${part.raw} is a number field with no value: under JSON encoding it renders nothing, which leaves a hole in the JSON. Give it a default, e.g. ${formatToken(part.scopeText, part.name, '0')}.`,
					...at()
				});
			if (!numeric && where !== 'header') {
				const before = parts[i - 1];
				const after = parts[i + 1];
				if (
					typeof before === 'string' &&
					before.endsWith('"') &&
					typeof after === 'string' &&
					after.startsWith('"')
				)
					diags.push({
						severity: 'warning',
						code: 'quoted-json-token',
						message: `${part.raw} is wrapped in quotes, but JSON encoding already adds them: it goes out as "${encodeTokenValue(value, 'json', false)}". Remove the quotes around the token.`,
						...at()
					});
			}
		} else if (encoding === 'none' && value !== '') {
			const why = rawValueProblem(value, opts.kind, where);
			if (why)
				diags.push({
					severity: 'warning',
					code:
						opts.kind === 'json'
							? 'raw-json-value'
							: opts.kind === 'xml'
								? 'raw-xml-value'
								: 'raw-form-value',
					message: `${part.raw} is sent raw (Request Token Encoding: None) and its value ${JSON.stringify(value)} will break: ${why}. Choose ${opts.kind === 'json' ? 'JSON' : 'Form/Url'} encoding.`,
					...at()
				});
		}
		const encoded = where === 'header' ? value : encodeTokenValue(value, encoding, numeric);
		out += encoded;
		opts.pieces?.push(encoded);
		if (opts.kinds) {
			if (encoding !== 'json') opts.kinds.push('r');
			else if (!numeric) opts.kinds.push('s');
			else opts.kinds.push(JSON_NUMBER.test(encoded) && !touchesNumber(parts, i) ? 'n' : 'r');
		}
	}
	return out;
}

function unclosedDiagnostic(
	compiled: Compiled,
	where: DiagnosticWhere,
	index?: number
): Diagnostic[] {
	if (compiled.unclosedAt === null) return [];
	const from = sourceOffset(compiled.shifts, compiled.unclosedAt);
	return [
		{
			severity: 'warning',
			code: 'unclosed-token',
			message: `A token opened with {{ at ${describeOffset(where, from)} is never closed with }}; everything from there on is sent as literal text (Marketo's handling of this is undocumented).`,
			where,
			from,
			to: from + 2,
			...(index === undefined ? {} : { index })
		}
	];
}

function describeOffset(where: DiagnosticWhere, offset: number): string {
	return where === 'template'
		? `character ${offset + 1} of the Template`
		: `character ${offset + 1}`;
}

// RFC 9110 token characters: what a header name may contain.
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Renders the request Marketo would send for one lead: URL, headers and body, with every rule of
 * DESIGN.md §4 applied, and diagnostics (with source offsets) for everything a person should know.
 * Never throws. `request` is null only when Marketo would send nothing: a batch campaign (error
 * 1000) or a Template Marketo refuses to save (an invalid backslash escape).
 *
 * @param options.fields custom person fields (display name, API name, type), added to
 *   `defaultLeadFields`; a field with the same display name replaces the standard one.
 */
export function renderRequest(
	webhook: WebhookDefinition,
	context: FlowContext,
	options: { fields?: FieldDef[] } = {}
): RenderResult {
	const diags: Diagnostic[] = [];
	let timeZone = context.timeZone ?? 'UTC';
	if (!isValidTimeZone(timeZone)) {
		diags.push({
			severity: 'warning',
			code: 'invalid-time-zone',
			message: `"${timeZone}" is not a time zone this browser knows (use an IANA name such as America/Los_Angeles); system tokens use UTC instead.`,
			where: 'campaign'
		});
		timeZone = 'UTC';
	}
	const env = new Env(context, fieldCatalog(options.fields), timeZone);
	const encoding = webhook.tokenEncoding;

	// Headers first: the Content-Type decides what kind of payload the body is.
	const headers: [string, string][] = [];
	webhook.headers.forEach((h, index) => {
		const nameC = compileText(h.name);
		const valueC = compileText(h.value);
		diags.push(
			...unclosedDiagnostic(nameC, 'header', index),
			...unclosedDiagnostic(valueC, 'header', index)
		);
		const textOpts = { where: 'header', encoding: 'none', kind: 'text', index } as const;
		const name = renderText(nameC, env, diags, textOpts).trim();
		const value = renderText(valueC, env, diags, textOpts);
		if (!name) {
			if (value.trim())
				diags.push({
					severity: 'warning',
					code: 'invalid-header',
					message: `Custom header ${index + 1} has a value but no name; it is not sent.`,
					where: 'header',
					index
				});
			return;
		}
		if (!HEADER_NAME.test(name))
			diags.push({
				severity: 'warning',
				code: 'invalid-header',
				message: `Header name "${name}" has characters HTTP does not allow in a header name (spaces, colons, quotes …); the request would fail.`,
				where: 'header',
				index
			});
		if (/[\r\n\0]/.test(value))
			diags.push({
				severity: 'warning',
				code: 'invalid-header',
				message: `Header "${name}" has a line break in its value (header tokens are inserted raw); HTTP does not allow that and the request would fail.`,
				where: 'header',
				index
			});
		headers.push([name, value]);
	});
	const contentType = headers.find(([n]) => n.toLowerCase() === 'content-type')?.[1] ?? null;

	// URL: literal characters as written; tokens take the selected encoding (an inference from
	// Adobe's IFTTT example, reference §5).
	const urlC = compileText(webhook.url);
	diags.push(...unclosedDiagnostic(urlC, 'url'));
	const url = renderText(urlC, env, diags, { where: 'url', encoding, kind: 'form' });
	if (urlC.tokenCount > 0 && encoding !== 'form') {
		const first = urlC.parts.find((p): p is TokenRef => typeof p !== 'string' && !p.unsupported);
		diags.push({
			severity: 'warning',
			code: 'url-token-encoding',
			message:
				encoding === 'json'
					? 'The URL has tokens and the Request Token Encoding is JSON: each URL token goes out wrapped in double quotes. Use Form/Url for tokens in the URL.'
					: 'The URL has tokens and the Request Token Encoding is None: values with &, +, spaces or # go out raw and change the URL. Use Form/Url for tokens in the URL.',
			where: 'url',
			...(first ? { from: first.from, to: first.to } : {})
		});
	}
	if (!webhook.url.trim())
		diags.push({
			severity: 'warning',
			code: 'invalid-url',
			message: 'The URL is empty.',
			where: 'url'
		});
	else if (!/^https?:\/\/[^/?#\s]+/i.test(url))
		diags.push({
			severity: 'warning',
			code: 'invalid-url',
			message: `The URL must start with http:// or https:// and a host name; it renders as "${url}".`,
			where: 'url'
		});

	// Template: the backslash pre-parse, then tokens.
	const tplC = compileTemplate(webhook.template);
	for (const bad of tplC.invalid)
		diags.push({
			severity: 'error',
			code: 'invalid-escape',
			message: `The Template has the escape ${bad.sequence} at ${describeOffset('template', bad.from)}. Marketo accepts only \\b \\t \\n \\f \\r \\\\ \\" \\' and refuses to save the webhook. Write \\${bad.sequence} to send it as written.`,
			where: 'template',
			from: bad.from,
			to: bad.to
		});
	diags.push(...unclosedDiagnostic(tplC, 'template'));

	let body: string | null = null;
	if (!BODY_METHODS.has(webhook.method)) {
		if (webhook.template.trim())
			diags.push({
				severity: 'warning',
				code: 'body-ignored',
				message: `A ${webhook.method} request carries no body: Marketo allows a Template only for POST, PUT, PATCH and DELETE, so the Template is not sent.`,
				where: 'template',
				from: 0,
				to: webhook.template.length
			});
	} else {
		const kind = bodyKindOf(
			contentType,
			tplC.parts.map((p) => (typeof p === 'string' ? p : p.raw)).join('')
		);
		const pieces: string[] = [];
		const kinds: string[] = [];
		body = renderText(tplC, env, diags, { where: 'template', encoding, kind, pieces, kinds });
		checkEncodingFit(tplC, kind, encoding, contentType, diags);
		if (kind === 'json' && contentType !== null && webhook.template.trim()) {
			const error = jsonBodyError(body, tplC, kinds);
			if (error) reportJsonBody(error, body, tplC, pieces, diags);
		}
		if (contentType === null && body.trim())
			diags.push({
				severity: 'info',
				code: 'no-content-type',
				message: `No Content-Type header is set. Marketo's default is undocumented and it is known not to set application/json for JSON bodies: add a custom header Content-Type: ${kind === 'json' ? 'application/json' : kind === 'form' ? 'application/x-www-form-urlencoded' : kind === 'xml' ? 'text/xml' : 'text/plain'}.`,
				where: 'header'
			});
	}

	if (context.campaignType === 'batch')
		diags.unshift({
			severity: 'error',
			code: 'batch-campaign',
			message:
				'Error 1000: the Call Webhook flow step is in a batch campaign. Marketo calls webhooks only from trigger campaigns, so no request is made.',
			where: 'campaign'
		});

	const refused = diags.some((d) => d.code === 'batch-campaign' || d.code === 'invalid-escape');
	return {
		request: refused ? null : { method: webhook.method, url, headers, body },
		diagnostics: diags
	};
}

function checkEncodingFit(
	tpl: Compiled,
	kind: BodyKind,
	encoding: TokenEncoding,
	contentType: string | null,
	diags: Diagnostic[]
): void {
	if (tpl.tokenCount === 0) return;
	const first = tpl.parts.find((p): p is TokenRef => typeof p !== 'string' && !p.unsupported)!;
	const at = {
		where: 'template' as const,
		from: sourceOffset(tpl.shifts, first.from),
		to: sourceOffset(tpl.shifts, first.to)
	};
	const said =
		contentType !== null
			? `the Content-Type is ${contentType}`
			: `the Template looks like ${kind === 'xml' ? 'XML' : kind === 'json' ? 'JSON' : 'a form body'}`;
	let message: string | null = null;
	if (kind === 'json' && encoding === 'form')
		message = `Request Token Encoding is Form/Url but ${said}: token values arrive URL-encoded inside the JSON (Jane Doe becomes Jane+Doe). Use JSON encoding.`;
	else if (kind === 'form' && encoding === 'json')
		message = `Request Token Encoding is JSON but ${said}: string values arrive wrapped in double quotes and unescaped for a form. Use Form/Url encoding.`;
	else if (kind === 'xml' && encoding !== 'none')
		message = `Request Token Encoding is ${encoding === 'json' ? 'JSON' : 'Form/Url'} but ${said}: Marketo has no XML encoding, so values arrive ${encoding === 'json' ? 'in double quotes' : 'URL-encoded'}. Most XML webhooks use None and keep &, < and > out of the values.`;
	if (message) diags.push({ severity: 'warning', code: 'encoding-mismatch', message, ...at });
}

function reportJsonBody(
	error: JsonSyntaxError,
	body: string,
	tpl: Compiled,
	pieces: string[],
	diags: Diagnostic[]
): void {
	const { offset, reason } = error;
	const { line, column } = lineColumn(body, offset);
	// Find the template part that produced the failing character, to underline it.
	let from: number | undefined;
	let to: number | undefined;
	let culprit = '';
	let pos = 0; // offset in the body
	let textPos = 0; // offset in the unescaped template
	for (let i = 0; i < tpl.parts.length; i++) {
		const piece = pieces[i] ?? '';
		const part = tpl.parts[i]!;
		const partLength = typeof part === 'string' ? part.length : part.to - part.from;
		if (offset < pos + piece.length || i === tpl.parts.length - 1) {
			if (typeof part === 'string') {
				from = sourceOffset(tpl.shifts, textPos + Math.min(offset - pos, part.length));
				to = from + 1;
			} else {
				from = sourceOffset(tpl.shifts, part.from);
				to = sourceOffset(tpl.shifts, part.to);
				culprit = ` The problem is in the value of ${part.raw}, rendered as ${piece}`;
			}
			break;
		}
		pos += piece.length;
		textPos += partLength;
	}
	diags.push({
		severity: 'warning',
		code: 'invalid-json-body',
		message: `The Content-Type says JSON but the rendered body is not valid JSON: ${reason} (line ${line}, column ${column} of the body).${culprit}`,
		where: 'template',
		...(from === undefined ? {} : { from, to })
	});
}

const JSON_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
const NUMBER_CHAR = /[0-9.eE+-]/;

/** True when literal text right next to token `i` could merge with a number into another token. */
function touchesNumber(parts: (string | TokenRef)[], i: number): boolean {
	const before = parts[i - 1];
	const after = parts[i + 1];
	return (
		(typeof before === 'string' && NUMBER_CHAR.test(before.at(-1) ?? '')) ||
		(typeof after === 'string' && NUMBER_CHAR.test(after[0] ?? ''))
	);
}

/**
 * Where the rendered body stops being valid JSON (null when it is valid), without parsing it when that can be proven once per
 * template: a JSON string literal can stand in for any other, and a self-contained number for any
 * other, so when every token rendered as one of those, the body is valid exactly when the
 * skeleton (strings as `""`, numbers as `0`) is. That keeps the per-lead cost off the hot path of
 * a 100,000-lead run.
 */
function jsonBodyError(body: string, tpl: Compiled, kinds: string[]): JsonSyntaxError | null {
	if (kinds.includes('r')) return locateJsonError(body);
	const signature = kinds.join('');
	let valid = tpl.skeletons.get(signature);
	if (valid === undefined) {
		let k = 0;
		const skeleton = tpl.parts
			.map((p) =>
				typeof p === 'string' ? p : p.unsupported ? p.raw : kinds[k++] === 's' ? '""' : '0'
			)
			.join('');
		valid = locateJsonError(skeleton) === null;
		tpl.skeletons.set(signature, valid);
	}
	return valid ? null : locateJsonError(body);
}

function locateJsonError(text: string): JsonSyntaxError | null {
	try {
		return findJsonError(text);
	} catch {
		// Only a nesting deep enough to exhaust the stack gets here.
		return { offset: 0, line: 1, column: 1, reason: 'the JSON is nested too deeply to read' };
	}
}
