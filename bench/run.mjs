// `npm run bench`: every benchmark, each a ratio against a baseline measured in the same run.
// Prints one table and writes bench/results.json. Never asserts: targets are reported, not enforced.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { pathToFileURL } from 'node:url';

const OUT = 'node_modules/.bench';
mkdirSync(OUT, { recursive: true });

/**
 * Node benchmarks are bundled the way Vite bundles the app (no name-keeping wrappers, which tsx
 * adds and which would distort a tight loop), then run in a fresh process.
 * @param {string} entry
 */
async function runNodeBench(entry) {
	const outfile = `${OUT}/${entry.replace(/[/.]/g, '_')}.mjs`;
	await build({
		entryPoints: [entry],
		bundle: true,
		platform: 'node',
		format: 'esm',
		target: 'node20',
		outfile,
		logLevel: 'warning'
	});
	const r = spawnSync(process.execPath, ['--expose-gc', outfile], { encoding: 'utf8' });
	if (r.status !== 0) throw new Error(`${entry} failed:\n${r.stderr}`);
	return JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '[]');
}

/**
 * Browser benchmarks drive headless Chromium themselves (build, serve, measure): the module's
 * default export is an async function that returns the rows.
 * @param {string} entry
 */
async function runBrowserBench(entry) {
	const bench = await import(pathToFileURL(entry).href);
	return /** @type {Record<string, unknown>[]} */ (await bench.default());
}

/** @type {[string, (entry: string) => Promise<Record<string, unknown>[]>][]} */
const benches = [
	['bench/render.ts', runNodeBench],
	['bench/app-load.mjs', runBrowserBench],
	['bench/campaign.mjs', runBrowserBench]
];
const only = process.argv.slice(2);
/** @type {Record<string, unknown>[]} */
const rows = [];
for (const [entry, run] of benches) {
	if (only.length && !only.some((o) => entry.includes(o))) continue;
	process.stdout.write(`running ${entry} …\n`);
	rows.push(...(await run(entry)));
}

// Columns a bench adds (e.g. `kb` for sizes) go before `target`, in the order first seen.
const known = ['name', 'ms', 'perSecond', 'baselineMs', 'baselinePerSecond', 'ratio'];
const extra = [...new Set(rows.flatMap(Object.keys))].filter(
	(c) => !known.includes(c) && c !== 'target'
);
const cols = [...known, ...extra, 'target'];
const table = [cols, ...rows.map((r) => cols.map((c) => String(r[c] ?? '')))];
const widths = cols.map((_, i) => Math.max(...table.map((row) => (row[i] ?? '').length)));
for (const [i, row] of table.entries()) {
	console.log(row.map((cell, j) => cell.padEnd(widths[j] ?? 0)).join('  '));
	if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
}
const results = {
	date: new Date().toISOString(),
	machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version },
	rows
};
writeFileSync('bench/results.json', JSON.stringify(results, null, '\t') + '\n');
console.log('\nwritten to bench/results.json');
