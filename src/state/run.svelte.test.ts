import { describe, expect, it } from 'vitest';
import type { CallActivity, RenderedRequest, SendOutcome } from '../core';
import {
	ActivityRepo,
	WorkspaceRepo,
	createTabSync,
	memoryStore,
	type KeyValueStore
} from '../persistence';
import type { Transport } from '../send/transports';
import { RunState } from './run.svelte';
import { RUN_MEMORY_ACTIVITIES, SendState } from './send.svelte';
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

async function setup(
	options: { leads?: number; repo?: (store: KeyValueStore) => ActivityRepo } = {}
) {
	const store = memoryStore();
	let id = 0;
	const ws = new WorkspaceState({
		repo: new WorkspaceRepo(store),
		sync: createTabSync('t', { BroadcastChannel: undefined }),
		newId: () => `id${++id}`,
		saveDelayMs: 0
	});
	await ws.load();
	const repo = options.repo?.(store) ?? new ActivityRepo(store);
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
		Array.from({ length: options.leads ?? 20 }, (_, i) => ({
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
		expect(run.settling).toBe(true);
		await new Promise((r) => setTimeout(r, 200));
		expect(run.phase).toBe('done');
		expect(run.settling).toBe(false); // written back, logged and saved
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

	it('waits for the log to be stored, keeps few calls in memory meanwhile, and lists the newest after', async () => {
		let pending = 0;
		let maxPending = 0;
		let maxListed = 0;
		/** Storage slower than the calls: batches are written one after another, 300 ms each. */
		class SlowRepo extends ActivityRepo {
			#queue: Promise<unknown> = Promise.resolve();
			override append(entries: CallActivity[]): Promise<void> {
				maxPending = Math.max(maxPending, ++pending);
				const done = this.#queue
					.then(() => new Promise((r) => setTimeout(r, 300)))
					.then(() => super.append(entries))
					.finally(() => pending--);
				this.#queue = done;
				return done;
			}
		}
		const { send, repo, run, webhook } = await setup({
			leads: 2600,
			repo: (store) => new SlowRepo(store)
		});
		await repo.append([
			{
				id: 'single',
				at: new Date().toISOString(),
				webhookId: webhook.id,
				webhookName: webhook.name,
				leadId: 'L0',
				leadLabel: 'Lead0',
				transport: 'mock',
				request: { method: 'GET', url: 'https://api.example.com/x?n=0', headers: [], body: null },
				status: 200,
				errorType: 'OK',
				response: '{}',
				responseTruncated: false,
				responseHeaders: [],
				durationMs: 3,
				outcome: 'success',
				changes: []
			}
		]);
		await send.load();
		const watch = setInterval(() => {
			if (run.phase === 'running') maxListed = Math.max(maxListed, send.activities.length);
		}, 1);
		run.start(webhook, {
			count: 2600,
			concurrency: 6,
			delayMs: 0,
			transport: 'mock',
			writeBack: false
		});
		for (let k = 0; k < 300 && (run.phase === 'running' || send.activities.length < 2601); k++)
			await new Promise((r) => setTimeout(r, 10));
		clearInterval(watch);
		// Never more than the two batches allowed to lag, plus the one just handed over.
		expect(maxPending).toBeLessThanOrEqual(3);
		expect(maxPending).toBeGreaterThan(1);
		expect(maxListed).toBeLessThanOrEqual(RUN_MEMORY_ACTIVITIES + 1);
		expect(send.total).toBe(2601);
		// Afterwards the log lists everything again (under 5,000), as stored, oldest first.
		const stored = (await repo.load()).activities.map((a) => a.id);
		expect(send.activities.map((a) => a.id)).toEqual(stored);
		expect(stored[0]).toBe('single');
		expect(new Set(send.activities.map((a) => a.leadId)).size).toBe(2600);
	});
});
