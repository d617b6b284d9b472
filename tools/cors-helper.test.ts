// The local CORS helper, end to end over loopback: a real upstream server, a real helper, real
// sockets. Nothing leaves 127.0.0.1.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import {
	DEFAULT_ORIGINS,
	HELPER_ID,
	createHelper,
	describeUpstreamError,
	parseCliArgs,
	parseEnvelope
} from './cors-helper.mjs';

const ORIGIN = 'http://localhost:5173';
const TOKEN = 'test-token-0123456789';

interface Seen {
	method: string;
	url: string;
	rawHeaders: string[];
	headers: http.IncomingHttpHeaders;
	body: string;
}

interface HelperErrorBody {
	success: false;
	error: { type: string; message: string };
}

interface EnvelopeReply {
	success: true;
	isBinary: boolean;
	status: number;
	statusText: string;
	headers: Record<string, string>;
	data: string;
	headerList: [string, string][];
	timing: { totalMs: number; ttfbMs: number };
	bodyBytes: number;
	truncated: boolean;
	redirects: { status: number; url: string; location: string }[];
	finalUrl: string;
	helper: string;
}

interface Reply {
	status: number;
	headers: http.IncomingHttpHeaders;
	text: string;
}

type Helper = ReturnType<typeof createHelper>;

const seen = new Map<string, Seen>();
const timers = new Set<NodeJS.Timeout>();
let upstream: http.Server;
let upstreamBase: string;
let upstreamPort: number;
let hugeClosed: Promise<void>;
let markHugeClosed: () => void;

// Routes of the fake upstream, by path.
function route(req: http.IncomingMessage, res: http.ServerResponse, body: string) {
	const path = (req.url ?? '/').split('?')[0] ?? '/';
	seen.set(path, {
		method: req.method ?? '',
		url: req.url ?? '',
		rawHeaders: req.rawHeaders,
		headers: req.headers,
		body
	});
	if (path === '/echo') {
		res.statusCode = 201;
		res.statusMessage = 'Created Just Now';
		res.setHeader('Content-Type', 'text/plain; charset=utf-8');
		res.setHeader('X-Multi', ['first', 'second']);
		res.setHeader('Set-Cookie', ['a=1', 'b=2']);
		res.setHeader('X-Hop', 'named in Connection');
		res.setHeader('Connection', 'close, X-Hop');
		return res.end(`got ${body.length} chars: ${body}`);
	}
	const status = /^\/status\/(\d{3})$/.exec(path);
	if (status) {
		res.statusCode = Number(status[1]);
		return res.end(`status ${status[1]}`);
	}
	const encoded: Record<string, [string, (text: string) => Buffer]> = {
		'/gzip': ['gzip', (t) => zlib.gzipSync(t)],
		'/deflate': ['deflate', (t) => zlib.deflateSync(t)],
		'/deflate-raw': ['deflate', (t) => zlib.deflateRawSync(t)],
		'/br': ['br', (t) => zlib.brotliCompressSync(t)]
	};
	const encoding = encoded[path];
	if (encoding) {
		const bytes = encoding[1](`{"decoded":"${path}","pad":"${'x'.repeat(2000)}"}`);
		res.writeHead(200, {
			'Content-Type': 'application/json',
			'Content-Encoding': encoding[0],
			'Content-Length': bytes.length
		});
		return res.end(bytes);
	}
	if (path === '/binary') {
		res.setHeader('Content-Type', 'application/octet-stream');
		return res.end(Buffer.from([0, 1, 2, 250, 255]));
	}
	if (path === '/slow') {
		const timer = setTimeout(() => res.end('too late'), 2000);
		timers.add(timer);
		res.on('close', () => clearTimeout(timer));
		return;
	}
	if (path === '/huge') {
		// Streams without end; only the helper hanging up stops it.
		const chunk = Buffer.alloc(16 * 1024, 'y');
		res.on('close', markHugeClosed);
		const pump = () => {
			if (res.destroyed) return;
			if (res.write(chunk)) setImmediate(pump);
			else res.once('drain', pump);
		};
		return pump();
	}
	const hop = /^\/redirect\/(\d+)$/.exec(path);
	if (hop) {
		const left = Number(hop[1]);
		if (left === 0) return res.end(`landed with ${req.method}`);
		res.writeHead(left % 2 === 0 ? 302 : 307, { Location: `/redirect/${left - 1}` });
		return res.end('moved');
	}
	res.statusCode = 418;
	res.end('no such route');
}

function startServer(server: http.Server): Promise<number> {
	return new Promise((resolve) =>
		server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port))
	);
}

function call(
	port: number,
	options: { method?: string; path?: string; headers?: Record<string, string>; body?: string } = {}
): Promise<Reply> {
	return new Promise((resolve, reject) => {
		const req = http.request(
			{
				host: '127.0.0.1',
				port,
				method: options.method ?? 'POST',
				path: options.path ?? '/',
				headers: options.headers,
				agent: false
			},
			(res) => {
				const chunks: Buffer[] = [];
				res.on('data', (c: Buffer) => chunks.push(c));
				res.on('end', () =>
					resolve({
						status: res.statusCode ?? 0,
						headers: res.headers,
						text: Buffer.concat(chunks).toString('utf8')
					})
				);
			}
		);
		req.on('error', reject);
		req.end(options.body);
	});
}

/** POSTs an envelope from the allowed origin with the bearer token. */
function relay(
	port: number,
	envelope: unknown,
	headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` }
): Promise<Reply> {
	return call(port, {
		headers: { origin: ORIGIN, 'content-type': 'application/json', ...headers },
		body: JSON.stringify(envelope)
	});
}

function okBody(reply: Reply): EnvelopeReply {
	expect(reply.status).toBe(200);
	expect(reply.headers['x-helper-error']).toBeUndefined();
	return JSON.parse(reply.text) as EnvelopeReply;
}

function expectError(reply: Reply, status: number, type: string): HelperErrorBody {
	expect(reply.status).toBe(status);
	expect(reply.headers['x-helper-error']).toBe(type);
	const body = JSON.parse(reply.text) as HelperErrorBody;
	expect(body.success).toBe(false);
	expect(body.error.type).toBe(type);
	expect(body.error.message.length).toBeGreaterThan(10);
	return body;
}

let main: Helper;
let mainPort: number;
const logs: string[] = [];
let strict: Helper;
let strictPort: number;
let open: Helper;
let openPort: number;

beforeAll(async () => {
	hugeClosed = new Promise((resolve) => (markHugeClosed = resolve));
	upstream = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => route(req, res, Buffer.concat(chunks).toString('utf8')));
	});
	upstreamPort = await startServer(upstream);
	upstreamBase = `http://127.0.0.1:${upstreamPort}`;

	main = createHelper({
		port: 0,
		token: TOKEN,
		maxResponseBytes: 64 * 1024,
		maxRedirects: 3,
		log: (line) => logs.push(line)
	});
	mainPort = (await main.listen()).port;
	strict = createHelper({
		port: 0,
		token: TOKEN,
		maxRequestBytes: 1024,
		maxTimeoutMs: 100,
		log: () => {}
	});
	strictPort = (await strict.listen()).port;
	open = createHelper({ port: 0, token: TOKEN, allowNoOrigin: true, log: () => {} });
	openPort = (await open.listen()).port;
});

afterAll(async () => {
	for (const timer of timers) clearTimeout(timer);
	await Promise.all([main.close(), strict.close(), open.close()]);
	upstream.closeAllConnections();
	await new Promise((resolve) => upstream.close(resolve));
});

describe('forwarding', () => {
	it('delivers method, path, query, headers and body intact, minus cookies and hop-by-hop headers', async () => {
		const reply = await relay(mainPort, {
			method: 'post',
			url: `${upstreamBase}/echo?a=1&secret=q1`,
			params: { b: '2', a: 'replaced' },
			headers: [
				['Content-Type', 'application/x-www-form-urlencoded'],
				['X-Api-Key', 'hdr-secret'],
				['X-Repeat', 'one'],
				['X-Repeat', 'two'],
				['Cookie', 'session=browser'],
				['Connection', 'keep-alive, X-Private-Hop'],
				['X-Private-Hop', 'dropped'],
				['Keep-Alive', 'timeout=5'],
				['TE', 'trailers'],
				['Trailer', 'X-Later'],
				['Upgrade', 'websocket'],
				['Proxy-Authorization', 'Basic eA=='],
				['Proxy-Connection', 'keep-alive'],
				['Transfer-Encoding', 'chunked'],
				['Host', 'spoofed.example'],
				['Content-Length', '999']
			],
			data: 'email=a%40b.c&name=Zo%C3%AB&note=body-secret ✓'
		});
		okBody(reply);
		const got = seen.get('/echo');
		expect(got?.method).toBe('POST');
		expect(got?.url).toBe('/echo?a=replaced&secret=q1&b=2');
		expect(got?.body).toBe('email=a%40b.c&name=Zo%C3%AB&note=body-secret ✓');
		// Exactly what was sent, in order and case; Node adds only its own Connection for this hop.
		expect(got?.rawHeaders).toEqual([
			'Host',
			`127.0.0.1:${upstreamPort}`,
			'Content-Type',
			'application/x-www-form-urlencoded',
			'X-Api-Key',
			'hdr-secret',
			'X-Repeat',
			'one',
			'X-Repeat',
			'two',
			'Content-Length',
			String(Buffer.byteLength('email=a%40b.c&name=Zo%C3%AB&note=body-secret ✓')),
			'Connection',
			'close'
		]);
		expect(got?.headers['via']).toBeUndefined();
		expect(got?.headers['x-forwarded-for']).toBeUndefined();
		expect(got?.headers['user-agent']).toBeUndefined();
	});

	it('returns status, reason phrase, repeated headers, timing and body, without Set-Cookie', async () => {
		const body = okBody(
			await relay(mainPort, { method: 'POST', url: `${upstreamBase}/echo`, data: 'hi' })
		);
		expect(body.success).toBe(true);
		expect(body.isBinary).toBe(false);
		expect(body.status).toBe(201);
		expect(body.statusText).toBe('Created Just Now');
		expect(body.data).toBe('got 2 chars: hi');
		expect(body.bodyBytes).toBe(15);
		expect(body.truncated).toBe(false);
		expect(body.redirects).toEqual([]);
		expect(body.finalUrl).toBe(`${upstreamBase}/echo`);
		expect(body.helper).toBe(HELPER_ID);
		const names = body.headerList.map(([name]) => name);
		expect(body.headerList.filter(([name]) => name === 'x-multi')).toEqual([
			['x-multi', 'first'],
			['x-multi', 'second']
		]);
		expect(body.headers['x-multi']).toBe('first, second');
		expect(body.headers['content-type']).toBe('text/plain; charset=utf-8');
		expect(body.headers['content-length']).toBe('15');
		for (const dropped of [
			'set-cookie',
			'connection',
			'x-hop',
			'keep-alive',
			'transfer-encoding'
		]) {
			expect(names).not.toContain(dropped);
			expect(body.headers[dropped]).toBeUndefined();
		}
		expect(body.timing.totalMs).toBeGreaterThanOrEqual(body.timing.ttfbMs);
		expect(body.timing.ttfbMs).toBeGreaterThan(0);
	});

	it('accepts the object header form and the token in accessToken (the proxyscotch way)', async () => {
		const reply = await relay(
			mainPort,
			{
				accessToken: TOKEN,
				wantsBinary: false,
				method: 'PUT',
				url: `${upstreamBase}/echo`,
				headers: { 'content-type': 'application/json', 'x-list': ['1', '2'] },
				data: '{"id":1}'
			},
			{}
		);
		expect(okBody(reply).status).toBe(201);
		const got = seen.get('/echo');
		expect(got?.method).toBe('PUT');
		expect(got?.headers['x-list']).toBe('1, 2');
		expect(got?.body).toBe('{"id":1}');
	});

	it('returns base64 with isBinary when wantsBinary is set', async () => {
		const body = okBody(
			await relay(mainPort, { method: 'GET', url: `${upstreamBase}/binary`, wantsBinary: true })
		);
		expect(body.isBinary).toBe(true);
		expect(body.data).toBe(Buffer.from([0, 1, 2, 250, 255]).toString('base64'));
		expect(body.bodyBytes).toBe(5);
	});

	it.each([404, 500])(
		'treats an upstream %i as a relayed answer, not a helper error',
		async (code) => {
			const body = okBody(
				await relay(mainPort, { method: 'GET', url: `${upstreamBase}/status/${code}` })
			);
			expect(body.success).toBe(true);
			expect(body.status).toBe(code);
			expect(body.data).toBe(`status ${code}`);
		}
	);

	it.each(['/gzip', '/deflate', '/deflate-raw', '/br'])(
		'decodes a compressed body (%s) and drops the stale encoding headers',
		async (path) => {
			const body = okBody(await relay(mainPort, { method: 'GET', url: `${upstreamBase}${path}` }));
			expect(JSON.parse(body.data)).toEqual({ decoded: path, pad: 'x'.repeat(2000) });
			expect(body.bodyBytes).toBe(body.data.length);
			expect(body.headers['content-encoding']).toBeUndefined();
			expect(body.headers['content-length']).toBeUndefined();
			expect(body.headers['content-type']).toBe('application/json');
		}
	);

	it('logs method, host and path only: never bodies, query strings or header values', async () => {
		logs.length = 0;
		await relay(mainPort, {
			method: 'POST',
			url: `${upstreamBase}/echo?secret=q1`,
			headers: [['X-Api-Key', 'hdr-secret']],
			data: 'body-secret'
		});
		await relay(mainPort, { url: 'file:///etc/secret' });
		expect(logs).toHaveLength(2);
		expect(logs[0]).toMatch(
			new RegExp(`^POST 127\\.0\\.0\\.1:${upstreamPort}/echo -> 201 \\(\\d+ ms\\)$`)
		);
		expect(logs[1]).toBe('refused: bad-request');
		expect(logs.join('\n')).not.toMatch(/secret/);
	});
});

describe('redirects', () => {
	it('returns a 3xx as is by default', async () => {
		const body = okBody(
			await relay(mainPort, { method: 'GET', url: `${upstreamBase}/redirect/2` })
		);
		expect(body.status).toBe(302);
		expect(body.headers['location']).toBe('/redirect/1');
		expect(body.data).toBe('moved');
		expect(body.redirects).toEqual([]);
	});

	it('follows up to the cap when asked, reporting each hop (302 turns POST into GET)', async () => {
		const body = okBody(
			await relay(mainPort, {
				method: 'POST',
				url: `${upstreamBase}/redirect/3`,
				data: 'x',
				followRedirects: true
			})
		);
		expect(body.status).toBe(200);
		// 307 keeps the method, then 302 turns POST into GET, then 307 keeps GET.
		expect(body.data).toBe('landed with GET');
		expect(body.finalUrl).toBe(`${upstreamBase}/redirect/0`);
		expect(body.redirects).toEqual([
			{ status: 307, url: `${upstreamBase}/redirect/3`, location: `${upstreamBase}/redirect/2` },
			{ status: 302, url: `${upstreamBase}/redirect/2`, location: `${upstreamBase}/redirect/1` },
			{ status: 307, url: `${upstreamBase}/redirect/1`, location: `${upstreamBase}/redirect/0` }
		]);
		expect(seen.get('/redirect/3')?.method).toBe('POST');
		expect(seen.get('/redirect/2')?.method).toBe('POST');
		expect(seen.get('/redirect/1')?.method).toBe('GET');
	});

	it('refuses a chain longer than --max-redirects', async () => {
		const reply = await relay(mainPort, {
			method: 'GET',
			url: `${upstreamBase}/redirect/4`,
			followRedirects: true
		});
		expectError(reply, 502, 'redirects');
	});
});

describe('preflight and CORS', () => {
	it('answers a preflight from an allowed origin', async () => {
		const reply = await call(mainPort, {
			method: 'OPTIONS',
			headers: {
				origin: 'http://127.0.0.1:4173',
				'access-control-request-method': 'POST',
				'access-control-request-headers': 'authorization, content-type'
			}
		});
		expect(reply.status).toBe(204);
		expect(reply.headers['access-control-allow-origin']).toBe('http://127.0.0.1:4173');
		expect(reply.headers['vary']).toBe('Origin');
		expect(reply.headers['access-control-allow-methods']).toBe('POST, OPTIONS');
		expect(reply.headers['access-control-allow-headers']).toBe('content-type, authorization');
		expect(reply.headers['access-control-allow-private-network']).toBe('true');
		expect(reply.headers['access-control-allow-credentials']).toBeUndefined();
	});

	it('reflects the allowed origin on relayed answers and on its own errors', async () => {
		const ok = await relay(mainPort, { method: 'GET', url: `${upstreamBase}/status/204` });
		expect(ok.headers['access-control-allow-origin']).toBe(ORIGIN);
		expect(ok.headers['access-control-expose-headers']).toBe('X-Helper-Error');
		const refused = await relay(mainPort, { url: `${upstreamBase}/echo` }, {});
		expect(refused.headers['access-control-allow-origin']).toBe(ORIGIN);
	});

	it('answers the proxyscotch-style handshake on GET /', async () => {
		const reply = await call(mainPort, { method: 'GET', headers: { origin: ORIGIN } });
		const body = JSON.parse(reply.text) as { success: boolean; data: object; helper: string };
		expect(reply.status).toBe(200);
		expect(body.success).toBe(true);
		expect(body.data).toMatchObject({ isProtected: true });
		expect(body.helper).toBe(HELPER_ID);
	});
});

describe('refusals', () => {
	it('refuses an origin that is not on the list, without any CORS allow header', async () => {
		for (const method of ['POST', 'OPTIONS']) {
			const reply = await call(mainPort, {
				method,
				headers: { origin: 'https://evil.example', authorization: `Bearer ${TOKEN}` },
				body: JSON.stringify({ url: `${upstreamBase}/echo` })
			});
			expectError(reply, 403, 'origin');
			expect(reply.headers['access-control-allow-origin']).toBeUndefined();
			expect(reply.headers['access-control-allow-methods']).toBeUndefined();
		}
	});

	it('refuses a request without Origin unless --allow-no-origin', async () => {
		const envelope = JSON.stringify({ method: 'GET', url: `${upstreamBase}/status/200` });
		const auth = { authorization: `Bearer ${TOKEN}` };
		expectError(await call(mainPort, { headers: auth, body: envelope }), 403, 'origin');
		const allowed = JSON.parse((await call(openPort, { headers: auth, body: envelope })).text);
		expect(allowed).toMatchObject({ success: true, status: 200 });
	});

	it('refuses a missing token and a wrong one', async () => {
		const envelope = { method: 'GET', url: `${upstreamBase}/status/203` };
		expectError(await relay(mainPort, envelope, {}), 401, 'unauthorized');
		expectError(
			await relay(mainPort, { ...envelope, accessToken: 'nope' }, { authorization: 'Bearer nope' }),
			401,
			'unauthorized'
		);
		expectError(
			await relay(mainPort, envelope, { authorization: `Basic ${TOKEN}` }),
			401,
			'unauthorized'
		);
		expect(seen.has('/status/203')).toBe(false);
	});

	it('refuses a Host header other than its own loopback address (DNS rebinding)', async () => {
		const reply = await call(mainPort, {
			headers: {
				host: `evil.example:${mainPort}`,
				origin: ORIGIN,
				authorization: `Bearer ${TOKEN}`
			},
			body: JSON.stringify({ url: `${upstreamBase}/echo` })
		});
		expectError(reply, 403, 'host');
		const local = await call(mainPort, {
			method: 'GET',
			headers: { host: `localhost:${mainPort}`, origin: ORIGIN }
		});
		expect(local.status).toBe(200);
	});

	it('refuses an envelope over --max-request-bytes, announced or streamed', async () => {
		const reply = await relay(strictPort, {
			method: 'POST',
			url: `${upstreamBase}/echo`,
			data: 'z'.repeat(5000)
		});
		expectError(reply, 413, 'too-large');
		// Chunked, so no Content-Length warns the helper: it has to count while reading.
		const streamed = await new Promise<Reply>((resolve, reject) => {
			const req = http.request(
				{
					host: '127.0.0.1',
					port: strictPort,
					method: 'POST',
					agent: false,
					headers: { origin: ORIGIN, authorization: `Bearer ${TOKEN}` }
				},
				(res) => {
					let text = '';
					res.on('data', (c: Buffer) => (text += c.toString('utf8')));
					res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
				}
			);
			req.on('error', reject);
			req.write(`{"url":"${upstreamBase}/echo","data":"`);
			req.end(`${'z'.repeat(3000)}"}`);
		});
		expect(streamed.headers['content-length']).not.toBe('0');
		expectError(streamed, 413, 'too-large');
	});

	it('aborts an upstream response over --max-response-bytes instead of buffering it', async () => {
		const reply = await relay(mainPort, { method: 'GET', url: `${upstreamBase}/huge` });
		expect(expectError(reply, 502, 'too-large').error.message).toContain('65536 bytes');
		// The endless upstream only stops because the helper hung up on it.
		await hugeClosed;
	});

	it('gives up on an upstream slower than timeoutMs', async () => {
		const started = Date.now();
		const reply = await relay(mainPort, {
			method: 'GET',
			url: `${upstreamBase}/slow`,
			timeoutMs: 100
		});
		expectError(reply, 504, 'timeout');
		expect(Date.now() - started).toBeLessThan(1500);
	});

	it('caps timeoutMs at --max-timeout-ms', async () => {
		const started = Date.now();
		const reply = await relay(strictPort, {
			method: 'GET',
			url: `${upstreamBase}/slow`,
			timeoutMs: 60_000
		});
		expect(expectError(reply, 504, 'timeout').error.message).toContain('within 100 ms');
		expect(Date.now() - started).toBeLessThan(1500);
	});

	it('reports a refused connection in plain words', async () => {
		const closed = http.createServer();
		const port = await startServer(closed);
		await new Promise((resolve) => closed.close(resolve));
		const reply = await relay(mainPort, { method: 'POST', url: `http://127.0.0.1:${port}/hook` });
		expect(expectError(reply, 502, 'connect').error.message).toBe(
			`The helper could not connect to 127.0.0.1:${port} (connection refused). Is the server running?`
		);
	});

	it('refuses malformed JSON', async () => {
		const reply = await call(mainPort, {
			headers: { origin: ORIGIN, authorization: `Bearer ${TOKEN}` },
			body: '{"url": '
		});
		expect(expectError(reply, 400, 'bad-request').error.message).toBe(
			'The request to the helper is not valid JSON.'
		);
	});

	it.each([
		['a file: URL', { url: 'file:///etc/passwd' }],
		['a missing url', { method: 'GET' }],
		['a relative url', { url: '/echo' }],
		['a bad method', { url: 'http://127.0.0.1:1/', method: 'GE T' }],
		['a CONNECT tunnel', { url: 'http://127.0.0.1:1/', method: 'CONNECT' }],
		['a header with a line break', { url: 'http://127.0.0.1:1/', headers: [['X-A', 'a\r\nB: c']] }],
		['a non-string body', { url: 'http://127.0.0.1:1/', data: { a: 1 } }],
		['a JSON array', []]
	])('refuses %s as bad-request', async (_label, envelope) => {
		expectError(await relay(mainPort, envelope), 400, 'bad-request');
	});

	it('refuses a url that points back at the helper', async () => {
		const reply = await relay(mainPort, { url: `http://localhost:${mainPort}/` });
		expectError(reply, 400, 'bad-request');
	});
});

describe('pure pieces', () => {
	it('maps DNS failures to the dns type', () => {
		const url = new URL('https://nowhere.invalid/hook');
		const notFound = describeUpstreamError(
			Object.assign(new Error('x'), { code: 'ENOTFOUND' }),
			url
		);
		expect([notFound.type, notFound.status]).toEqual(['dns', 502]);
		expect(notFound.message).toContain('nowhere.invalid');
		const again = describeUpstreamError(Object.assign(new Error('x'), { code: 'EAI_AGAIN' }), url);
		expect(again.type).toBe('dns');
		const tls = describeUpstreamError(
			Object.assign(new Error('x'), { code: 'CERT_HAS_EXPIRED' }),
			url
		);
		expect([tls.type, tls.message]).toEqual([
			'upstream',
			'The TLS certificate of nowhere.invalid:443 was not accepted (CERT_HAS_EXPIRED).'
		]);
	});

	it('applies proxyscotch basic auth over any Authorization header', () => {
		const envelope = parseEnvelope(
			{
				url: 'http://example.test/x',
				headers: [['authorization', 'Bearer old']],
				auth: { username: 'u', password: 'p' }
			},
			{ timeoutMs: 30_000, maxTimeoutMs: 120_000 }
		);
		expect(envelope.method).toBe('GET');
		expect(envelope.headers).toEqual([['Authorization', 'Basic dTpw']]);
		expect(envelope.timeoutMs).toBe(30_000);
	});

	it('reads the command line', () => {
		expect(parseCliArgs([])).toEqual({ help: false, options: {} });
		expect(
			parseCliArgs([
				'--port',
				'0',
				'--token',
				'T',
				'--allow-origin',
				'https://a.example',
				'--allow-origin=https://b.example:8443/',
				'--allow-no-origin',
				'--max-request-bytes',
				'100',
				'--max-response-bytes',
				'200',
				'--timeout-ms',
				'300',
				'--max-timeout-ms',
				'400',
				'--max-redirects',
				'0'
			])
		).toEqual({
			help: false,
			options: {
				port: 0,
				token: 'T',
				allowOrigins: ['https://a.example', 'https://b.example:8443'],
				allowNoOrigin: true,
				maxRequestBytes: 100,
				maxResponseBytes: 200,
				timeoutMs: 300,
				maxTimeoutMs: 400,
				maxRedirects: 0
			}
		});
		expect(parseCliArgs(['--help']).help).toBe(true);
		expect(() => parseCliArgs(['--port', 'x'])).toThrow('--port needs a whole number');
		expect(() => parseCliArgs(['--allow-origin', 'https://a.example/app'])).toThrow('no path');
		expect(() => parseCliArgs(['--nope'])).toThrow();
		expect(DEFAULT_ORIGINS).toEqual([
			'http://localhost:5173',
			'http://127.0.0.1:5173',
			'http://localhost:4173',
			'http://127.0.0.1:4173'
		]);
	});

	it('generates a fresh base64url token per helper', () => {
		const a = createHelper({ log: () => {} }).token;
		const b = createHelper({ log: () => {} }).token;
		expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
		expect(a).not.toBe(b);
	});
});
