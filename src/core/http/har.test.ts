import { describe, expect, it } from 'vitest';
import { toHar } from './har';
import type { CallActivity } from './send-types';

const activity = (over: Partial<CallActivity> = {}): CallActivity => ({
	id: 'act-1',
	at: '2024-05-07T09:30:00.000Z',
	webhookId: 'wh-1',
	webhookName: 'Enrich lead',
	leadId: 'lead-1',
	leadLabel: 'Jane Doe <jane@example.com>',
	transport: 'mock',
	request: {
		method: 'POST',
		url: 'https://hooks.example.com/in?src=web&q=Jack+%26+Jill',
		headers: [
			['Content-Type', 'application/json'],
			['X-Api-Key', 'k1']
		],
		body: '{"email": "zoë@example.com"}'
	},
	status: 200,
	errorType: 'OK',
	response: '{"status": "MQL"}',
	responseTruncated: false,
	responseHeaders: [['Content-Type', 'application/json; charset=utf-8']],
	durationMs: 123,
	outcome: 'success',
	changes: [{ field: 'leadStatus', name: 'Lead Status', before: 'New', after: 'MQL' }],
	...over
});

const failed = activity({
	id: 'act-2',
	at: '2024-05-07T09:31:00.000Z',
	transport: 'direct',
	status: null,
	errorType: 'cors',
	response: '',
	responseHeaders: [],
	durationMs: 40,
	outcome: 'failed',
	error: 'The browser blocked the response: the service does not allow CORS. Use the CORS helper.',
	changes: []
});

describe('toHar (HAR 1.2)', () => {
	it('writes the log header and a full entry for a successful call', () => {
		const har = toHar([activity({ runId: 'run-9' })], { creatorVersion: '0.1.0' });
		expect(har.log.version).toBe('1.2');
		expect(har.log.creator).toEqual({ name: 'Webhook Playground', version: '0.1.0' });
		expect(har.log.entries).toEqual([
			{
				startedDateTime: '2024-05-07T09:30:00.000Z',
				time: 123,
				request: {
					method: 'POST',
					url: 'https://hooks.example.com/in?src=web&q=Jack+%26+Jill',
					httpVersion: 'HTTP/1.1',
					cookies: [],
					headers: [
						{ name: 'Content-Type', value: 'application/json' },
						{ name: 'X-Api-Key', value: 'k1' }
					],
					queryString: [
						{ name: 'src', value: 'web' },
						{ name: 'q', value: 'Jack & Jill' }
					],
					postData: { mimeType: 'application/json', text: '{"email": "zoë@example.com"}' },
					headersSize: -1,
					bodySize: 29
				},
				response: {
					status: 200,
					statusText: 'OK',
					httpVersion: 'HTTP/1.1',
					cookies: [],
					headers: [{ name: 'Content-Type', value: 'application/json; charset=utf-8' }],
					content: {
						size: 17,
						mimeType: 'application/json; charset=utf-8',
						text: '{"status": "MQL"}'
					},
					redirectURL: '',
					headersSize: -1,
					bodySize: 17
				},
				cache: {},
				timings: { send: 0, wait: 123, receive: 0 },
				comment: 'Enrich lead → Jane Doe <jane@example.com>',
				_webhookPlayground: {
					activityId: 'act-1',
					webhookId: 'wh-1',
					webhookName: 'Enrich lead',
					leadId: 'lead-1',
					leadLabel: 'Jane Doe <jane@example.com>',
					transport: 'mock',
					outcome: 'success',
					changes: [{ field: 'leadStatus', name: 'Lead Status', before: 'New', after: 'MQL' }],
					runId: 'run-9'
				}
			}
		]);
	});

	it('round-trips JSON.stringify and JSON.parse unchanged', () => {
		const har = toHar([activity(), failed], { creatorVersion: '1.2.3' });
		expect(JSON.parse(JSON.stringify(har))).toStrictEqual(har);
	});

	it('a call with no response has status 0 and its error in response._error', () => {
		const [entry] = toHar([failed], { creatorVersion: '0.1.0' }).log.entries;
		expect(entry!.response).toMatchObject({
			status: 0,
			statusText: 'cors',
			httpVersion: '',
			bodySize: -1,
			content: { size: 0, mimeType: 'x-unknown', text: '' },
			_error: failed.error
		});
		expect(entry!._webhookPlayground).toMatchObject({ outcome: 'failed', error: failed.error });
		// without an error text, the Error Type says why
		const bare = toHar([{ ...failed, error: undefined }], { creatorVersion: '0' }).log.entries[0]!;
		expect(bare.response._error).toBe('cors');
		expect(bare._webhookPlayground).not.toHaveProperty('error');
	});

	it('an HTTP error keeps its status and has no _error', () => {
		const entry = toHar(
			[activity({ status: 404, errorType: 'Not Found', outcome: 'http-error', changes: [] })],
			{ creatorVersion: '0' }
		).log.entries[0]!;
		expect(entry.response).toMatchObject({ status: 404, statusText: 'Not Found' });
		expect(entry.response).not.toHaveProperty('_error');
	});

	it('entries are in time order, ties in their given order, unreadable times last', () => {
		const at = (id: string, time: string) => activity({ id, at: time });
		const har = toHar(
			[
				at('c', '2024-05-07T09:32:00.000Z'),
				at('bad', 'yesterday'),
				at('a', '2024-05-07T09:30:00.000Z'),
				at('b1', '2024-05-07T09:31:00.000Z'),
				at('b2', '2024-05-07T09:31:00.000Z')
			],
			{ creatorVersion: '0' }
		);
		expect(har.log.entries.map((e) => e._webhookPlayground.activityId)).toEqual([
			'a',
			'b1',
			'b2',
			'c',
			'bad'
		]);
	});

	it('a truncated body says so and its full size is unknown', () => {
		const entry = toHar([activity({ response: 'abcd', responseTruncated: true })], {
			creatorVersion: '0'
		}).log.entries[0]!;
		expect(entry.response.content).toEqual({
			size: 4,
			mimeType: 'application/json; charset=utf-8',
			text: 'abcd',
			comment: 'Truncated: the playground stored only the first 4 characters of the body.'
		});
		expect(entry.response.bodySize).toBe(-1);
	});

	it('a GET has no postData; a body without Content-Type has an empty mimeType', () => {
		const get = toHar(
			[
				activity({
					request: { method: 'GET', url: 'https://h.example/x', headers: [], body: null }
				})
			],
			{ creatorVersion: '0' }
		).log.entries[0]!.request;
		expect(get).not.toHaveProperty('postData');
		expect(get).toMatchObject({ bodySize: 0, queryString: [] });
		const raw = toHar(
			[
				activity({
					request: { method: 'PUT', url: 'https://h.example/x', headers: [], body: 'a=1' }
				})
			],
			{ creatorVersion: '0' }
		).log.entries[0]!.request;
		expect(raw.postData).toEqual({ mimeType: '', text: 'a=1' });
	});

	it('time is the sum of the timings; a bad duration counts as 0', () => {
		const [entry] = toHar([activity({ durationMs: Number.NaN })], { creatorVersion: '0' }).log
			.entries;
		expect(entry!.time).toBe(0);
		expect(entry!.timings).toEqual({ send: 0, wait: 0, receive: 0 });
	});

	it('every custom field name starts with an underscore', () => {
		const allowed: Record<string, string[]> = {
			log: ['version', 'creator', 'browser', 'pages', 'entries', 'comment'],
			entry: ['pageref', 'startedDateTime', 'time', 'request', 'response', 'cache', 'timings'],
			request: ['method', 'url', 'httpVersion', 'cookies', 'headers', 'queryString'],
			response: ['status', 'statusText', 'httpVersion', 'cookies', 'headers', 'content'],
			content: ['size', 'compression', 'mimeType', 'text', 'encoding', 'comment']
		};
		const more = ['serverIPAddress', 'connection', 'comment', 'postData', 'headersSize'];
		const known = new Set([
			...Object.values(allowed).flat(),
			...more,
			'bodySize',
			'redirectURL',
			'send',
			'wait',
			'receive'
		]);
		const har = toHar([activity(), failed], { creatorVersion: '0' });
		const custom = (o: object) => Object.keys(o).filter((k) => !known.has(k));
		for (const e of har.log.entries) {
			for (const part of [har.log, e, e.request, e.response, e.response.content, e.timings])
				for (const k of custom(part)) expect(k.startsWith('_')).toBe(true);
		}
	});

	it('does not change the activities', () => {
		const list = [Object.freeze(activity()), Object.freeze(failed)];
		const before = JSON.stringify(list);
		toHar(list, { creatorVersion: '0' });
		expect(JSON.stringify(list)).toBe(before);
	});
});
