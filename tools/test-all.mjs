// `npm test`: every check in order (types, lint, unit, browser), carrying on past a failure so one
// run shows everything, then one closing line with the counts.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
mkdirSync('reports', { recursive: true });
for (const f of ['reports/unit.json', 'reports/e2e.json']) rmSync(f, { force: true });

/** @type {{ name: string, command: string[], bare?: boolean }[]} */
const steps = [
	{
		name: 'types (svelte-check)',
		command: ['svelte-check', '--tsconfig', './tsconfig.json', '--fail-on-warnings']
	},
	{ name: 'lint (eslint)', command: ['eslint', '.'] },
	{ name: 'format (prettier)', command: ['prettier', '--check', '.'] },
	{
		name: 'unit (vitest)',
		command: [
			'vitest',
			'run',
			'--reporter=default',
			'--reporter=json',
			'--outputFile.json=reports/unit.json'
		]
	},
	{ name: 'browser check', command: ['node', 'tools/browser.mjs'], bare: true },
	{ name: 'e2e (playwright)', command: ['playwright', 'test'] }
];

const failedSteps = [];
for (const { name, command, bare } of steps) {
	console.log(`\n━━ ${name}`);
	const [cmd = npx, ...rest] = bare ? command : [npx, ...command];
	const r = spawnSync(cmd, rest, { stdio: 'inherit' });
	if (r.status !== 0) {
		failedSteps.push(name);
		// Without a browser the e2e step cannot run at all.
		if (name === 'browser check') break;
	}
}

/** @param {string} f */
const read = (f) => (existsSync(f) ? JSON.parse(readFileSync(f, 'utf8')) : null);
const unit = read('reports/unit.json');
const e2e = read('reports/e2e.json');
const passed = (unit?.numPassedTests ?? 0) + (e2e?.stats.expected ?? 0) + (e2e?.stats.flaky ?? 0);
const failed = (unit?.numFailedTests ?? 0) + (e2e?.stats.unexpected ?? 0);
const skipped =
	(unit?.numPendingTests ?? 0) + (unit?.numTodoTests ?? 0) + (e2e?.stats.skipped ?? 0);

console.log('');
if (failedSteps.length) console.log(`Failed steps: ${failedSteps.join(', ')}`);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failedSteps.length ? 1 : 0);
