import { describe, expect, it } from 'vitest';
import * as core from './index';

describe('public API (DESIGN.md §3 is a contract)', () => {
	it('exports the contract functions and constants', () => {
		expect(typeof core.renderRequest).toBe('function');
		expect(typeof core.applyResponseMappings).toBe('function');
		expect(typeof core.projectDelay).toBe('function');
		expect(core.defaultLeadFields.find((f) => f.name === 'First Name')).toEqual({
			name: 'First Name',
			apiName: 'firstName',
			type: 'string'
		});
	});

	it('defaultLeadFields covers every documented lead token (UG-TOK) once', () => {
		const documented =
			'Acquisition Date, Acquisition Program Name, Acquisition Program, Address, Anonymous IP, Black Listed, City, Country, Created At, Date of Birth, Department, Do Not Call, Do Not Call Reason, Email Address, Email Invalid, Email Invalid Cause, Fax Number, First Name, Full Name, Id, Inferred City, Inferred Company, Inferred Country, Inferred Metropolitan Area, Inferred Phone Area Code, Inferred Postal Code, Inferred State Region, Is Customer, Is Employee, Is Partner, Job Title, Last Name, Lead Source, Marketing Suspended, Middle Name, Mobile Phone Number, Original Referrer, Original Search Engine, Original Search Phrase, Original Source Info, Original Source Type, Person Notes, Phone Number, Registration Source Info, Registration Source Type, Salutation, SFDC Created Date, SFDC Is Deleted, SFDC Type, Unsubscribed, Unsubscribed Reason, Updated At'.split(
				', '
			);
		const names = core.defaultLeadFields.map((f) => f.name);
		for (const n of documented) expect(names).toContain(n);
		expect(new Set(names).size).toBe(names.length);
		expect(new Set(core.defaultLeadFields.map((f) => f.apiName)).size).toBe(names.length);
	});

	it('each trigger supplies the tokens UG-TRIG lists', () => {
		const form = core.marketoTriggers.find((t) => t.name === 'Fills Out Form')!;
		expect(form.tokens).toEqual(['Trigger Name', 'Name', 'Web Page', 'Client IP Address']);
		const visit = core.marketoTriggers.find((t) => t.name === 'Visits Web Page')!;
		expect(visit.tokens).toContain('Search Query');
	});

	it('the Marketo profile: 30 s timeout, no retries, serial, 20 connections', () => {
		expect(core.marketoProfile).toMatchObject({
			timeoutMs: 30_000,
			maxRetries: 0,
			defaultConcurrency: 1,
			maxConcurrency: 20
		});
	});
});
