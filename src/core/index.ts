/**
 * The stable public API of the core (DESIGN.md §3). Tests, benchmarks and outside tools import
 * only from here. Names listed in DESIGN.md §3 must stay; more may be added.
 */
export type {
	Diagnostic,
	DiagnosticWhere,
	FieldDef,
	FieldType,
	FieldValue,
	FlowContext,
	Header,
	HttpMethod,
	HttpResponse,
	MappingResult,
	RenderedRequest,
	RenderResult,
	ResponseMapping,
	ResponseType,
	TokenEncoding,
	WebhookDefinition
} from './types';
export {
	defaultLeadFields,
	defaultCompanyFields,
	marketoTriggers,
	isNumericType,
	FIELD_TYPES,
	CAMPAIGN_TOKENS,
	PROGRAM_TOKENS,
	SYSTEM_TOKENS,
	TRIGGER_TOKENS,
	type TriggerDef
} from './fields';
export { fieldCatalog, type FieldCatalog } from './field-catalog';
export { renderRequest } from './template/render';
export { encodeTokenValue, formEncode, jsonEncode } from './template/encodings';
export { unescapeTemplate } from './template/escapes';
export { formatSystemTokens, isValidTimeZone } from './template/system-tokens';
export { scanTokens, formatToken, SCOPES, type Scope, type TokenRef } from './template/tokens';
export { applyResponseMappings, isSuccess } from './mapping/map-response';
export { coerceValue, type Coercion } from './mapping/coerce';
export { parsePath, resolvePath, formatPath, type PathStep } from './mapping/path';
export { parseXml } from './mapping/xml';
export { findJsonError, parseJson, lineColumn, type JsonSyntaxError } from './json-error';
export { projectDelay, formatDuration } from './throughput/throughput';
export { marketoProfile, type PlatformProfile } from './profiles';
export {
	toFlowContext,
	flowContexts,
	triggerTokens,
	newWebhook,
	newFlowContext,
	type Lead,
	type MyToken,
	type MyTokenType,
	type FlowContextDef,
	type Workspace
} from './workspace';
export { toCurl, toFetch } from './http/snippets';
export { compareEncodings, ENCODINGS, type EncodingVariant } from './template/compare';
export type {
	TransportCapabilities,
	TransportId,
	SendErrorKind,
	SendError,
	SendTiming,
	SendOutcome,
	FieldChange,
	CallActivity
} from './http/send-types';
export {
	TRANSPORT_CAPABILITIES,
	TRANSPORT_LABELS,
	checkSend,
	isForbiddenHeader,
	needsPreflight,
	type PreflightNote,
	type PreflightEnv
} from './http/preflight';
export { changesFor, applyChanges } from './mapping/write-back';
export { PRETTY_LIMIT_BYTES, bodyKind, prettyBody, prettyXml, type BodyKind } from './http/pretty';
export {
	defaultMockConfig,
	inspectRequest,
	reasonPhrase,
	respondAsMock,
	type MockConfig,
	type MockDiagnostic,
	type ReceivedRequest
} from './mock/mock';
export { toHar, type Har, type HarEntry } from './http/har';
export {
	DEFAULT_TIMEOUT_MS,
	MAX_MODELLED_RETRIES,
	delaySeries,
	describeDelay,
	durationParts,
	finishTime,
	latencyStats,
	percentile,
	projectCampaign,
	type CampaignInput,
	type CampaignProjection,
	type DelayAxis,
	type LatencyStats,
	type RetryBackoff
} from './throughput/campaign';
export { durationTicks, numberTicks, type Ticks } from './throughput/ticks';
