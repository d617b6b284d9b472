import { describe, expect, it } from 'vitest';
import { applyChanges, changesFor } from './write-back';

describe('changesFor', () => {
	it('names each changed field and keeps before and after', () => {
		const values = { 'First Name': 'Jane', City: 'Austin', 'Lead Score': 10 };
		const changes = changesFor(values, [
			{ field: 'city', value: 'Boston' },
			{ field: 'leadScore', value: 10 },
			{ field: 'leadSource', value: 'Webinar' }
		]);
		expect(changes).toEqual([
			{ field: 'city', name: 'City', before: 'Austin', after: 'Boston' },
			{ field: 'leadSource', name: 'Lead Source', before: null, after: 'Webinar' }
		]);
		expect(applyChanges(values, changes)).toEqual({
			'First Name': 'Jane',
			City: 'Boston',
			'Lead Score': 10,
			'Lead Source': 'Webinar'
		});
	});

	it('lets the last mapping to a field win and knows custom fields', () => {
		const custom = [{ name: 'Tier', apiName: 'tier__c', type: 'string' as const }];
		expect(
			changesFor(
				{},
				[
					{ field: 'tier__c', value: 'Gold' },
					{ field: 'tier__c', value: 'Platinum' }
				],
				custom
			)
		).toEqual([{ field: 'tier__c', name: 'Tier', before: null, after: 'Platinum' }]);
	});
});
