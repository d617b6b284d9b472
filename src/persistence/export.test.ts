import { describe, expect, it } from 'vitest';
import { newFlowContext, newWebhook, type Lead, type Workspace } from '../core';
import { exportWorkspace, parseWorkspaceFile } from './export';

const lead = (id: string, name = 'Ann'): Lead => ({
	id,
	values: { 'First Name': name },
	company: {}
});

const current: Workspace = {
	webhooks: [newWebhook('w1', 'Order sync'), newWebhook('w2', 'Slack ping')],
	leads: [lead('l1'), lead('l2'), lead('l3')],
	customFields: [{ name: 'Plan', apiName: 'plan', type: 'string' }],
	contexts: [newFlowContext('c1', 'Webinar')]
};

const file = (workspace: unknown, extra: Record<string, unknown> = {}) =>
	JSON.stringify({
		format: 'webhook-playground-workspace',
		version: 1,
		exportedAt: '2024-05-01T00:00:00.000Z',
		workspace,
		...extra
	});

describe('exportWorkspace', () => {
	it('writes the envelope and reads back to the same workspace', () => {
		const text = exportWorkspace(current, new Date('2024-05-01T09:30:00Z'));
		const parsed = JSON.parse(text);
		expect(parsed.format).toBe('webhook-playground-workspace');
		expect(parsed.version).toBe(1);
		expect(parsed.exportedAt).toBe('2024-05-01T09:30:00.000Z');
		expect(text).toContain('\n\t"workspace": {'); // pretty-printed
		const back = parseWorkspaceFile(text, current);
		expect(back.ok && back.workspace).toEqual(current);
	});
});

describe('parseWorkspaceFile', () => {
	it('reports malformed JSON once, with line and column', () => {
		const text =
			'{\n  "format": "webhook-playground-workspace",\n  "version": 1\n  "workspace": {}\n}';
		expect(parseWorkspaceFile(text, current)).toEqual({
			ok: false,
			errors: [
				"The file is not valid JSON: line 4, column 3: expected ',' or '}' after a property value, found '\"'."
			]
		});
	});

	it('refuses a file that is not a workspace', () => {
		const r = parseWorkspaceFile(file({}, { format: 'postman-collection' }), current);
		expect(r).toEqual({
			ok: false,
			errors: [
				'This is not a Webhook Playground workspace file: its "format" is the text "postman-collection", expected "webhook-playground-workspace".'
			]
		});
		expect(parseWorkspaceFile('[1, 2]', current)).toEqual({
			ok: false,
			errors: ['This is not a Webhook Playground workspace file: it holds an array.']
		});
	});

	it('refuses a file from a newer version', () => {
		const r = parseWorkspaceFile(file({}, { version: 2 }), current);
		expect(r.ok).toBe(false);
		expect(!r.ok && r.errors).toEqual([
			'This file was exported by a newer version of Webhook Playground (file version 2; this version reads up to 1). Reload the page to get the newer version, then import it again.'
		]);
	});

	it('lists every invalid record (two problems, two messages) and accepts nothing', () => {
		const ws = {
			...current,
			webhooks: [current.webhooks[0], { ...newWebhook('w3'), method: 'FETCH' }],
			leads: [lead('l1'), { id: 'l2', values: { Score: [1] }, company: {} }]
		};
		expect(parseWorkspaceFile(file(ws), current)).toEqual({
			ok: false,
			errors: [
				'webhooks[1].method: "FETCH" is not one of GET, POST, PUT, PATCH, DELETE',
				'leads[1].values.Score: expected text, a number, true/false or null, found an array'
			]
		});
	});

	it('caps the list at 50 and counts the rest', () => {
		const leads = Array.from({ length: 60 }, (_, i) => ({ id: `l${i}`, values: 1, company: {} }));
		const r = parseWorkspaceFile(file({ ...current, leads }), current);
		expect(!r.ok && r.errors.length).toBe(51);
		expect(!r.ok && r.errors[0]).toBe('leads[0].values: expected an object, found the number 1');
		expect(!r.ok && r.errors[50]).toBe('…and 10 more problems');
	});

	it('summarises what the import adds, replaces, keeps and removes', () => {
		const next: Workspace = {
			webhooks: [
				current.webhooks[0]!, // same id, same content
				{ ...current.webhooks[1]!, url: 'https://hooks.slack.com/x' }, // same id, changed
				newWebhook('w9', 'New one')
			],
			leads: [lead('l1'), lead('l9')],
			customFields: [],
			contexts: [newFlowContext('c2', 'Batch')]
		};
		const r = parseWorkspaceFile(file(next), current);
		expect(r.ok && r.summary).toEqual({
			webhooks: {
				added: [{ id: 'w9', name: 'New one' }],
				replaced: [{ id: 'w2', name: 'Slack ping' }],
				unchanged: [{ id: 'w1', name: 'Order sync' }],
				removed: []
			},
			contexts: {
				added: [{ id: 'c2', name: 'Batch' }],
				replaced: [],
				unchanged: [],
				removed: [{ id: 'c1', name: 'Webinar' }]
			},
			leads: { before: 3, after: 2 },
			customFields: { before: 1, after: 0 }
		});
	});
});
