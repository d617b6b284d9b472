import type { FieldDef, FieldType } from './types';

/**
 * Field types whose token values render bare (no quotes) under JSON encoding.
 * DEV-WH: "Marketo automatically encloses string-type tokens in double quotes"; the numeric types
 * are the ones Marketo does not treat as strings (reference §1.2, §9 "Encoding: JSON").
 */
export const NUMERIC_FIELD_TYPES: ReadonlySet<FieldType> = new Set([
	'integer',
	'float',
	'currency',
	'score',
	'percent'
]);

/** Every field type, in the order the UI lists them. */
export const FIELD_TYPES: readonly FieldType[] = [
	'string',
	'text',
	'email',
	'phone',
	'url',
	'integer',
	'float',
	'currency',
	'score',
	'percent',
	'boolean',
	'date',
	'datetime'
];

/** True for the types that render bare under JSON encoding. */
export function isNumericType(type: FieldType): boolean {
	return NUMERIC_FIELD_TYPES.has(type);
}

function f(name: string, apiName: string, type: FieldType): FieldDef {
	return { name, apiName, type };
}

/**
 * Marketo's standard person fields: the display names of the documented lead-token list (UG-TOK,
 * reference §2.3) plus the common standard fields it leaves out (Lead Score, State, Postal Code …).
 * API names follow Marketo's REST names in a default instance; custom fields come in through
 * `options.fields`.
 */
export const defaultLeadFields: FieldDef[] = [
	f('Acquisition Date', 'acquisitionDate', 'datetime'),
	f('Acquisition Program Name', 'acquisitionProgramName', 'string'),
	f('Acquisition Program', 'acquisitionProgramId', 'string'),
	f('Address', 'address', 'text'),
	f('Anonymous IP', 'anonymousIP', 'string'),
	f('Black Listed', 'blackListed', 'boolean'),
	f('City', 'city', 'string'),
	f('Company Name', 'company', 'string'),
	f('Country', 'country', 'string'),
	f('Created At', 'createdAt', 'datetime'),
	f('Date of Birth', 'dateOfBirth', 'date'),
	f('Department', 'department', 'string'),
	f('Do Not Call', 'doNotCall', 'boolean'),
	f('Do Not Call Reason', 'doNotCallReason', 'string'),
	f('Email Address', 'email', 'email'),
	f('Email Invalid', 'emailInvalid', 'boolean'),
	f('Email Invalid Cause', 'emailInvalidCause', 'string'),
	f('Fax Number', 'fax', 'phone'),
	f('First Name', 'firstName', 'string'),
	f('Full Name', 'fullName', 'string'),
	f('Id', 'id', 'integer'),
	f('Inferred City', 'inferredCity', 'string'),
	f('Inferred Company', 'inferredCompany', 'string'),
	f('Inferred Country', 'inferredCountry', 'string'),
	f('Inferred Metropolitan Area', 'inferredMetropolitanArea', 'string'),
	f('Inferred Phone Area Code', 'inferredPhoneAreaCode', 'string'),
	f('Inferred Postal Code', 'inferredPostalCode', 'string'),
	f('Inferred State Region', 'inferredStateRegion', 'string'),
	f('Is Customer', 'isCustomer', 'boolean'),
	f('Is Employee', 'isEmployee', 'boolean'),
	f('Is Partner', 'isPartner', 'boolean'),
	f('Job Title', 'title', 'string'),
	f('Last Name', 'lastName', 'string'),
	f('Lead Notes', 'leadNotes', 'text'),
	f('Lead Score', 'leadScore', 'score'),
	f('Lead Source', 'leadSource', 'string'),
	f('Lead Status', 'leadStatus', 'string'),
	f('Marketing Suspended', 'marketingSuspended', 'boolean'),
	f('Middle Name', 'middleName', 'string'),
	f('Mobile Phone Number', 'mobilePhone', 'phone'),
	f('Original Referrer', 'originalReferrer', 'url'),
	f('Original Search Engine', 'originalSearchEngine', 'string'),
	f('Original Search Phrase', 'originalSearchPhrase', 'string'),
	f('Original Source Info', 'originalSourceInfo', 'string'),
	f('Original Source Type', 'originalSourceType', 'string'),
	f('Person Notes', 'personNotes', 'text'),
	f('Phone Number', 'phone', 'phone'),
	f('Postal Code', 'postalCode', 'string'),
	f('Registration Source Info', 'registrationSourceInfo', 'string'),
	f('Registration Source Type', 'registrationSourceType', 'string'),
	f('Salutation', 'salutation', 'string'),
	f('SFDC Created Date', 'sfdcCreatedDate', 'datetime'),
	f('SFDC Is Deleted', 'sfdcIsDeleted', 'boolean'),
	f('SFDC Type', 'sfdcType', 'string'),
	f('State', 'state', 'string'),
	f('Unsubscribed', 'unsubscribed', 'boolean'),
	f('Unsubscribed Reason', 'unsubscribedReason', 'text'),
	f('Updated At', 'updatedAt', 'datetime'),
	f('Website', 'website', 'url')
];

/** Marketo's company tokens (UG-TOK), used as `{{company.<name>}}`. */
export const defaultCompanyFields: FieldDef[] = [
	f('Account Owner Email Address', 'accountOwnerEmailAddress', 'email'),
	f('Address', 'billingStreet', 'text'),
	f('Annual Revenue', 'annualRevenue', 'currency'),
	f('City', 'billingCity', 'string'),
	f('Company Name', 'company', 'string'),
	f('Company Notes', 'companyNotes', 'text'),
	f('Country', 'billingCountry', 'string'),
	f('Industry', 'industry', 'string'),
	f('Main Phone', 'mainPhone', 'phone'),
	f('Num Employees', 'numberOfEmployees', 'integer'),
	f('Parent Company Name', 'parentCompanyName', 'string'),
	f('Postal Code', 'billingPostalCode', 'string'),
	f('SFDC Account Num', 'sfdcAccountNum', 'string'),
	f('SFDC Created Date', 'sfdcCreatedDate', 'datetime'),
	f('SFDC Type', 'sfdcType', 'string'),
	f('SIC Code', 'sicCode', 'string'),
	f('Site', 'site', 'string'),
	f('State', 'billingState', 'string'),
	f('Website', 'website', 'url')
];

/** Campaign tokens (UG-TOK): `{{campaign.name}}`, `{{campaign.id}}`, `{{campaign.description}}`. */
export const CAMPAIGN_TOKENS = ['name', 'id', 'description'] as const;
/** Program tokens (UG-TOK): `{{program.Name}}`, `{{program.Description}}`, `{{program.id}}`. */
export const PROGRAM_TOKENS = ['Name', 'Description', 'id'] as const;
/** System tokens usable in a webhook. The three link tokens are email concepts (UG-SYS). */
export const SYSTEM_TOKENS = ['date', 'time', 'dateTime'] as const;
export const SYSTEM_LINK_TOKENS = [
	'forwardToFriendLink',
	'unsubscribeLink',
	'viewAsWebpageLink'
] as const;

/** Every trigger token Marketo documents (UG-TOK, UG-TRIG). */
export const TRIGGER_TOKENS = [
	'Trigger Name',
	'Name',
	'Link',
	'Subject',
	'Category',
	'Details',
	'Web Page',
	'Client IP Address',
	'Sent By',
	'Received By',
	'Referrer',
	'Search Engine',
	'Search Query',
	'Browser'
] as const;

export interface TriggerDef {
	/** The trigger as Marketo names it; `{{trigger.Trigger Name}}` renders this. */
	name: string;
	/** The trigger tokens it fills (UG-TRIG). */
	tokens: readonly string[];
}

/** Which trigger tokens each Marketo trigger supplies (UG-TRIG, reference §2.3). */
export const marketoTriggers: TriggerDef[] = [
	{ name: 'Fills Out Form', tokens: ['Trigger Name', 'Name', 'Web Page', 'Client IP Address'] },
	{
		name: 'Visits Web Page',
		tokens: [
			'Trigger Name',
			'Name',
			'Web Page',
			'Client IP Address',
			'Referrer',
			'Search Engine',
			'Search Query'
		]
	},
	{
		name: 'Clicks Link on Web Page',
		tokens: ['Trigger Name', 'Name', 'Web Page', 'Client IP Address', 'Referrer']
	},
	{ name: 'Clicks Link in Email', tokens: ['Trigger Name', 'Name', 'Link', 'Subject'] },
	{ name: 'Opens Email', tokens: ['Trigger Name', 'Name', 'Subject'] },
	{ name: 'Email Is Delivered', tokens: ['Trigger Name', 'Name', 'Subject'] },
	{
		name: 'Email Bounces',
		tokens: ['Trigger Name', 'Name', 'Subject', 'Category', 'Details']
	},
	{
		name: 'Email Bounces Soft',
		tokens: ['Trigger Name', 'Name', 'Subject', 'Category', 'Details']
	},
	{
		name: 'Unsubscribes from Email',
		tokens: ['Trigger Name', 'Name', 'Subject', 'Client IP Address']
	},
	{ name: 'Sent Forward to Friend Email', tokens: ['Trigger Name', 'Name', 'Referrer', 'Browser'] },
	// The next three are not in UG-TRIG's table; like "most Salesforce triggers" we assume they fill
	// only Trigger Name and Name (unverified).
	{ name: 'Campaign is Requested', tokens: ['Trigger Name', 'Name'] },
	{ name: 'Data Value Changes', tokens: ['Trigger Name', 'Name'] },
	{ name: 'Added to Opportunity', tokens: ['Trigger Name', 'Name'] },
	{ name: 'Status is Changed in SFDC Campaign', tokens: [] }
];
