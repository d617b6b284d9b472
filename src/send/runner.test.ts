import { describe, expect, it } from 'vitest';
import type { RenderedRequest, SendOutcome } from '../core';
import { startRun } from './runner';
import type { Transport } from './transports';

const request = (i: number): RenderedRequest => ({
	method: 'GET',
	url: `https://x.example/${i}`,
	headers: [],
	body: null
});

/** A 200 with an empty body, as an instant transport answers. */
const ok = (req: RenderedRequest, totalMs = 0): SendOutcome => ({
	transport: 'mock',
	request: req,
	startedAt: '',
	timing: { totalMs },
	response: { status: 200, body: '', bodyBytes: 0 },
	error: null
});

/** A transport whose calls finish only when the test releases them; counts calls in flight. */
function controlled() {
	const pending: { resolve: () => void; url: string }[] = [];
	let inFlight = 0;
	let maxInFlight = 0;
	const transport: Transport = {
		id: 'mock',
		send: (req, { signal }) =>
			new Promise<SendOutcome>((resolve) => {
				inFlight++;
				maxInFlight = Math.max(maxInFlight, inFlight);
				const finish = (aborted: boolean) => {
					inFlight--;
					resolve({
						transport: 'mock',
						request: req,
						startedAt: '',
						timing: { totalMs: 1 },
						response: aborted ? null : { status: 200, body: '', bodyBytes: 0 },
						error: aborted ? { kind: 'aborted', message: 'Cancelled' } : null
					});
				};
				signal?.addEventListener('abort', () => finish(true), { once: true });
				pending.push({ resolve: () => finish(false), url: req.url });
			})
	};
	return {
		transport,
		pending,
		get maxInFlight() {
			return maxInFlight;
		}
	};
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('startRun', () => {
	it('sends every item once, never more than `concurrency` at a time', async () => {
		const seen: number[] = [];
		const instant: Transport = {
			id: 'mock',
			send: async (req) => {
				await tick();
				return ok(req, 1);
			}
		};
		const run = startRun({
			total: 50,
			render: request,
			transport: instant,
			concurrency: 6,
			timeoutMs: 1000,
			onResult: (i) => seen.push(i)
		});
		expect(await run.finished).toBe('done');
		expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));

		const ctl = controlled();
		const run2 = startRun({
			total: 10,
			render: request,
			transport: ctl.transport,
			concurrency: 3,
			timeoutMs: 1000,
			onResult: () => {}
		});
		await tick();
		expect(ctl.pending).toHaveLength(3);
		while (run2.status === 'running') {
			ctl.pending.shift()?.resolve();
			await tick();
		}
		expect(ctl.maxInFlight).toBe(3);
	});

	it('renders the next item while a call is out, and sends it before reporting the last', async () => {
		const ctl = controlled();
		const events: string[] = [];
		const run = startRun({
			total: 3,
			render: (i) => (events.push(`render ${i}`), request(i)),
			transport: ctl.transport,
			concurrency: 1,
			timeoutMs: 1000,
			onResult: (i) => events.push(`result ${i}, ${ctl.pending.length} out`)
		});
		await tick();
		expect(events).toEqual(['render 0', 'render 1']); // 1 is ready while 0 is out
		expect(ctl.pending).toHaveLength(1);
		ctl.pending.shift()!.resolve();
		await tick();
		// 0 is reported after 1 went out.
		expect(events).toEqual(['render 0', 'render 1', 'result 0, 1 out', 'render 2']);
		expect(ctl.pending.map((p) => p.url)).toEqual(['https://x.example/1']);
		expect(ctl.maxInFlight).toBe(1); // still one call at a time
		while (run.status === 'running') {
			ctl.pending.shift()?.resolve();
			await tick();
		}
		expect(events.filter((e) => e.startsWith('result'))).toEqual([
			'result 0, 1 out',
			'result 1, 1 out',
			'result 2, 0 out'
		]);
	});

	it('pauses after the calls in flight and resumes where it stopped', async () => {
		const ctl = controlled();
		const done: number[] = [];
		const run = startRun({
			total: 5,
			render: request,
			transport: ctl.transport,
			concurrency: 1,
			timeoutMs: 1000,
			onResult: (i) => done.push(i)
		});
		await tick();
		run.pause();
		expect(run.inFlight).toBe(1);
		ctl.pending.shift()!.resolve();
		await tick();
		await tick();
		expect(done).toEqual([0]);
		expect(run.inFlight).toBe(0);
		expect(ctl.pending).toHaveLength(0); // nothing new started while paused
		run.resume();
		await tick();
		expect(ctl.pending.map((p) => p.url)).toEqual(['https://x.example/1']);
		run.cancel();
		expect(await run.finished).toBe('cancelled');
		expect(done).toEqual([0, 1]); // the call in flight reports, as cancelled
	});

	it('reports items that cannot be rendered and waits between calls', async () => {
		const skipped: number[] = [];
		const times: number[] = [];
		const t0 = Date.now();
		const instant: Transport = {
			id: 'mock',
			send: async (req) => {
				times.push(Date.now() - t0);
				return ok(req);
			}
		};
		await startRun({
			total: 4,
			render: (i) => (i === 1 ? null : request(i)),
			transport: instant,
			concurrency: 1,
			delayMs: 30,
			timeoutMs: 1000,
			onResult: () => {},
			onSkip: (i) => skipped.push(i)
		}).finished;
		expect(skipped).toEqual([1]);
		expect(times).toHaveLength(3);
		expect(times[2]! - times[0]!).toBeGreaterThanOrEqual(55);
	});

	it('gives the page turns when the transport answers without waiting', async () => {
		const instant: Transport = {
			id: 'mock',
			send: async (req) => {
				const t = performance.now();
				while (performance.now() - t < 0.05); // a little work per call, no waiting
				return ok(req);
			}
		};
		let done = 0;
		let doneWhenTimerFired = -1;
		setTimeout(() => (doneWhenTimerFired = done), 0);
		await startRun({
			total: 2000,
			render: request,
			transport: instant,
			concurrency: 6,
			timeoutMs: 1000,
			onResult: () => done++
		}).finished;
		expect(done).toBe(2000);
		// The timer ran mid-run: the run did not hold the event loop for all 2,000 calls.
		expect(doneWhenTimerFired).toBeGreaterThan(0);
		expect(doneWhenTimerFired).toBeLessThan(2000);
	});

	it('holds its calls while the backlog says the results fell behind, and goes on after', async () => {
		const instant: Transport = {
			id: 'mock',
			send: async (req) => ok(req)
		};
		const sent: number[] = [];
		const reported: number[] = [];
		let stored = 0;
		let release = (): void => {};
		let held: Promise<void> | null = null;
		const run = startRun({
			total: 30,
			render: (i) => (sent.push(i), request(i)),
			transport: instant,
			concurrency: 3,
			timeoutMs: 1000,
			onResult: (i) => reported.push(i),
			// "Storage" keeps up with 10 results, then stalls until the test lets it go on.
			backlog: () => {
				if (reported.length - stored < 10) return null;
				return (held ??= new Promise<void>((r) => (release = r)).then(() => {
					stored = reported.length;
					held = null;
				}));
			}
		});
		for (let k = 0; k < 20; k++) await tick();
		expect(run.status).toBe('running');
		const reportedWhileHeld = reported.length;
		// Stopped: each slot reported what it had and renders at most its one next item ahead.
		expect(reportedWhileHeld).toBeGreaterThanOrEqual(10);
		expect(reportedWhileHeld).toBeLessThan(15);
		expect(sent.length).toBeLessThanOrEqual(reportedWhileHeld + 3);
		for (let k = 0; k < 20; k++) await tick();
		expect(reported.length).toBe(reportedWhileHeld);

		while (run.status === 'running') {
			release();
			await tick();
		}
		expect(await run.finished).toBe('done');
		expect(reported.sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i));
	});

	it('goes on when the backlog it waits for fails', async () => {
		const ctl = controlled();
		let failed = false;
		const run = startRun({
			total: 4,
			render: request,
			transport: ctl.transport,
			concurrency: 1,
			timeoutMs: 1000,
			onResult: () => {},
			backlog: () => (failed ? null : ((failed = true), Promise.reject(new Error('disk full'))))
		});
		while (run.status === 'running') {
			ctl.pending.shift()?.resolve();
			await tick();
		}
		expect(await run.finished).toBe('done');
	});
});
