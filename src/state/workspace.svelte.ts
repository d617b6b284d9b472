import {
	newFlowContext,
	newWebhook,
	renderRequest,
	toFlowContext,
	triggerTokens,
	type RenderResult,
	type FieldDef,
	type FlowContext,
	type FlowContextDef,
	type Lead,
	type WebhookDefinition,
	type Workspace
} from '../core';
import { WorkspaceRepo, createTabSync, defaultPrefs, type Prefs } from '../persistence';
import { catalogFrom, contextScopesOf, type TokenCatalog } from '../editor/extensions';
import { exampleWorkspace } from './examples';
import { newId } from './ids';
import { LeadsState } from './leads.svelte';
import { Saver } from './saver';
import { Toasts } from './toasts.svelte';

type TabSync = ReturnType<typeof createTabSync>;

export interface WorkspaceDeps {
	repo?: WorkspaceRepo;
	sync?: TabSync;
	toasts?: Toasts;
	newId?: () => string;
	/** The real clock, for live system tokens. */
	clock?: () => Date;
	/** How long edits wait before they are written (ms). @default 300 */
	saveDelayMs?: number;
}

/** A short, human label for a lead: its name, else its email, else its id. */
export function leadLabel(lead: Lead | null | undefined): string {
	if (!lead) return 'no lead';
	const v = lead.values;
	const name = [v['First Name'], v['Last Name']]
		.filter((x) => x !== null && x !== undefined && x !== '')
		.join(' ');
	return name || String(v['Email Address'] ?? '') || lead.id;
}

/**
 * The workspace the UI edits: webhooks, flow contexts, sample leads (in `leads`) and preferences,
 * joined to IndexedDB through the repo. Edits apply at once in memory and are written shortly
 * after; a write another tab made in between is reported as a conflict, never overwritten.
 */
export class WorkspaceState {
	webhooks = $state<WebhookDefinition[]>([]);
	contexts = $state<FlowContextDef[]>([]);
	prefs = $state<Prefs>({ ...defaultPrefs });
	status = $state<'loading' | 'ready' | 'error'>('loading');
	loadError = $state<string | null>(null);
	/** Records kept aside on load because they failed validation or migration. */
	quarantined = $state.raw<{ key: string; backupKey: string; reason: string }[]>([]);
	/** Ids of webhooks and contexts another tab changed while this tab had unsaved edits. */
	conflicts = $state<string[]>([]);

	readonly leads: LeadsState;
	readonly toasts: Toasts;
	readonly newId: () => string;
	readonly #repo: WorkspaceRepo;
	readonly #sync: TabSync;
	readonly #clock: () => Date;
	readonly #saver: Saver;
	#revs = new Map<string, number>();

	constructor(deps: WorkspaceDeps = {}) {
		this.#repo = deps.repo ?? new WorkspaceRepo();
		this.#sync = deps.sync ?? createTabSync();
		this.toasts = deps.toasts ?? new Toasts();
		this.newId = deps.newId ?? newId;
		this.#clock = deps.clock ?? (() => new Date());
		this.#saver = new Saver(deps.saveDelayMs ?? 300, (e) => this.#reportError(e));
		this.leads = new LeadsState({
			repo: this.#repo,
			saver: this.#saver,
			toasts: this.toasts,
			newId: this.newId,
			onSaved: (keys) => this.#sync.post({ keys })
		});
	}

	selectedWebhook = $derived(
		this.webhooks.find((w) => w.id === this.prefs.selectedWebhookId) ?? this.webhooks[0] ?? null
	);
	selectedContext = $derived(
		this.contexts.find((c) => c.id === this.prefs.selectedContextId) ?? this.contexts[0] ?? null
	);
	// Arrow functions: `leads` and `#clock` are set in the constructor, after field initialisers.
	selectedLead: Lead | null = $derived.by(
		() => this.leads.byId(this.prefs.selectedLeadId) ?? this.leads.items[0] ?? null
	);
	/** The core's flow context for the selected lead and context. */
	flowContext: FlowContext | null = $derived.by(() =>
		this.selectedContext && this.selectedLead
			? toFlowContext(this.selectedContext, this.selectedLead, this.#clock)
			: null
	);
	fields: FieldDef[] = $derived.by(() => this.leads.customFields);
	/** The selected webhook rendered for the selected lead and context: what the preview shows. */
	render: RenderResult | null = $derived(
		this.selectedWebhook && this.flowContext
			? renderRequest(this.selectedWebhook, this.flowContext, { fields: this.fields })
			: null
	);
	/** Token names per scope, and which scopes the selected flow context supplies (editor hints). */
	tokenCatalog: TokenCatalog = $derived.by(() => {
		const c = this.selectedContext;
		return catalogFrom({
			fields: this.fields,
			contextScopes: contextScopesOf(c),
			myTokens: c?.myTokens,
			memberFields: c?.member,
			triggerTokens: c?.trigger ? triggerTokens(c.trigger.name) : []
		});
	});

	/**
	 * Reads everything from IndexedDB; a first visit gets the example workspace. The page is ready
	 * once webhooks and contexts are read; leads follow chunk by chunk (`leads.loading`), so a
	 * 100,000-lead workspace shows its first rows without waiting for the rest.
	 */
	async load(): Promise<void> {
		try {
			const result = await this.#repo.load({ leads: false });
			this.#revs = result.revs;
			this.quarantined = result.quarantined;
			this.prefs = { ...defaultPrefs, ...result.prefs };
			if (result.firstVisit) {
				await this.#replace(exampleWorkspace(this.newId));
				await this.#repo.markSeeded();
			} else {
				this.webhooks = result.workspace.webhooks;
				this.contexts = result.workspace.contexts;
				this.leads.set([], result.workspace.customFields);
				this.leads.loading = true;
			}
			this.#reportQuarantined(result.quarantined.length);
			this.status = 'ready';
			if (!result.firstVisit) await this.#loadLeads(result.workspace.customFields);
		} catch (e) {
			this.loadError = e instanceof Error ? e.message : String(e);
			this.status = 'error';
			this.leads.loading = false;
			// Keep working in memory with the examples so the page is still useful.
			this.#apply(exampleWorkspace(this.newId));
		}
		this.#sync.subscribe((change) => void this.#onRemoteChange(change.keys));
	}

	/** Reads the leads chunk by chunk, showing the first chunk at once and the rest as it comes. */
	async #loadLeads(fields: FieldDef[]): Promise<void> {
		const all: Lead[] = [];
		let chunks = 0;
		const read = await this.#repo.loadLeadsProgressively((leads, done) => {
			for (const lead of leads) all.push(lead);
			chunks++;
			// Not on every chunk: each set re-indexes every lead read so far.
			if (done) this.leads.set(all, fields);
			else if (chunks === 1 || chunks % 20 === 0) this.leads.set(all.slice(), fields);
		});
		for (const [key, rev] of read.revs) this.#revs.set(key, rev);
		this.leads.loading = false;
		if (read.quarantined.length) {
			this.quarantined = [...this.quarantined, ...read.quarantined];
			this.#reportQuarantined(read.quarantined.length);
		}
	}

	#reportQuarantined(count: number): void {
		if (count)
			this.toasts.push({
				kind: 'error',
				message: `${count} stored record(s) could not be read and were kept aside (nothing was deleted). See Workspace → Kept-aside records.`
			});
	}

	// ── Webhooks ────────────────────────────────────────────────────────────────────────────────

	select(kind: 'webhook' | 'lead' | 'context', id: string): void {
		const key =
			kind === 'webhook'
				? 'selectedWebhookId'
				: kind === 'lead'
					? 'selectedLeadId'
					: 'selectedContextId';
		this.setPrefs({ [key]: id });
	}

	createWebhook(): WebhookDefinition {
		const w = newWebhook(this.newId(), this.#uniqueName('New webhook', this.webhooks));
		this.webhooks.push(w);
		this.select('webhook', w.id);
		this.#saveWebhook(w.id);
		return w;
	}

	duplicateWebhook(id: string): void {
		const source = this.webhooks.find((w) => w.id === id);
		if (!source) return;
		const copy = { ...$state.snapshot(source), id: this.newId() } as WebhookDefinition;
		copy.name = this.#uniqueName(`${source.name} (copy)`, this.webhooks);
		this.webhooks.splice(this.webhooks.indexOf(source) + 1, 0, copy);
		this.select('webhook', copy.id);
		this.#saveWebhook(copy.id);
	}

	/** Changes a webhook in place (the UI binds to it) and schedules the write. */
	updateWebhook(id: string, change: (w: WebhookDefinition) => void): void {
		const w = this.webhooks.find((x) => x.id === id);
		if (!w) return;
		change(w);
		this.#saveWebhook(id);
	}

	deleteWebhook(id: string): void {
		const index = this.webhooks.findIndex((w) => w.id === id);
		if (index === -1) return;
		const removed = $state.snapshot(this.webhooks[index]!) as WebhookDefinition;
		this.webhooks.splice(index, 1);
		this.#saver.cancel(`webhook:${id}`);
		this.#write(`webhook:${id}`, () => this.#repo.deleteWebhook(id));
		this.toasts.push({
			kind: 'info',
			message: `Deleted "${removed.name}".`,
			action: {
				label: 'Undo',
				run: () => {
					this.webhooks.splice(Math.min(index, this.webhooks.length), 0, removed);
					this.#revs.delete(`webhook:${id}`);
					this.select('webhook', id);
					this.#saveWebhook(id);
				}
			}
		});
	}

	#saveWebhook(id: string): void {
		const key = `webhook:${id}`;
		this.#saver.schedule(key, async () => {
			const w = this.webhooks.find((x) => x.id === id);
			if (!w) return;
			const result = await this.#repo.saveWebhook(
				$state.snapshot(w) as WebhookDefinition,
				this.#revs.get(key)
			);
			this.#afterSave(key, id, result);
		});
	}

	// ── Flow contexts ───────────────────────────────────────────────────────────────────────────

	createContext(): FlowContextDef {
		const c = newFlowContext(this.newId(), this.#uniqueName('New context', this.contexts));
		this.contexts.push(c);
		this.select('context', c.id);
		this.#saveContext(c.id);
		return c;
	}

	duplicateContext(id: string): void {
		const source = this.contexts.find((c) => c.id === id);
		if (!source) return;
		const copy = { ...$state.snapshot(source), id: this.newId() } as FlowContextDef;
		copy.name = this.#uniqueName(`${source.name} (copy)`, this.contexts);
		this.contexts.push(copy);
		this.select('context', copy.id);
		this.#saveContext(copy.id);
	}

	updateContext(id: string, change: (c: FlowContextDef) => void): void {
		const c = this.contexts.find((x) => x.id === id);
		if (!c) return;
		change(c);
		this.#saveContext(id);
	}

	deleteContext(id: string): void {
		const index = this.contexts.findIndex((c) => c.id === id);
		if (index === -1) return;
		const removed = $state.snapshot(this.contexts[index]!) as FlowContextDef;
		this.contexts.splice(index, 1);
		this.#saver.cancel(`context:${id}`);
		this.#write(`context:${id}`, () => this.#repo.deleteContext(id));
		this.toasts.push({
			kind: 'info',
			message: `Deleted flow context "${removed.name}".`,
			action: {
				label: 'Undo',
				run: () => {
					this.contexts.splice(Math.min(index, this.contexts.length), 0, removed);
					this.#revs.delete(`context:${id}`);
					this.#saveContext(id);
				}
			}
		});
	}

	#saveContext(id: string): void {
		const key = `context:${id}`;
		this.#saver.schedule(key, async () => {
			const c = this.contexts.find((x) => x.id === id);
			if (!c) return;
			const result = await this.#repo.saveContext(
				$state.snapshot(c) as FlowContextDef,
				this.#revs.get(key)
			);
			this.#afterSave(key, id, result);
		});
	}

	// ── Workspace ───────────────────────────────────────────────────────────────────────────────

	/** The whole workspace as plain data (no proxies). */
	snapshot(): Workspace {
		return {
			webhooks: $state.snapshot(this.webhooks) as WebhookDefinition[],
			contexts: $state.snapshot(this.contexts) as FlowContextDef[],
			leads: this.leads.items,
			customFields: $state.snapshot(this.leads.customFields) as FieldDef[]
		};
	}

	exportJson(): string {
		return this.#repo.exportWorkspace(this.snapshot());
	}

	/** Validates an import file against the current workspace; applies nothing. */
	previewImport(text: string): ReturnType<WorkspaceRepo['parseWorkspaceFile']> {
		return this.#repo.parseWorkspaceFile(text, this.snapshot());
	}

	/** Replaces the whole workspace (an import, or restoring the examples), all or nothing. */
	async replaceWorkspace(ws: Workspace, message: string): Promise<boolean> {
		await this.#saver.flush();
		try {
			await this.#replace(ws);
			this.toasts.push({ kind: 'success', message });
			return true;
		} catch (e) {
			this.#reportError(e);
			return false;
		}
	}

	async restoreExamples(): Promise<void> {
		const examples = exampleWorkspace(this.newId);
		const current = this.snapshot();
		const keep = (ids: Set<string>) => (x: { id: string }) => !ids.has(x.id);
		const ws: Workspace = {
			webhooks: [
				...current.webhooks.filter(keep(new Set(examples.webhooks.map((w) => w.id)))),
				...examples.webhooks
			],
			contexts: [
				...current.contexts.filter(keep(new Set(examples.contexts.map((c) => c.id)))),
				...examples.contexts
			],
			leads: current.leads.length ? current.leads : examples.leads,
			customFields: current.customFields
		};
		await this.replaceWorkspace(
			ws,
			'Example webhooks and flow contexts restored; your own records were kept.'
		);
	}

	setPrefs(patch: Partial<Prefs>): void {
		Object.assign(this.prefs, patch);
		this.#saver.schedule('prefs', () => this.#repo.savePrefs($state.snapshot(this.prefs) as Prefs));
	}

	/** Writes pending edits now (before the page is hidden or closed). */
	flush(): Promise<void> {
		return this.#saver.flush();
	}

	/** Resolves a conflict: keep this tab's version (overwrite) or take the stored one. */
	async resolveConflict(id: string, keep: 'mine' | 'theirs'): Promise<void> {
		this.conflicts = this.conflicts.filter((c) => c !== id);
		const isWebhook = this.webhooks.some((w) => w.id === id);
		const key = `${isWebhook ? 'webhook' : 'context'}:${id}`;
		if (keep === 'mine') {
			this.#revs.delete(key);
			const w = this.webhooks.find((x) => x.id === id);
			if (w)
				await this.#repo
					.saveWebhook($state.snapshot(w) as WebhookDefinition)
					.then((r) => this.#afterSave(key, id, r));
			const c = this.contexts.find((x) => x.id === id);
			if (c)
				await this.#repo
					.saveContext($state.snapshot(c) as FlowContextDef)
					.then((r) => this.#afterSave(key, id, r));
		} else {
			await this.#reloadFromStore([key], true);
		}
	}

	async #replace(ws: Workspace): Promise<void> {
		await this.#repo.replaceWorkspace(ws);
		this.#revs.clear();
		this.#apply(ws);
		this.#sync.post({ keys: ['*'] });
	}

	#apply(ws: Workspace): void {
		this.webhooks = ws.webhooks;
		this.contexts = ws.contexts;
		this.leads.set(ws.leads, ws.customFields);
	}

	#afterSave(
		key: string,
		id: string,
		result: { ok: true; rev: number } | { ok: false; conflict: { rev: number; data: unknown } }
	): void {
		if (result.ok) {
			this.#revs.set(key, result.rev);
			this.#sync.post({ keys: [key] });
			return;
		}
		if (!this.conflicts.includes(id)) this.conflicts.push(id);
		this.toasts.push({
			kind: 'error',
			message: 'This record was changed in another tab. Your edits are kept here, not saved yet.',
			action: { label: 'Keep mine', run: () => void this.resolveConflict(id, 'mine') }
		});
	}

	async #onRemoteChange(keys: string[]): Promise<void> {
		await this.#reloadFromStore(keys, false);
	}

	/** Takes other tabs' writes; records with unsaved edits here become conflicts instead. */
	async #reloadFromStore(keys: string[], force: boolean): Promise<void> {
		const result = await this.#repo.load();
		const all = keys.includes('*');
		const touched = (key: string) => all || keys.includes(key);
		for (const [key, rev] of result.revs) if (touched(key)) this.#revs.set(key, rev);
		const merge = <T extends { id: string }>(kind: string, local: T[], stored: T[]): T[] => {
			const out: T[] = [];
			for (const s of stored) {
				const key = `${kind}:${s.id}`;
				const mine = local.find((l) => l.id === s.id);
				if (mine && !touched(key)) out.push(mine);
				else if (mine && this.#saver.pending(key) && !force) {
					out.push(mine);
					if (!this.conflicts.includes(s.id)) this.conflicts.push(s.id);
				} else out.push(s);
			}
			// Keep records created here and not yet written.
			for (const l of local)
				if (!stored.some((s) => s.id === l.id) && this.#saver.pending(`${kind}:${l.id}`))
					out.push(l);
			return out;
		};
		this.webhooks = merge(
			'webhook',
			$state.snapshot(this.webhooks) as WebhookDefinition[],
			result.workspace.webhooks
		);
		this.contexts = merge(
			'context',
			$state.snapshot(this.contexts) as FlowContextDef[],
			result.workspace.contexts
		);
		if (all || keys.some((k) => k.startsWith('leads:') || k === 'fields'))
			this.leads.set(result.workspace.leads, result.workspace.customFields);
	}

	#write(key: string, op: () => Promise<unknown>): void {
		op().then(
			() => this.#sync.post({ keys: [key] }),
			(e: unknown) => this.#reportError(e)
		);
	}

	#reportError(e: unknown): void {
		const message = e instanceof Error ? e.message : String(e);
		this.toasts.push({
			kind: 'error',
			message: `Not saved: ${message} Your data is still here in this tab.`
		});
	}

	#uniqueName(base: string, list: { name: string }[]): string {
		let name = base;
		for (let n = 2; list.some((x) => x.name === name); n++) name = `${base} ${n}`;
		return name;
	}
}
