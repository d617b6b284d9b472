import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A webhook target on 127.0.0.1 for the send journeys. Every path answers CORS (preflights too)
 * unless it starts with /nocors. Paths:
 * - /enrich: the Enrichment example's JSON answer, plus what was received under `echo`
 * - /status/<n>: that status with a small JSON body
 * - /empty: 200 with no body
 * - /malformed: 200 with JSON cut off mid-object
 * - /xml: a SOAP answer for the CRM example's XML mappings
 * - /big: a 10 MB JSON body
 * - /slow: answers after 40 s (past Marketo's 30 s timeout)
 */
export interface Upstream {
	url: string;
	/** How many requests each path got (OPTIONS preflights not counted). */
	hits: Map<string, number>;
	close(): Promise<void>;
}

export const ENRICH_ANSWER = {
	person: { title: 'VP Marketing', location: { city: 'Boston' } },
	scores: [{ value: 88 }]
};

const SOAP_ANSWER = `<?xml version="1.0" encoding="utf-8"?>
<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">
  <soap:Body>
    <UpsertLeadResponse xmlns="urn:crm">
      <Result><Status>Qualified</Status><Score>91</Score></Result>
    </UpsertLeadResponse>
  </soap:Body>
</soap:Envelope>`;

export async function startUpstream(): Promise<Upstream> {
	const hits = new Map<string, number>();
	const big = JSON.stringify({ items: 'x'.repeat(10 * 1024 * 1024) });
	const server = http.createServer((req, res) => {
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		const path = url.pathname;
		const cors = !path.startsWith('/nocors');
		if (cors) {
			res.setHeader('Access-Control-Allow-Origin', req.headers.origin ?? '*');
			res.setHeader('Access-Control-Allow-Methods', 'GET, POST, PUT, PATCH, DELETE');
			res.setHeader(
				'Access-Control-Allow-Headers',
				req.headers['access-control-request-headers'] ?? '*'
			);
			res.setHeader('Access-Control-Expose-Headers', '*');
		}
		if (req.method === 'OPTIONS') return res.writeHead(204).end();
		hits.set(path, (hits.get(path) ?? 0) + 1);
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			const body = Buffer.concat(chunks).toString('utf8');
			const json = (status: number, value: unknown, reason?: string) => {
				res.writeHead(status, reason ?? http.STATUS_CODES[status], {
					'Content-Type': 'application/json'
				});
				res.end(JSON.stringify(value));
			};
			const status = /^\/status\/(\d{3})$/.exec(path);
			if (path.endsWith('/enrich'))
				return json(200, {
					...ENRICH_ANSWER,
					echo: { method: req.method, query: Object.fromEntries(url.searchParams), body }
				});
			if (status) return json(Number(status[1]), { error: `status ${status[1]}` });
			if (path === '/empty') return res.writeHead(200, 'OK').end();
			if (path === '/malformed') {
				res.writeHead(200, { 'Content-Type': 'application/json' });
				return res.end('{"person": {"title": "VP"');
			}
			if (path === '/xml') {
				res.writeHead(200, { 'Content-Type': 'text/xml; charset=utf-8' });
				return res.end(SOAP_ANSWER);
			}
			if (path === '/big') {
				res.writeHead(200, { 'Content-Type': 'application/json' });
				return res.end(big);
			}
			if (path === '/slow') {
				const timer = setTimeout(() => json(200, ENRICH_ANSWER), 40_000);
				res.on('close', () => clearTimeout(timer));
				return;
			}
			json(404, { error: 'no such path' });
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		hits,
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			})
	};
}
