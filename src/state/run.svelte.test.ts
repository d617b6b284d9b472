import { describe, expect, it } from 'vitest';
import type { RenderedRequest, SendOutcome } from '../core';
import { ActivityRepo, WorkspaceRepo, createTabSync, memoryStore } from '../persistence';
import type { Transport } from '../send/transports';
import { RunState } from './run.svelte';
import { SendState } from './send.svelte';
import { WorkspaceState } from './workspace.svelte';

/** Answers with a score derived from the request, after a tick; every 5th call gets a 500. */
const echo: Transport = {
	id: 'mock',
	send: async (request: RenderedRequest): Promise<SendOutcome> => {
		await new Promise((r) => setTimeout(r, 1));
		const n = Number(new URL(request.url).searchParams.get('n'));
		const fail = n % 5 === 4;
		const body = JSON.stringify({ person: { title: `T${n}` } });
		return {
			transport: 'mock',
			request,
			startedAt: new Date().toISOString(),
			timing: { totalMs: 10 + n },
			response: fail
				? { status: 500, statusText: 'Internal Server Error', body: '{}', bodyBytes: 2 }
				: { status: 200, statusText: 'OK', body, bodyBytes: body.length },
			error: null
		};
	}
};

async function setup() {
	const store = memoryStore();
	let id = 0;
	const ws = new WorkspaceState({
		repo: new WorkspaceRepo(store),
		sync: createTabSync('t', { BroadcastChannel: undefined }),
		newId: () => `id${++id}`,
		saveDelayMs: 0
	});
	await ws.load();
	const repo = new ActivityRepo(store);
	const send = new SendState(ws, { repo, transportFor: () => echo, online: () => true });
	await send.load();
	// A webhook that numbers each lead through its Lead Score and maps Job Title back.
	const w = ws.createWebhook();
	ws.updateWebhook(w.id, (x) => {
		x.method = 'GET';
		x.url = 'https://api.example.com/x?n={{lead.Lead Score}}';
		x.responseType = 'json';
		x.responseMappings = [{ attribute: 'person.title', field: 'title' }];
	});
	ws.leads.remove(ws.leads.items.map((l) => l.id));
	ws.leads.append(
		Array.from({ length: 20 }, (_, i) => ({
			id: `L${i}`,
			values: { 'First Name': `Lead${i}`, 'Lead Score': i },
			company: {}
		}))
	);
	ws.select('context', ws.contexts[0]!.id);
	return {
		ws,
		send,
		repo,
		run: new RunState(send),
		webhook: ws.webhooks.find((x) => x.id === w.id)!
	};
}

describe('RunState', () => {
	it('runs every lead, counts outcomes, logs each call and writes back in bulk with one undo', async () => {
		const { ws, send, repo, run, webhook } = await setup();
		run.start(webhook, {
			count: 20,
			concurrency: 3,
			delayMs: 0,
			transport: 'mock',
			writeBack: true
		});
		expect(run.phase).toBe('running');
		await new Promise((r) => setTimeout(r, 200));
		expect(run.phase).toBe('done');
		expect([run.done, run.ok, run.httpErrors, run.failed]).toEqual([20, 16, 4, 0]);
		const { rows, matching } = run.rows('failed', 0, 100);
		expect(matching).toBe(4);
		expect(rows.map((r) => [r.lead, r.status])).toEqual([
			['Lead4', 500],
			['Lead9', 500],
			['Lead14', 500],
			['Lead19', 500]
		]);
		expect(run.stats).toMatchObject({ count: 20, min: 10, max: 29 });
		expect(run.histogram().reduce((a, b) => a + b.count, 0)).toBe(20);
		// Write-backs: the 16 answered leads got their Job Title, at once.
		expect(run.written).toBe(16);
		expect(ws.leads.byId('L3')!.values['Job Title']).toBe('T3');
		expect(ws.leads.byId('L4')!.values['Job Title']).toBeUndefined();
		const logged = (await repo.load()).activities;
		expect(logged).toHaveLength(20);
		expect(new Set(logged.map((a) => a.runId)).size).toBe(1);
		expect(logged.find((a) => a.leadId === 'L3')!.changes[0]).toMatchObject({
			name: 'Job Title',
			after: 'T3'
		});
		expect(send.total).toBe(20);
		ws.toasts.items.find((t) => t.message.includes('16 sample leads'))!.action!.run();
		expect(ws.leads.byId('L3')!.values['Job Title'] ?? null).toBeNull();
	});

	it('pauses, resumes and cancels; a cancelled run keeps what it did', async () => {
		const { ws, run, webhook } = await setup();
		run.start(webhook, {
			count: 20,
			concurrency: 1,
			delayMs: 5,
			transport: 'mock',
			writeBack: false
		});
		await new Promise((r) => setTimeout(r, 30));
		run.pause();
		expect(run.phase).toBe('paused');
		await new Promise((r) => setTimeout(r, 150));
		const atPause = run.rows('all', 0, 100).matching;
		// The call in flight at the pause has reported, and the counter shows it without waiting.
		expect(run.inFlight).toBe(0);
		expect(run.done).toBe(atPause);
		await new Promise((r) => setTimeout(r, 50));
		expect(run.rows('all', 0, 100).matching).toBe(atPause);
		run.resume();
		expect(run.phase).toBe('running');
		await new Promise((r) => setTimeout(r, 20));
		run.cancel();
		await new Promise((r) => setTimeout(r, 20));
		expect(run.phase).toBe('cancelled');
		expect(run.done).toBeGreaterThan(atPause - 1);
		expect(run.done).toBeLessThan(20);
		// Without write-back, nothing changed on the leads, and the pending count is offered.
		expect(ws.leads.byId('L0')!.values['Job Title']).toBeUndefined();
		expect(run.pendingWrites).toBeGreaterThan(0);
	});
});
