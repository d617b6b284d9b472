/**
 * The shapes of the public core API (DESIGN.md §3). These names are a contract: tests, benchmarks
 * and outside tools rely on them. Add, never rename.
 */

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
/** Marketo's Request Token Encoding: None, JSON, Form/Url. */
export type TokenEncoding = 'none' | 'json' | 'form';
export type ResponseType = 'none' | 'json' | 'xml';
export type FieldType =
	| 'string'
	| 'text'
	| 'email'
	| 'phone'
	| 'url'
	| 'integer'
	| 'float'
	| 'currency'
	| 'score'
	| 'percent'
	| 'boolean'
	| 'date'
	| 'datetime';
export type FieldValue = string | number | boolean | null;

/** A person (or company) field: display name as written in tokens, SOAP/REST API name, type. */
export interface FieldDef {
	name: string;
	apiName: string;
	type: FieldType;
}

export interface Header {
	name: string;
	value: string;
}

export interface ResponseMapping {
	/** The Response Attribute: a dot path with integer indexes, e.g. `orders[0].orderDate`. */
	attribute: string;
	/** The Marketo Field: the lead field's apiName. */
	field: string;
}

export interface WebhookDefinition {
	id: string;
	name: string;
	description: string;
	url: string;
	method: HttpMethod;
	template: string;
	tokenEncoding: TokenEncoding;
	responseType: ResponseType;
	headers: Header[];
	responseMappings: ResponseMapping[];
}

export interface FlowContext {
	campaignType: 'trigger' | 'batch';
	/** Keyed by display name, as written in tokens. */
	lead: Record<string, FieldValue>;
	company?: Record<string, FieldValue>;
	/** Only what the trigger supplies; absent when the flow has no trigger. */
	trigger?: Record<string, string>;
	/** name, id, description */
	campaign?: Record<string, FieldValue>;
	/** Name, Description, id */
	program?: Record<string, FieldValue>;
	/** Program My Tokens; numbers render bare under JSON. */
	my?: Record<string, string | number>;
	member?: Record<string, FieldValue>;
	/** For system tokens. @default the real clock */
	now?: Date;
	/** IANA zone for system tokens. @default 'UTC' */
	timeZone?: string;
}

export type DiagnosticWhere = 'url' | 'template' | 'header' | 'mapping' | 'campaign' | 'response';

export interface Diagnostic {
	severity: 'error' | 'warning' | 'info';
	/** Stable machine code, see DESIGN.md §3. */
	code: string;
	/** Plain words for a person. */
	message: string;
	where: DiagnosticWhere;
	/** Offsets into the source text (URL, template, header value or mapping attribute), when known. */
	from?: number;
	to?: number;
	/** Which header or response mapping the diagnostic is about (0-based), when `where` is one of those. */
	index?: number;
}

export interface RenderedRequest {
	method: HttpMethod;
	url: string;
	headers: [string, string][];
	body: string | null;
}

export interface RenderResult {
	request: RenderedRequest | null;
	diagnostics: Diagnostic[];
}

export interface HttpResponse {
	status: number;
	statusText?: string;
	headers?: [string, string][];
	body: string;
}

export interface MappingResult {
	/** field = apiName */
	updates: { field: string; value: FieldValue }[];
	diagnostics: Diagnostic[];
}
