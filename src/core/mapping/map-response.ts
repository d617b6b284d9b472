import { fieldCatalog } from '../field-catalog';
import { parseJson } from '../json-error';
import type {
	Diagnostic,
	FieldDef,
	HttpResponse,
	MappingResult,
	WebhookDefinition
} from '../types';
import { coerceValue, type Coercion } from './coerce';
import { parsePath, resolvePath } from './path';
import { parseXml } from './xml';

/** True for the 2xx statuses, the only ones Marketo maps (DEV-WH, DEV-ERR). */
export function isSuccess(status: number): boolean {
	return status >= 200 && status <= 299;
}

/**
 * Applies a webhook's Response Mappings to a response, the way Marketo does (DEV-RM):
 * only on a 2xx; an empty body is error 1001; JSON paths with dots and integer indexes; XML paths
 * from the root element; values typed for the target field (strict by default).
 * Never throws: malformed JSON or XML, bad paths and refused values come back as diagnostics.
 *
 * @param options.fields custom person fields, added to `defaultLeadFields`.
 * @param options.coercion @default 'strict'; 'lenient' takes leading digits from text, as
 *   Marketo has been observed to do (TK-NUM).
 */
export function applyResponseMappings(
	webhook: WebhookDefinition,
	response: HttpResponse,
	options: { fields?: FieldDef[]; coercion?: Coercion } = {}
): MappingResult {
	const diagnostics: Diagnostic[] = [];
	const updates: MappingResult['updates'] = [];
	const mappings = webhook.responseMappings;
	const reason = response.statusText ? ` ${response.statusText}` : '';

	if (!isSuccess(response.status)) {
		diagnostics.push({
			severity: 'warning',
			code: 'non-2xx',
			message: `HTTP ${response.status}${reason}: Marketo maps a response only when the status is 2xx, so ${mappings.length ? 'no field is updated' : 'nothing would be mapped'}. The Call Webhook activity records Error Type "${response.statusText || response.status}".`,
			where: 'response'
		});
		return { updates, diagnostics };
	}
	const expectsBody = webhook.responseType !== 'none' || mappings.length > 0;
	if (!response.body.trim()) {
		if (expectsBody)
			diagnostics.push({
				severity: 'error',
				code: 'empty-response',
				message: `Error 1001: the service answered ${response.status}${reason} with an empty body, so there is nothing to map.`,
				where: 'response'
			});
		return { updates, diagnostics };
	}
	if (webhook.responseType === 'none') {
		if (mappings.length)
			diagnostics.push({
				severity: 'warning',
				code: 'response-type-none',
				message:
					'Response Type is None, so the Response Mappings are not applied. Choose JSON or XML.',
				where: 'mapping'
			});
		return { updates, diagnostics };
	}
	if (mappings.length === 0) return { updates, diagnostics };

	const source = webhook.responseType;
	let doc: unknown;
	if (source === 'json') {
		const parsed = parseJson(response.body);
		if (!parsed.ok) {
			const { line, column, offset, reason: why } = parsed.error;
			diagnostics.push({
				severity: 'error',
				code: 'malformed-response',
				message: `The response is not valid JSON (Response Type is JSON): ${why} at line ${line}, column ${column}. No field is updated.`,
				where: 'response',
				from: offset,
				to: offset + 1
			});
			return { updates, diagnostics };
		}
		doc = parsed.value;
	} else {
		const parsed = parseXml(response.body);
		if (!parsed.ok) {
			diagnostics.push({
				severity: 'error',
				code: 'malformed-response',
				message: `The response is not valid XML (Response Type is XML): ${parsed.reason} (line ${parsed.line}, column ${parsed.column}). No field is updated.`,
				where: 'response',
				from: parsed.offset,
				to: parsed.offset + 1
			});
			return { updates, diagnostics };
		}
		doc = parsed.value;
	}

	const catalog = fieldCatalog(options.fields);
	const mode = options.coercion ?? 'strict';
	mappings.forEach((m, index) => {
		const label = `Response Mapping ${index + 1} (${m.attribute || 'empty'} → ${m.field || 'no field'})`;
		const path = parsePath(m.attribute);
		if (!path.ok) {
			diagnostics.push({
				severity: 'error',
				code: 'mapping-path',
				message: `${label}: ${path.reason}.`,
				where: 'mapping',
				from: path.from,
				to: path.to,
				index
			});
			return;
		}
		const def = catalog.byApiName.get(m.field.toLowerCase());
		if (!def) {
			diagnostics.push({
				severity: 'warning',
				code: 'unknown-field',
				message: `${label}: there is no lead field with the API name "${m.field}". Marketo Field takes the field's API name, e.g. firstName.`,
				where: 'mapping',
				index
			});
			return;
		}
		const found = resolvePath(doc, path.steps, { singleAsArray: source === 'xml' });
		if (!found.ok) {
			diagnostics.push({
				severity: 'warning',
				code: 'mapping-path',
				message: `${label}: ${found.reason}, so ${def.name} is not updated.`,
				where: 'mapping',
				from: 0,
				to: m.attribute.length,
				index
			});
			return;
		}
		const value = coerceValue(found.value, def, source, mode);
		if (!value.ok) {
			diagnostics.push({
				severity: 'warning',
				code: 'type-mismatch',
				message: `${label}: not written to ${def.name} (${def.type}): ${value.reason}.`,
				where: 'mapping',
				index
			});
			return;
		}
		if (value.note)
			diagnostics.push({
				severity: 'info',
				code: 'lenient-coercion',
				message: `${label}: written to ${def.name} as ${JSON.stringify(value.value)} (${value.note}; lenient coercion, as observed in Marketo).`,
				where: 'mapping',
				index
			});
		updates.push({ field: def.apiName, value: value.value });
	});
	return { updates, diagnostics };
}
