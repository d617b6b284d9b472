import { describe, expect, it } from 'vitest';
import type { RenderedRequest } from '../types';
import { checkSend, isForbiddenHeader, needsPreflight } from './preflight';

const req = (over: Partial<RenderedRequest> = {}): RenderedRequest => ({
	method: 'POST',
	url: 'https://hooks.example.com/in',
	headers: [['Content-Type', 'application/json']],
	body: '{}',
	...over
});
const env = { online: true, pageOrigin: 'http://127.0.0.1:4173', helperToken: 'tok' };
const codes = (notes: { code: string }[]) => notes.map((n) => n.code);

describe('needsPreflight', () => {
	it('sends none for a form POST with simple headers', () => {
		expect(
			needsPreflight(req({ headers: [['Content-Type', 'application/x-www-form-urlencoded']] }))
		).toBe(false);
		expect(needsPreflight(req({ method: 'GET', headers: [], body: null }))).toBe(false);
	});
	it('sends one for JSON, custom headers and PUT/PATCH/DELETE', () => {
		expect(needsPreflight(req())).toBe(true);
		expect(needsPreflight(req({ headers: [['X-Api-Key', 'k']] }))).toBe(true);
		expect(needsPreflight(req({ method: 'PUT', headers: [] }))).toBe(true);
	});
});

describe('checkSend', () => {
	it('explains the preflight a direct JSON POST to another origin needs', () => {
		const notes = checkSend(req(), 'direct', env);
		expect(codes(notes)).toEqual(['cors-preflight']);
		expect(notes[0]!.message).toContain('https://hooks.example.com');
		expect(notes[0]!.message).toContain('Access-Control-Allow-Origin');
	});

	it('warns that the browser drops forbidden headers on a direct send only', () => {
		const r = req({
			headers: [
				['Host', 'api.example.com'],
				['Cookie', 'a=1'],
				['X-Ok', '1']
			]
		});
		const note = checkSend(r, 'direct', env).find((n) => n.code === 'forbidden-header');
		expect(note?.message).toContain('"Host", "Cookie"');
		expect(codes(checkSend(r, 'helper', env))).toEqual([]);
		expect(isForbiddenHeader('Sec-Fetch-Mode')).toBe(true);
		expect(isForbiddenHeader('Proxy-Authorization')).toBe(true);
		expect(isForbiddenHeader('Authorization')).toBe(false);
	});

	it('refuses a direct send offline and points at the mock, which works offline', () => {
		const offline = { ...env, online: false };
		const notes = checkSend(req(), 'direct', offline);
		expect(notes[0]).toMatchObject({ severity: 'error', code: 'offline' });
		expect(notes[0]!.message).toContain('Mock endpoint');
		expect(codes(checkSend(req(), 'mock', offline))).toEqual(['mock-url']);
	});

	it('blocks plain http from an https page, except loopback', () => {
		const https = { ...env, pageOrigin: 'https://me.github.io' };
		expect(codes(checkSend(req({ url: 'http://api.example.com/x' }), 'direct', https))).toContain(
			'mixed-content'
		);
		expect(
			codes(checkSend(req({ url: 'http://127.0.0.1:8080/x' }), 'direct', https))
		).not.toContain('mixed-content');
	});

	it('asks for the helper token before a helper send', () => {
		const notes = checkSend(req(), 'helper', { ...env, helperToken: '  ' });
		expect(notes).toEqual([expect.objectContaining({ severity: 'error', code: 'helper-token' })]);
	});

	it('says when the URL is not complete', () => {
		const notes = checkSend(req({ url: 'hooks.example.com/in' }), 'direct', env);
		expect(notes[0]).toMatchObject({ severity: 'error', code: 'invalid-url' });
		expect(notes[0]!.message).toContain('"hooks.example.com/in"');
	});
});
