import { flushSync, mount, unmount } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';
import { marketoProfile, type PlatformProfile } from '../core/profiles';
import DelayCalculator from './DelayCalculator.svelte';

type Measured = { median: number; p95: number; count: number } | null;

const mounted: ReturnType<typeof mount>[] = [];
afterEach(() => {
	for (const c of mounted.splice(0)) unmount(c);
	document.body.innerHTML = '';
});

const START = new Date(2024, 2, 1, 9, 0, 0);

function setup(initial: { measured?: Measured; profile?: PlatformProfile } = {}) {
	const props = $state({
		profile: initial.profile ?? marketoProfile,
		measured: initial.measured ?? null
	});
	const target = document.createElement('div');
	document.body.append(target);
	mounted.push(
		mount(DelayCalculator, {
			target,
			props: {
				get profile() {
					return props.profile;
				},
				get measured() {
					return props.measured;
				},
				webhookName: 'Order sync',
				now: () => START
			}
		})
	);
	flushSync();
	const get = <T extends Element = HTMLElement>(id: string) => {
		const el = target.querySelector<T & Element>(`[data-testid="${id}"]`);
		if (!el) throw new Error(`no ${id}`);
		return el as unknown as T;
	};
	const text = (id: string) => get(id).textContent!.replace(/\s+/g, ' ').trim();
	const type = (id: string, value: string) => {
		const input = get<HTMLInputElement>(id);
		input.value = value;
		input.dispatchEvent(new Event('input', { bubbles: true }));
		flushSync();
	};
	const click = (id: string) => {
		get<HTMLElement>(id).click();
		flushSync();
	};
	return { props, target, get, text, type, click };
}

describe('DelayCalculator', () => {
	it('reproduces the Marketo docs example and explains the rounding', () => {
		const ui = setup();
		expect(ui.target.querySelector('[data-testid="delay.explain"]')).toBeNull();
		ui.type('delay.concurrency', '5');
		ui.type('delay.timeouts', '3');
		ui.click('delay.preset');
		expect(ui.get<HTMLInputElement>('delay.leads').value).toBe('100000');
		expect(ui.get<HTMLInputElement>('delay.latency').value).toBe('50');
		expect(ui.get<HTMLInputElement>('delay.concurrency').value).toBe('1');
		expect(ui.get<HTMLInputElement>('delay.timeouts').value).toBe('0');
		expect(ui.text('delay.total')).toBe('1 h 23 min 20 s (5,000 s)');
		expect(ui.text('delay.words')).toBe('1 hour, 23 minutes and 20 seconds');
		expect(ui.text('delay.perLead')).toContain('50 ms');
		expect(ui.text('delay.attempts')).toBe('1');
		expect(ui.text('delay.finish')).toBe(new Date(2024, 2, 1, 10, 23, 20).toLocaleString());
		const explain = ui.text('delay.explain');
		expect(explain).toContain('100,000 × 50 ms = 5,000,000 ms = 5,000 s = 1 h 23 min 20 s');
		expect(explain).toContain('“1.5 hours”');
		// leaving the preset's values hides the explanation
		ui.type('delay.leads', '99999');
		expect(ui.target.querySelector('[data-testid="delay.explain"]')).toBeNull();
	});

	it('puts the results in a live region', () => {
		const ui = setup();
		expect(ui.get('delay.results').getAttribute('aria-live')).toBe('polite');
		expect(ui.get('delay.results').contains(ui.get('delay.total'))).toBe(true);
	});

	it('divides the delay across concurrency slots, within the profile’s limit', () => {
		const ui = setup();
		ui.click('delay.preset');
		ui.type('delay.concurrency', '20');
		expect(ui.text('delay.total')).toBe('4 min 10 s (250 s)');
		expect(ui.text('delay.perLead')).toContain('2.5 ms');
		expect(ui.text('delay.perLead')).toContain('5,000 rounds');
		ui.type('delay.concurrency', '50');
		expect(ui.text('delay.total')).toBe('4 min 10 s (250 s)');
		expect(ui.get('delay.concurrency').getAttribute('max')).toBe('20');
	});

	it('charges each timed-out call the full 30 s', () => {
		const ui = setup();
		ui.click('delay.preset');
		ui.type('delay.timeouts', '1');
		// 0.99 × 50 ms + 0.01 × 30 s = 349.5 ms per lead
		expect(ui.text('delay.total')).toBe('9 h 42 min 30 s (34,950 s)');
		expect(ui.text('delay.perLead')).toContain('349.5 ms');
		expect(ui.text('delay.timeoutShare')).toBe('8 h 20 min');
		expect(ui.target.querySelector('[data-testid="delay.explain"]')).toBeNull();
	});

	it('shows the retry policy: Marketo never retries; a profile with retries adds attempts', () => {
		const ui = setup();
		expect(ui.text('delay.retries')).toContain('Marketo never retries');
		ui.props.profile = { ...marketoProfile, id: 'braze', label: 'Braze', maxRetries: 5 };
		flushSync();
		expect(ui.text('delay.retries')).toContain('Braze retries a timed-out call up to 5 times');
		ui.type('delay.timeouts', '50');
		// 1 + 0.5 + 0.25 + 0.125 + 0.0625 + 0.03125
		expect(ui.text('delay.attempts')).toBe('1.9688');
	});

	it('disables the measured latencies, with the reason, when nothing was measured', () => {
		const ui = setup({ measured: { median: 120, p95: 480, count: 0 } });
		for (const id of ['delay.source.median', 'delay.source.p95']) {
			const radio = ui.get<HTMLInputElement>(id);
			expect(radio.disabled).toBe(true);
			const why = document.getElementById(radio.getAttribute('aria-describedby')!);
			expect(why?.textContent).toContain('No measured sends of “Order sync” yet');
		}
		ui.props.measured = null;
		flushSync();
		expect(ui.get<HTMLInputElement>('delay.source.median').disabled).toBe(true);
	});

	it('uses the measured median or 95th percentile, and typing switches back', () => {
		const ui = setup({ measured: { median: 120, p95: 480, count: 12 } });
		ui.type('delay.leads', '1000');
		expect(ui.text('delay.measured')).toContain('From 12 measured sends of “Order sync”');
		const median = ui.get<HTMLInputElement>('delay.source.median');
		expect(median.disabled).toBe(false);
		median.click();
		flushSync();
		expect(ui.get<HTMLInputElement>('delay.latency').value).toBe('120');
		expect(ui.text('delay.total')).toBe('2 min (120 s)');
		ui.click('delay.source.p95');
		expect(ui.text('delay.total')).toBe('8 min (480 s)');
		ui.type('delay.latency', '10');
		expect(median.checked).toBe(false);
		expect(ui.text('delay.total')).toBe('10 s (10 s)');
		// measurements going away falls back to the typed latency
		ui.click('delay.source.median');
		ui.props.measured = null;
		flushSync();
		expect(ui.text('delay.total')).toBe('10 s (10 s)');
	});

	it('charts delay against leads or latency, with a described SVG and a data table', () => {
		const ui = setup();
		ui.click('delay.preset');
		const chart = ui.get('delay.chart');
		expect(chart.getAttribute('role')).toBe('img');
		expect(chart.getAttribute('aria-label')).toContain('against lead count, from 0 (0 ms)');
		expect(chart.getAttribute('aria-label')).toContain('200,000 (2 h 46 min 40 s)');
		const ticks = [...chart.querySelectorAll('text')].map((t) => t.textContent);
		expect(ticks).toEqual(expect.arrayContaining(['100,000', '1 h', '2 h']));
		const rows = () => [...ui.get('delay.table').querySelectorAll('tbody tr')];
		expect(rows()).toHaveLength(21);
		expect(rows()[10]!.textContent).toBe('100,0001 h 23 min 20 s');

		expect(ui.get('delay.axis.leads').getAttribute('aria-pressed')).toBe('true');
		ui.click('delay.axis.latency');
		expect(ui.get('delay.axis.latency').getAttribute('aria-pressed')).toBe('true');
		expect(ui.get('delay.axis.leads').getAttribute('aria-pressed')).toBe('false');
		expect(chart.getAttribute('aria-label')).toContain('against latency per call, from 0 ms');
		expect(rows()[20]!.textContent).toBe('100 ms2 h 46 min 40 s');
	});

	it('gives every control an accessible name', () => {
		const ui = setup();
		const controls = ui.target.querySelectorAll<HTMLInputElement | HTMLButtonElement>(
			'input, button, select, textarea'
		);
		expect(controls.length).toBeGreaterThan(8);
		for (const c of controls) {
			const name =
				c.getAttribute('aria-label') ||
				[...(c.labels ?? [])].map((l) => l.textContent).join(' ') ||
				c.textContent;
			expect(name?.trim(), c.outerHTML).toBeTruthy();
		}
		expect(ui.target.querySelector('label[for$="-leads"]')?.textContent).toBe('Leads');
		expect(ui.target.querySelector('label[for$="-latency"]')?.textContent).toBe('Latency (ms)');
		expect(ui.target.querySelector('label[for$="-concurrency"]')?.textContent).toBe('Concurrency');
		expect(ui.target.querySelector('label[for$="-timeouts"]')?.textContent).toBe(
			'Calls that time out (%)'
		);
	});
});
