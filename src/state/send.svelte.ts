import {
	TRANSPORT_LABELS,
	applyChanges,
	applyResponseMappings,
	changesFor,
	checkSend,
	isSuccess,
	marketoProfile,
	type CallActivity,
	type FieldChange,
	type MappingResult,
	type PlatformProfile,
	type PreflightNote,
	type SendOutcome,
	type TransportId,
	type WebhookDefinition
} from '../core';
import { defaultMockConfig, type MockConfig, type ReceivedRequest } from '../core/mock/mock';
import { ActivityRepo, defaultSendSettings, type SendSettings } from '../persistence';
import {
	directTransport,
	helperTransport,
	mockTransport,
	pingHelper,
	type Transport
} from '../send/transports';
import { newId } from './ids';
import { leadLabel, type WorkspaceState } from './workspace.svelte';

/** The response body kept in the activity log, per call (the viewer keeps the whole last one). */
export const LOGGED_BODY_CHARS = 64 * 1024;

/**
 * Activities kept in memory for the log view; older ones stay in IndexedDB (a 100,000-lead run
 * would otherwise hold every call in the page). Export reads them all back from storage.
 */
export const MEMORY_ACTIVITIES = 5000;
/**
 * Activities of a campaign run listed while it logs; {@link SendState.reloadNewest} reads the
 * newest {@link MEMORY_ACTIVITIES} back when it ends. Every record is stored at once; the page
 * holds a run's calls only briefly, so that the young generation sweeps them away instead of V8
 * promoting 100 MB of them to the old one, whose collection stalls the page mid-run.
 */
export const RUN_MEMORY_ACTIVITIES = 500;
/**
 * A run's calls are listed (`activities`, `total`) at most this often. Each change of the list
 * recomputes what depends on it (the calculator's measured latency), and the Svelte updates held
 * every listed record long enough for V8 to promote it: listing each batch of a fast run promoted
 * 3.5 MB per young-generation collection, against 1.3 MB with the list left alone.
 */
export const RUN_LIST_MS = 1000;

/** The last `n` of `list` (the list itself when it is no longer). */
const newest = <T>(list: T[], n: number): T[] => (list.length > n ? list.slice(-n) : list);

/** The last send from the editor: what went out, what came back, what it would change. */
export interface LastSend {
	outcome: SendOutcome | null;
	/** Set when no request was made (batch campaign: Marketo error 1000). */
	notSent: string | null;
	activityId: string;
	webhookId: string;
	leadId: string;
	mapping: MappingResult | null;
	changes: FieldChange[];
	written: boolean;
}

export interface ActivityFilter {
	webhookId?: string;
	/**
	 * A lead id, or part of the lead's label in the log (its name, or its email when it has none),
	 * in any case.
	 */
	lead?: string;
	outcome?: CallActivity['outcome'] | '';
}

export interface SendDeps {
	repo?: ActivityRepo;
	profile?: PlatformProfile;
	/** Builds the transport for a send (tests inject fakes). */
	transportFor?: (id: TransportId, state: SendState, forRun: boolean) => Transport;
	online?: () => boolean;
	pageOrigin?: string;
}

function mockConfigOf(x: unknown, webhook: WebhookDefinition): MockConfig {
	const d = defaultMockConfig(webhook);
	if (typeof x !== 'object' || x === null) return d;
	const m = x as Partial<MockConfig>;
	return {
		status: typeof m.status === 'number' ? m.status : d.status,
		statusText: typeof m.statusText === 'string' ? m.statusText : d.statusText,
		delayMs: typeof m.delayMs === 'number' ? m.delayMs : d.delayMs,
		contentType: typeof m.contentType === 'string' ? m.contentType : d.contentType,
		headers: Array.isArray(m.headers) ? m.headers : d.headers,
		body: typeof m.body === 'string' ? m.body : d.body
	};
}

/** One call as the activity log keeps it (the body capped at {@link LOGGED_BODY_CHARS}). */
export function toActivity(
	o: SendOutcome,
	meta: {
		id: string;
		webhook: WebhookDefinition;
		leadId: string;
		leadLabel: string;
		runId?: string;
		bodyChars?: number;
	}
): CallActivity {
	const cap = meta.bodyChars ?? LOGGED_BODY_CHARS;
	const r = o.response;
	const body = r?.body ?? '';
	const a: CallActivity = {
		id: meta.id,
		at: o.startedAt,
		webhookId: meta.webhook.id,
		webhookName: meta.webhook.name,
		leadId: meta.leadId,
		leadLabel: meta.leadLabel,
		transport: o.transport,
		request: o.request,
		status: r ? r.status : null,
		errorType: r ? r.statusText || String(r.status) : errorTypeOf(o),
		response: body.length > cap ? body.slice(0, cap) : body,
		responseTruncated: body.length > cap,
		responseHeaders: r?.headers ?? [],
		durationMs: Math.round(o.timing.totalMs * 10) / 10,
		outcome: r ? (isSuccess(r.status) ? 'success' : 'http-error') : 'failed',
		changes: []
	};
	if (o.error) a.error = o.error.message;
	if (meta.runId) a.runId = meta.runId;
	return a;
}

function matches(f: ActivityFilter): (a: CallActivity) => boolean {
	const lead = f.lead?.trim().toLowerCase() ?? '';
	return (a) =>
		(!f.webhookId || a.webhookId === f.webhookId) &&
		(!lead || a.leadId === f.lead || a.leadLabel.toLowerCase().includes(lead)) &&
		(!f.outcome || a.outcome === f.outcome);
}

function errorTypeOf(o: SendOutcome): string {
	switch (o.error?.kind) {
		case 'timeout':
			return 'Timeout';
		case 'cors':
			return 'Blocked by CORS';
		case 'helper':
			return `CORS helper: ${o.error.helperType ?? 'error'}`;
		case 'too-large':
			return 'Response too large';
		case 'aborted':
			return 'Cancelled';
		case 'invalid':
			return 'Invalid request';
		default:
			return 'Network error';
	}
}

/**
 * Sending from the editor: the transport and its settings, the last response and the changes its
 * mappings would make, the mock endpoint's configs and what it received, and the activity log.
 */
export class SendState {
	settings = $state<SendSettings>({ ...defaultSendSettings, mocks: {} });
	activities = $state.raw<CallActivity[]>([]);
	/** Stored activities that failed validation (kept in storage, listed here). */
	skipped = $state.raw<{ key: string; index: number | null; reason: string }[]>([]);
	sending = $state(false);
	last = $state.raw<LastSend | null>(null);
	/** What the mock endpoint received last. */
	received = $state.raw<ReceivedRequest | null>(null);
	helperStatus = $state<string | null>(null);
	/** How many activities the log holds in all (memory keeps the newest {@link MEMORY_ACTIVITIES}). */
	total = $state(0);

	readonly profile: PlatformProfile;
	readonly ws: WorkspaceState;
	readonly #repo: ActivityRepo;
	readonly #transportFor: (id: TransportId, state: SendState, forRun: boolean) => Transport;
	readonly #online: () => boolean;
	readonly #pageOrigin: string;
	#abort: AbortController | null = null;

	constructor(ws: WorkspaceState, deps: SendDeps = {}) {
		this.ws = ws;
		this.#repo = deps.repo ?? new ActivityRepo();
		this.profile = deps.profile ?? marketoProfile;
		this.#transportFor = deps.transportFor ?? ((id, s, forRun) => s.#defaultTransport(id, forRun));
		this.#online = deps.online ?? (() => navigator.onLine);
		this.#pageOrigin = deps.pageOrigin ?? globalThis.location?.origin ?? '';
	}

	/** Plain-word checks of the selected request against the chosen transport. */
	get preflight(): PreflightNote[] {
		const req = this.ws.render?.request;
		if (!req) return [];
		return checkSend(req, this.settings.transport, {
			online: this.#online(),
			pageOrigin: this.#pageOrigin,
			helperToken: this.settings.helperToken
		});
	}

	get transportLabel(): string {
		return TRANSPORT_LABELS[this.settings.transport];
	}

	async load(): Promise<void> {
		try {
			this.settings = await this.#repo.loadSettings();
			const { activities, skipped } = await this.#repo.load();
			this.activities = newest(activities, MEMORY_ACTIVITIES);
			this.total = activities.length;
			this.skipped = skipped;
			if (skipped.length)
				this.ws.toasts.push({
					kind: 'error',
					message: `${skipped.length} stored activit${skipped.length === 1 ? 'y' : 'ies'} could not be read; they stay stored and are left out of the log.`
				});
		} catch (e) {
			this.#reportError(e);
		}
	}

	setSettings(patch: Partial<SendSettings>): void {
		this.settings = { ...this.settings, ...patch };
		this.#repo.saveSettings($state.snapshot(this.settings)).catch((e) => this.#reportError(e));
	}

	mockConfig(webhook: WebhookDefinition): MockConfig {
		return mockConfigOf(this.settings.mocks[webhook.id], webhook);
	}

	setMockConfig(webhookId: string, config: MockConfig | null): void {
		const mocks = { ...this.settings.mocks };
		if (config) mocks[webhookId] = config;
		else delete mocks[webhookId];
		this.setSettings({ mocks });
	}

	async checkHelper(): Promise<void> {
		this.helperStatus = 'Checking…';
		const r = await pingHelper(this.settings.helperUrl);
		this.helperStatus = r.ok
			? r.kind === 'helper'
				? 'The helper is running and accepts this page.'
				: 'A proxyscotch answers; it works as a fallback (no timing, one value per header).'
			: r.message;
	}

	#defaultTransport(id: TransportId, forRun: boolean): Transport {
		if (id === 'helper')
			return helperTransport({ url: this.settings.helperUrl, token: this.settings.helperToken });
		if (id === 'mock') {
			const webhook = this.ws.selectedWebhook;
			if (!webhook) throw new Error('No webhook is selected.');
			// Built once per transport: a run reuses it for every lead.
			const config = this.mockConfig(webhook);
			return mockTransport(() => config, {
				onReceive: forRun ? undefined : (r) => (this.received = r)
			});
		}
		return directTransport();
	}

	/** The transport `id`; `forRun` leaves out what only a single send shows (what the mock received). */
	transport(id: TransportId = this.settings.transport, forRun = false): Transport {
		return this.#transportFor(id, this, forRun);
	}

	/** Sends the selected webhook for the selected lead and context, and logs the call. */
	async send(): Promise<void> {
		const webhook = this.ws.selectedWebhook;
		const lead = this.ws.selectedLead;
		const render = this.ws.render;
		if (!webhook || !lead || !render || this.sending) return;
		const webhookSnap = $state.snapshot(webhook) as WebhookDefinition;
		const id = newId();
		const label = leadLabel(lead);
		if (!render.request) {
			const batch = render.diagnostics.find((d) => d.code === 'batch-campaign');
			const reason =
				batch?.message ??
				render.diagnostics.find((d) => d.severity === 'error')?.message ??
				'The request could not be rendered.';
			const activity: CallActivity = {
				id,
				at: new Date().toISOString(),
				webhookId: webhook.id,
				webhookName: webhook.name,
				leadId: lead.id,
				leadLabel: label,
				transport: this.settings.transport,
				request: { method: webhook.method, url: webhook.url, headers: [], body: null },
				status: null,
				errorType: batch ? 'Error 1000' : 'Not sent',
				response: '',
				responseTruncated: false,
				responseHeaders: [],
				durationMs: 0,
				outcome: 'failed',
				error: reason,
				changes: []
			};
			this.last = {
				outcome: null,
				notSent: reason,
				activityId: id,
				webhookId: webhook.id,
				leadId: lead.id,
				mapping: null,
				changes: [],
				written: false
			};
			await this.#log([activity]);
			return;
		}
		this.sending = true;
		this.#abort = new AbortController();
		try {
			const outcome = await this.transport().send(render.request, {
				timeoutMs: this.profile.timeoutMs,
				signal: this.#abort.signal,
				followRedirects: this.profile.followsRedirects
			});
			let mapping: MappingResult | null = null;
			let changes: FieldChange[] = [];
			if (outcome.response) {
				mapping = applyResponseMappings(webhookSnap, outcome.response, {
					fields: this.ws.fields,
					coercion: this.ws.prefs.coercion
				});
				changes = changesFor(lead.values, mapping.updates, this.ws.fields);
			}
			this.last = {
				outcome,
				notSent: null,
				activityId: id,
				webhookId: webhook.id,
				leadId: lead.id,
				mapping,
				changes,
				written: false
			};
			await this.#log([
				toActivity(outcome, { id, webhook: webhookSnap, leadId: lead.id, leadLabel: label })
			]);
		} finally {
			this.sending = false;
			this.#abort = null;
		}
	}

	cancel(): void {
		this.#abort?.abort();
	}

	/** Writes the last response's changes to its sample lead, as Marketo would; one undo. */
	async writeBack(): Promise<void> {
		const last = this.last;
		if (!last || last.written || !last.changes.length) return;
		const lead = this.ws.leads.byId(last.leadId);
		if (!lead) {
			this.ws.toasts.push({ kind: 'error', message: 'That sample lead no longer exists.' });
			return;
		}
		const before = lead.values;
		this.ws.leads.patch(lead.id, applyChanges(before, last.changes));
		this.last = { ...last, written: true };
		this.activities = this.activities.map((a) =>
			a.id === last.activityId ? { ...a, changes: last.changes } : a
		);
		this.#repo.amend(last.activityId, last.changes).catch((e) => this.#reportError(e));
		this.ws.toasts.push({
			kind: 'success',
			message: `Wrote ${last.changes.length} field${last.changes.length === 1 ? '' : 's'} to ${leadLabel(lead)}.`,
			action: {
				label: 'Undo',
				run: () => {
					const names = last.changes.map((c) => c.name);
					const restored = Object.fromEntries(names.map((n) => [n, before[n] ?? null]));
					this.ws.leads.patch(lead.id, restored);
					this.last =
						this.last?.activityId === last.activityId ? { ...last, written: false } : this.last;
				}
			}
		});
	}

	/** Appends activities to the log (memory and storage). */
	async #log(entries: CallActivity[]): Promise<void> {
		this.activities = newest(this.activities.concat(entries), MEMORY_ACTIVITIES);
		this.total += entries.length;
		try {
			await this.#repo.append(entries);
		} catch (e) {
			this.#reportError(e);
		}
	}

	/** A run's calls stored but not listed yet (the newest {@link RUN_MEMORY_ACTIVITIES}). */
	#unlisted: CallActivity[] = [];
	#unlistedCount = 0;
	#listTimer: ReturnType<typeof setTimeout> | null = null;

	/**
	 * Appends activities from a campaign run: stored at once, listed within {@link RUN_LIST_MS}.
	 * Memory keeps only the newest {@link RUN_MEMORY_ACTIVITIES} until {@link reloadNewest}.
	 */
	async log(entries: CallActivity[]): Promise<void> {
		this.#unlisted = newest(this.#unlisted.concat(entries), RUN_MEMORY_ACTIVITIES);
		this.#unlistedCount += entries.length;
		this.#listTimer ??= setTimeout(() => this.#listRunCalls(), RUN_LIST_MS);
		try {
			await this.#repo.append(entries);
		} catch (e) {
			this.#reportError(e);
		}
	}

	#listRunCalls(): void {
		if (this.#listTimer) clearTimeout(this.#listTimer);
		this.#listTimer = null;
		if (!this.#unlistedCount) return;
		this.activities = newest(this.activities.concat(this.#unlisted), RUN_MEMORY_ACTIVITIES);
		this.total += this.#unlistedCount;
		this.#unlisted = [];
		this.#unlistedCount = 0;
	}

	/**
	 * Reads the newest {@link MEMORY_ACTIVITIES} back from storage into memory (after a run), once
	 * the writes before it are stored. What was logged meanwhile stays listed.
	 */
	async reloadNewest(): Promise<void> {
		this.#listRunCalls();
		const before = new Set(this.activities);
		try {
			const stored = await this.#repo.loadNewest(MEMORY_ACTIVITIES);
			const storedIds = new Set(stored.map((a) => a.id));
			const since = this.activities.filter((a) => !before.has(a) && !storedIds.has(a.id));
			this.activities = newest(stored.concat(since), MEMORY_ACTIVITIES);
		} catch (e) {
			const message = e instanceof Error ? e.message : String(e);
			this.ws.toasts.push({
				kind: 'error',
				message: `The activity log could not be read back, so only its newest ${this.activities.length} calls are listed (the rest are stored): ${message}`
			});
		}
	}

	filtered(f: ActivityFilter): CallActivity[] {
		return this.activities.filter(matches(f));
	}

	async clearLog(): Promise<void> {
		// A run's calls not listed yet are cleared with the rest (their writes come first).
		this.#listRunCalls();
		const kept = this.activities;
		const total = this.total;
		this.activities = [];
		this.total = 0;
		try {
			await this.#repo.clear();
		} catch (e) {
			this.activities = kept;
			this.total = total;
			this.#reportError(e);
		}
	}

	/** Every matching activity, including those only in storage, as HAR 1.2 text. */
	async exportHar(f: ActivityFilter = {}): Promise<string> {
		const { toHar } = await import('../core/http/har');
		const list =
			this.total <= this.activities.length
				? this.filtered(f)
				: (await this.#repo.load()).activities.filter(matches(f));
		return JSON.stringify(toHar(list, { creatorVersion: '0.1.0' }), null, 2);
	}

	#reportError(e: unknown): void {
		const message = e instanceof Error ? e.message : String(e);
		this.ws.toasts.push({ kind: 'error', message: `Activity log not saved: ${message}` });
	}
}
