import type {
	FieldDef,
	FlowContext,
	RenderResult,
	TokenEncoding,
	WebhookDefinition
} from '../types';
import { renderRequest } from './render';

/** Diagnostics that mean "this encoding breaks the payload" rather than general advice. */
const BREAKING = new Set([
	'invalid-json-body',
	'quoted-json-token',
	'raw-form-value',
	'raw-json-value',
	'raw-xml-value',
	'encoding-mismatch',
	'url-token-encoding',
	'empty-numeric-token'
]);

export interface EncodingVariant {
	encoding: TokenEncoding;
	result: RenderResult;
	/** Plain-word reasons this encoding breaks the request for this lead; empty when it is fine. */
	breaks: string[];
}

export const ENCODINGS: readonly TokenEncoding[] = ['none', 'json', 'form'];

/**
 * Renders the same webhook under None, JSON and Form/Url for one flow context, for a side-by-side
 * comparison that marks where each one breaks.
 */
export function compareEncodings(
	webhook: WebhookDefinition,
	context: FlowContext,
	options: { fields?: FieldDef[] } = {}
): EncodingVariant[] {
	return ENCODINGS.map((encoding) => {
		const result = renderRequest({ ...webhook, tokenEncoding: encoding }, context, options);
		const breaks = [
			...new Set(result.diagnostics.filter((d) => BREAKING.has(d.code)).map((d) => d.message))
		];
		return { encoding, result, breaks };
	});
}
