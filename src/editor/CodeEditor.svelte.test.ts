import { flushSync, mount, unmount } from 'svelte';
import { forEachDiagnostic } from '@codemirror/lint';
import { EditorView } from '@codemirror/view';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Diagnostic } from '../core';
import CodeEditor from './CodeEditor.svelte';
import { catalogFrom, languageCompartment, languageFor, type EditorKind } from './extensions';

// jsdom has no layout: CodeMirror's measuring pass (on an animation frame) needs these to exist.
Range.prototype.getClientRects = () => [] as unknown as DOMRectList;
Range.prototype.getBoundingClientRect = () => new DOMRect();

const mounted: ReturnType<typeof mount>[] = [];
afterEach(() => {
	for (const c of mounted.splice(0)) unmount(c);
	document.body.innerHTML = '';
});

function setup(initial: { singleLine?: boolean; kind?: EditorKind } = {}) {
	const props = $state({
		value: 'Hi {{lead.First Name}}',
		label: 'Template',
		kind: initial.kind ?? ('text' as EditorKind),
		diagnostics: [] as Diagnostic[],
		catalog: catalogFrom()
	});
	const onchange = vi.fn((v: string) => (props.value = v));
	let view: EditorView | undefined;
	const target = document.createElement('div');
	document.body.append(target);
	mounted.push(
		mount(CodeEditor, {
			target,
			props: {
				get value() {
					return props.value;
				},
				get label() {
					return props.label;
				},
				get kind() {
					return props.kind;
				},
				get diagnostics() {
					return props.diagnostics;
				},
				get catalog() {
					return props.catalog;
				},
				id: 'tpl',
				testid: 'webhook.template',
				singleLine: initial.singleLine,
				onchange,
				onready: (v: EditorView) => (view = v)
			}
		})
	);
	flushSync();
	if (!view) throw new Error('onready was not called');
	return { props, onchange, view, target };
}

describe('CodeEditor', () => {
	it('labels the editable element and renders the value with token marks', () => {
		const { view, target } = setup();
		expect(target.querySelector('[data-testid="webhook.template"]')).not.toBeNull();
		expect(view.contentDOM.getAttribute('aria-label')).toBe('Template');
		expect(view.contentDOM.id).toBe('tpl');
		expect(view.contentDOM.getAttribute('aria-multiline')).toBe('true');
		expect(view.contentDOM.querySelector('.cm-token-lead')?.textContent).toBe(
			'{{lead.First Name}}'
		);
	});

	it('reports edits and takes outside values without echoing them', () => {
		const { props, onchange, view } = setup();
		view.dispatch({ changes: { from: view.state.doc.length, insert: '!' } });
		expect(onchange).toHaveBeenLastCalledWith('Hi {{lead.First Name}}!');
		onchange.mockClear();
		props.value = 'Bye';
		flushSync();
		expect(view.state.doc.toString()).toBe('Bye');
		expect(view.state.selection.main.head).toBeLessThanOrEqual(3);
		expect(onchange).not.toHaveBeenCalled();
	});

	it('follows kind, diagnostics and label changes', () => {
		const { props, view } = setup();
		props.kind = 'json';
		props.diagnostics = [
			{ severity: 'error', code: 'x', message: 'bad', where: 'template', from: 3, to: 99 }
		];
		props.label = 'Body';
		flushSync();
		expect(languageCompartment.get(view.state)).toBe(languageFor('json'));
		const shown: [number, number][] = [];
		forEachDiagnostic(view.state, (_d, from, to) => shown.push([from, to]));
		expect(shown).toEqual([[3, 22]]);
		expect(view.contentDOM.getAttribute('aria-label')).toBe('Body');
	});

	it('re-reads a new catalog: a campaign in context puts campaign tokens in scope', () => {
		const { props, view } = setup();
		view.dispatch({ changes: { from: 0, insert: '{{campaign.name}} ' } });
		const campaign = () => view.contentDOM.querySelector('.cm-token-campaign')?.className;
		expect(campaign()).toContain('cm-token-out-of-scope');
		props.catalog = catalogFrom({ contextScopes: ['campaign'] });
		flushSync();
		expect(campaign()).toBe('cm-token cm-token-campaign');
	});

	it('is one line when singleLine', () => {
		const { view } = setup({ singleLine: true });
		expect(view.contentDOM.getAttribute('aria-multiline')).toBe('false');
		view.dispatch(view.state.replaceSelection('\nx'));
		expect(view.state.doc.toString()).not.toContain('\n');
	});

	it('destroys the view on unmount', () => {
		const { view, target } = setup();
		unmount(mounted.pop()!);
		expect(target.querySelector('.cm-editor')).toBeNull();
		expect(view.dom.isConnected).toBe(false);
	});
});
