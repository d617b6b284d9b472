import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHelper } from '../../tools/cors-helper.mjs';
import type { RenderedRequest } from '../core';
import type { MockConfig } from '../core/mock/mock';
import { directTransport, helperTransport, mockTransport, pingHelper } from './transports';

const req = (over: Partial<RenderedRequest> = {}): RenderedRequest => ({
	method: 'POST',
	url: 'https://hooks.example.com/in?x=1',
	headers: [['Content-Type', 'application/json']],
	body: '{"a":1}',
	...over
});

/** A fetch that never answers until its signal aborts. */
const hanging: typeof fetch = (_url, init) =>
	new Promise((_, reject) => {
		init?.signal?.addEventListener('abort', () => reject(init.signal!.reason));
	});

describe('directTransport', () => {
	it('returns status, reason, headers, the body and its UTF-8 size', async () => {
		const t = directTransport({
			fetch: async () =>
				new Response('{"city":"Zürich"}', {
					status: 201,
					statusText: 'Created',
					headers: { 'Content-Type': 'application/json', 'X-Req': '7' }
				})
		});
		const o = await t.send(req(), { timeoutMs: 1000 });
		expect(o.error).toBeNull();
		expect(o.response).toMatchObject({
			status: 201,
			statusText: 'Created',
			body: '{"city":"Zürich"}',
			bodyBytes: 18
		});
		expect(o.response!.headers).toContainEqual(['x-req', '7']);
		expect(o.transport).toBe('direct');
		expect(o.timing.totalMs).toBeGreaterThanOrEqual(0);
	});

	it('gives up at the timeout with Marketo’s consequence in words', async () => {
		const o = await directTransport({ fetch: hanging }).send(req(), { timeoutMs: 30 });
		expect(o.response).toBeNull();
		expect(o.error).toMatchObject({ kind: 'timeout' });
		expect(o.error!.message).toContain('Marketo gives up at 30 s');
	});

	it('times out each call at its own deadline, though one timer serves them all', async () => {
		const t = directTransport({
			fetch: (url, init) =>
				String(url).includes('fast')
					? new Promise((resolve) => setTimeout(() => resolve(new Response('ok')), 10))
					: hanging(url, init)
		});
		const t0 = performance.now();
		const at = async (p: ReturnType<typeof t.send>) => {
			const o = await p;
			return { kind: o.error?.kind ?? 'ok', ms: performance.now() - t0 };
		};
		const [slow, quick, answered, none] = await Promise.all([
			at(t.send(req(), { timeoutMs: 120 })),
			at(t.send(req(), { timeoutMs: 40 })),
			at(t.send(req({ url: 'https://fast.example.com/' }), { timeoutMs: 20 })),
			at(t.send(req(), { timeoutMs: 80 }))
		]);
		expect(answered.kind).toBe('ok');
		expect([quick.kind, none.kind, slow.kind]).toEqual(['timeout', 'timeout', 'timeout']);
		// Each at its own time, in deadline order, none early.
		expect(quick.ms).toBeGreaterThanOrEqual(39);
		expect(none.ms).toBeGreaterThanOrEqual(79);
		expect(slow.ms).toBeGreaterThanOrEqual(119);
		expect(quick.ms).toBeLessThan(none.ms);
		expect(none.ms).toBeLessThan(slow.ms);
	});

	it('decodes a body that arrives in chunks split inside a character', async () => {
		const bytes = new TextEncoder().encode('{"city":"Zürich"}');
		const cut = bytes.indexOf(0xc3) + 1; // between the two bytes of ü
		const body = new ReadableStream<Uint8Array>({
			start(c) {
				c.enqueue(bytes.slice(0, cut));
				c.enqueue(bytes.slice(cut));
				c.close();
			}
		});
		const o = await directTransport({ fetch: async () => new Response(body) }).send(req(), {
			timeoutMs: 1000
		});
		expect(o.response).toMatchObject({ body: '{"city":"Zürich"}', bodyBytes: 18 });
	});

	it('reports a cancel as cancelled, not as a timeout', async () => {
		const ctl = new AbortController();
		const p = directTransport({ fetch: hanging }).send(req(), {
			timeoutMs: 5000,
			signal: ctl.signal
		});
		ctl.abort();
		expect((await p).error?.kind).toBe('aborted');
	});

	it('tells CORS apart from a dead server with a no-cors probe', async () => {
		const calls: RequestInit[] = [];
		const corsBlocked: typeof fetch = async (_u, init) => {
			calls.push(init ?? {});
			if (init?.mode === 'no-cors') return new Response(null, { status: 200 });
			throw new TypeError('Failed to fetch');
		};
		const cors = await directTransport({ fetch: corsBlocked, online: () => true }).send(req(), {
			timeoutMs: 1000
		});
		expect(cors.error?.kind).toBe('cors');
		expect(cors.error?.message).toContain('https://hooks.example.com answered');
		expect(cors.error?.message).toContain('local CORS helper');
		expect(calls.map((c) => c.method)).toEqual(['POST', 'HEAD']);

		const dead = await directTransport({
			fetch: async () => {
				throw new TypeError('Failed to fetch');
			},
			online: () => true
		}).send(req(), { timeoutMs: 1000 });
		expect(dead.error?.kind).toBe('network');
		expect(dead.error?.message).toContain('Could not reach https://hooks.example.com');

		const offline = await directTransport({
			fetch: async () => {
				throw new TypeError('Failed to fetch');
			},
			online: () => false
		}).send(req(), { timeoutMs: 1000 });
		expect(offline.error?.message).toContain('You are offline');
	});

	it('does not follow a redirect, and says so', async () => {
		const o = await directTransport({
			fetch: async () => ({ type: 'opaqueredirect', status: 0 }) as Response
		}).send(req(), { timeoutMs: 1000 });
		expect(o.error?.message).toContain('redirect');
	});

	it('stops reading a body past its cap', async () => {
		const o = await directTransport({
			fetch: async () => new Response('x'.repeat(2048)),
			maxBodyBytes: 1024
		}).send(req(), { timeoutMs: 1000 });
		expect(o.error?.kind).toBe('too-large');
	});
});

describe('helperTransport against the real helper and a local upstream', () => {
	let upstream: http.Server;
	let upstreamUrl = '';
	const helper = createHelper({ port: 0, token: 'tok', allowNoOrigin: true, log: () => {} });
	let helperUrl = '';

	beforeAll(async () => {
		upstream = http.createServer((rq, rs) => {
			let body = '';
			rq.on('data', (c) => (body += c));
			rq.on('end', () => {
				if (rq.url === '/slow') return void setTimeout(() => rs.end('late'), 2000);
				rs.writeHead(202, 'Accepted Gladly', [
					['Content-Type', 'application/json'],
					['Set-Cookie', 'secret=1'],
					['X-Multi', 'a'],
					['X-Multi', 'b']
				]);
				rs.end(JSON.stringify({ got: body, method: rq.method, key: rq.headers['x-api-key'] }));
			});
		});
		await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
		upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
		helperUrl = (await helper.listen()).url;
	});
	afterAll(async () => {
		await helper.close();
		upstream.closeAllConnections();
		await new Promise((r) => upstream.close(r));
	});

	it('relays the request and returns the reason phrase, repeated headers and timing', async () => {
		const t = helperTransport({ url: helperUrl, token: 'tok' });
		const o = await t.send(
			req({ url: `${upstreamUrl}/in`, headers: [['X-Api-Key', 'k1']], body: 'a=1&b=2' }),
			{ timeoutMs: 5000 }
		);
		expect(o.error).toBeNull();
		expect(o.response).toMatchObject({ status: 202, statusText: 'Accepted Gladly' });
		expect(JSON.parse(o.response!.body)).toEqual({ got: 'a=1&b=2', method: 'POST', key: 'k1' });
		expect(o.response!.headers!.filter(([n]) => n === 'x-multi')).toEqual([
			['x-multi', 'a'],
			['x-multi', 'b']
		]);
		expect(o.response!.headers!.some(([n]) => n === 'set-cookie')).toBe(false);
		expect(o.timing.ttfbMs).toBeGreaterThanOrEqual(0);
	});

	it('turns a wrong token into a helper error with the fix', async () => {
		const o = await helperTransport({ url: helperUrl, token: 'nope' }).send(
			req({ url: `${upstreamUrl}/in` }),
			{ timeoutMs: 5000 }
		);
		expect(o.response).toBeNull();
		expect(o.error).toMatchObject({ kind: 'helper', helperType: 'unauthorized' });
		expect(o.error!.message).toContain('paste the one it printed');
	});

	it('maps the helper’s timeout to a Marketo timeout', async () => {
		const o = await helperTransport({ url: helperUrl, token: 'tok' }).send(
			req({ url: `${upstreamUrl}/slow` }),
			{ timeoutMs: 200 }
		);
		expect(o.error?.kind).toBe('timeout');
	});

	it('says how to start the helper when nothing answers', async () => {
		const o = await helperTransport({ url: 'http://127.0.0.1:9/', token: 'tok' }).send(req(), {
			timeoutMs: 1000
		});
		expect(o.error).toMatchObject({ kind: 'helper', helperType: 'not-running' });
		expect(o.error!.message).toContain('npm run cors-helper');
		expect(await pingHelper('http://127.0.0.1:9/')).toMatchObject({ ok: false });
		expect(await pingHelper(helperUrl)).toEqual({ ok: true, kind: 'helper' });
	});

	it('reads a proxyscotch answer (headers as an object, no timing)', async () => {
		const o = await helperTransport(
			{ url: 'http://proxy.local/', token: 'tok' },
			{
				fetch: async () =>
					Response.json({
						success: true,
						status: 200,
						statusText: 'OK',
						headers: { 'content-type': 'text/plain' },
						data: 'hi'
					})
			}
		).send(req(), { timeoutMs: 1000 });
		expect(o.response).toMatchObject({
			status: 200,
			headers: [['content-type', 'text/plain']],
			body: 'hi',
			bodyBytes: 2
		});
	});
});

describe('mockTransport', () => {
	const config = (over: Partial<MockConfig> = {}): MockConfig => ({
		status: 200,
		statusText: '',
		delayMs: 0,
		contentType: 'application/json',
		headers: [],
		body: '{"echo":"{{request.json.a}}"}',
		...over
	});

	it('answers from its config and reports what it received', async () => {
		const received: unknown[] = [];
		const t = mockTransport(() => config(), { onReceive: (r) => received.push(r) });
		const o = await t.send(req(), { timeoutMs: 1000 });
		expect(o.response).toMatchObject({ status: 200, statusText: 'OK', body: '{"echo":"1"}' });
		expect(received).toEqual([
			expect.objectContaining({
				method: 'POST',
				query: [['x', '1']],
				json: { ok: true, value: { a: 1 } }
			})
		]);
	});

	it('waits its delay, and times out like Marketo when the delay passes the timeout', async () => {
		const slow = await mockTransport(() => config({ delayMs: 40 })).send(req(), {
			timeoutMs: 1000
		});
		expect(slow.response?.status).toBe(200);
		expect(slow.timing.totalMs).toBeGreaterThanOrEqual(35);
		const late = await mockTransport(() => config({ delayMs: 5000 })).send(req(), {
			timeoutMs: 30
		});
		expect(late.error?.kind).toBe('timeout');
		const ctl = new AbortController();
		const p = mockTransport(() => config({ delayMs: 5000 })).send(req(), {
			timeoutMs: 10_000,
			signal: ctl.signal
		});
		ctl.abort();
		expect((await p).error?.kind).toBe('aborted');
	});

	it('answers at once without a delay, unless the call was cancelled before it went out', async () => {
		const t = mockTransport(() => config());
		const ctl = new AbortController();
		expect((await t.send(req(), { timeoutMs: 30_000, signal: ctl.signal })).response?.status).toBe(
			200
		);
		ctl.abort();
		const cancelled = await t.send(req(), { timeoutMs: 30_000, signal: ctl.signal });
		expect([cancelled.response, cancelled.error?.kind]).toEqual([null, 'aborted']);
		// A timeout of 0 (or less) still times out, as with a delay.
		expect((await t.send(req(), { timeoutMs: 0 })).error?.kind).toBe('timeout');
	});
});
