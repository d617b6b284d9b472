import { describe, expect, it } from 'vitest';
import type { RenderedRequest, SendOutcome } from '../core';
import { ActivityRepo, WorkspaceRepo, createTabSync, memoryStore } from '../persistence';
import type { Transport } from '../send/transports';
import { RUN_LIST_MS, RUN_MEMORY_ACTIVITIES, SendState } from './send.svelte';
import { WorkspaceState } from './workspace.svelte';

const ENRICH = 'example-enrich';

function answer(status: number, body: string, statusText = 'OK'): Transport {
	return {
		id: 'direct',
		send: async (request: RenderedRequest): Promise<SendOutcome> => ({
			transport: 'direct',
			request,
			startedAt: '2026-01-15T09:30:00.000Z',
			timing: { totalMs: 42 },
			response: {
				status,
				statusText,
				headers: [['content-type', 'application/json']],
				body,
				bodyBytes: body.length
			},
			error: null
		})
	};
}

async function setup(transport: Transport) {
	const store = memoryStore();
	let n = 0;
	const ws = new WorkspaceState({
		repo: new WorkspaceRepo(store),
		sync: createTabSync('test', { BroadcastChannel: undefined }),
		newId: () => `id${++n}`,
		saveDelayMs: 0
	});
	await ws.load();
	const repo = new ActivityRepo(store);
	const send = new SendState(ws, {
		repo,
		transportFor: () => transport,
		online: () => true,
		pageOrigin: 'http://127.0.0.1:4173'
	});
	await send.load();
	ws.select('webhook', ENRICH);
	const jane = ws.leads.items.find((l) => l.values['First Name'] === 'Jane')!;
	ws.select('lead', jane.id);
	return { ws, send, repo, store, jane };
}

const ENRICHED = JSON.stringify({
	person: { title: 'VP Marketing', location: { city: 'Boston' } },
	scores: [{ value: 88 }]
});

describe('SendState', () => {
	it('sends, shows the changes the mappings would make, and logs the call', async () => {
		const { send, repo, jane } = await setup(answer(200, ENRICHED));
		await send.send();
		expect(send.last?.outcome?.response?.status).toBe(200);
		expect(send.last?.changes).toEqual([
			{ field: 'title', name: 'Job Title', before: null, after: 'VP Marketing' },
			{ field: 'city', name: 'City', before: null, after: 'Boston' },
			{ field: 'leadScore', name: 'Lead Score', before: 75, after: 88 }
		]);
		const [logged] = (await repo.load()).activities;
		expect(logged).toMatchObject({
			webhookId: ENRICH,
			leadId: jane.id,
			leadLabel: 'Jane Doe',
			status: 200,
			errorType: 'OK',
			outcome: 'success',
			durationMs: 42,
			changes: []
		});
		expect(logged!.request.url).toContain('email=jane%2Bwebinar%40acme.example');
	});

	it('writes back only on request, records Change Data Value, and undoes in one step', async () => {
		const { ws, send, repo, jane } = await setup(answer(200, ENRICHED));
		await send.send();
		expect(ws.leads.byId(jane.id)!.values['Job Title']).toBeUndefined();
		await send.writeBack();
		expect(ws.leads.byId(jane.id)!.values).toMatchObject({
			'Job Title': 'VP Marketing',
			City: 'Boston',
			'Lead Score': 88
		});
		expect(send.last?.written).toBe(true);
		await new Promise((r) => setTimeout(r, 10));
		expect((await repo.load()).activities[0]!.changes.map((c) => c.name)).toEqual([
			'Job Title',
			'City',
			'Lead Score'
		]);
		const toast = ws.toasts.items.find((t) => t.message.startsWith('Wrote 3 fields'));
		toast!.action!.run();
		expect(ws.leads.byId(jane.id)!.values['Lead Score']).toBe(75);
		expect(ws.leads.byId(jane.id)!.values['Job Title'] ?? null).toBeNull();
	});

	it('skips mappings on a non-2xx and reports error 1001 on an empty 2xx', async () => {
		const notFound = await setup(answer(404, '{"error":"nope"}', 'Not Found'));
		await notFound.send.send();
		expect(notFound.send.last?.changes).toEqual([]);
		expect(notFound.send.last?.mapping?.diagnostics.map((d) => d.code)).toContain('non-2xx');
		expect(notFound.send.activities[0]).toMatchObject({
			outcome: 'http-error',
			errorType: 'Not Found'
		});

		const empty = await setup(answer(200, ''));
		await empty.send.send();
		const diag = empty.send.last?.mapping?.diagnostics.find((d) => d.code === 'empty-response');
		expect(diag?.message).toContain('1001');
	});

	it('makes no request for a batch campaign and logs error 1000', async () => {
		let calls = 0;
		const counting: Transport = {
			id: 'direct',
			send: (r) => (calls++, answer(200, '{}').send(r, { timeoutMs: 1 }))
		};
		const { ws, send } = await setup(counting);
		ws.select('context', 'example-batch');
		await send.send();
		expect(calls).toBe(0);
		expect(send.last?.notSent).toContain('1000');
		expect(send.activities[0]).toMatchObject({
			status: null,
			errorType: 'Error 1000',
			outcome: 'failed'
		});
	});

	it('filters the log, exports HAR 1.2 and clears', async () => {
		const { send, repo } = await setup(answer(200, ENRICHED));
		await send.send();
		await send.send();
		expect(send.filtered({ outcome: 'success' })).toHaveLength(2);
		expect(send.filtered({ outcome: 'failed' })).toHaveLength(0);
		expect(send.filtered({ webhookId: 'other' })).toHaveLength(0);
		expect(send.filtered({ lead: 'jane' })).toHaveLength(2);
		expect(send.filtered({ lead: ' DOE ' })).toHaveLength(2);
		expect(send.filtered({ lead: 'sarah' })).toHaveLength(0);
		const har = JSON.parse(await send.exportHar());
		expect(har.log.version).toBe('1.2');
		expect(har.log.entries).toHaveLength(2);
		await send.clearLog();
		expect(send.activities).toEqual([]);
		expect((await repo.load()).activities).toEqual([]);
	});

	it("stores a run's calls at once and lists them at most once a second, the newest few", async () => {
		const { send, repo } = await setup(answer(200, ENRICHED));
		await send.send(); // one single send, listed at once
		const single = send.activities[0]!;
		const call = (i: number) => ({ ...single, id: `run-${i}`, runId: 'run' });
		const batch = (from: number) => Array.from({ length: 400 }, (_, i) => call(from + i));
		await send.log(batch(0));
		await send.log(batch(400));
		// Stored, not listed yet: the list (and what depends on it) does not change per batch.
		expect((await repo.load()).activities).toHaveLength(801);
		expect(send.activities).toEqual([single]);
		expect(send.total).toBe(1);
		await new Promise((r) => setTimeout(r, RUN_LIST_MS + 50));
		expect(send.total).toBe(801);
		expect(send.activities.map((a) => a.id)).toEqual(
			Array.from(
				{ length: RUN_MEMORY_ACTIVITIES },
				(_, i) => `run-${800 - RUN_MEMORY_ACTIVITIES + i}`
			)
		);
		// Calls logged just before a clear are cleared with the rest, not listed after it.
		await send.log(batch(800));
		await send.clearLog();
		await new Promise((r) => setTimeout(r, RUN_LIST_MS + 50));
		expect([send.activities.length, send.total]).toEqual([0, 0]);
		expect((await repo.load()).activities).toEqual([]);
		// After a run, the newest calls are read back from storage.
		await send.log(batch(0));
		await send.reloadNewest();
		expect(send.activities).toHaveLength(400);
		expect(send.total).toBe(400);
	}, 10_000);

	it('keeps settings and per-webhook mock configs across loads', async () => {
		const { ws, send, store } = await setup(answer(200, '{}'));
		send.setSettings({ transport: 'helper', helperToken: 'abc' });
		const cfg = { ...send.mockConfig(ws.selectedWebhook!), status: 503 };
		send.setMockConfig(ENRICH, cfg);
		await new Promise((r) => setTimeout(r, 10));
		const again = new SendState(ws, { repo: new ActivityRepo(store), online: () => true });
		await again.load();
		expect(again.settings.transport).toBe('helper');
		expect(again.settings.helperToken).toBe('abc');
		expect(again.mockConfig(ws.selectedWebhook!).status).toBe(503);
		expect(again.preflight.map((n) => n.code)).toEqual([]);
	});
});
