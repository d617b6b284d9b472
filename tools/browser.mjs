// Finds (and on a fresh Debian machine, installs) the Chromium the browser tests and benchmarks use.
// Playwright's own browser download is not an option here, so we prefer the system's Chromium.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

/** Flags that keep Chromium quiet on a machine with a closed network (and as root in CI). */
export const CHROMIUM_ARGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--no-first-run'
];

const CANDIDATES = [
	'/usr/bin/chromium',
	'/usr/bin/chromium-browser',
	'/usr/bin/google-chrome',
	'/usr/bin/google-chrome-stable',
	'/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
	'/Applications/Chromium.app/Contents/MacOS/Chromium'
];

/**
 * The path of a usable Chromium, or undefined when Playwright's own downloaded browser should be
 * used (or none is found). `CHROMIUM_PATH` wins when set.
 */
export function findChromium() {
	const fromEnv = process.env.CHROMIUM_PATH;
	if (fromEnv && existsSync(fromEnv)) return fromEnv;
	return CANDIDATES.find((p) => existsSync(p));
}

async function playwrightsOwn() {
	try {
		const { chromium } = await import('@playwright/test');
		const path = chromium.executablePath();
		return path && existsSync(path) ? path : undefined;
	} catch {
		return undefined;
	}
}

function isDebianRoot() {
	return (
		process.platform === 'linux' &&
		typeof process.getuid === 'function' &&
		process.getuid() === 0 &&
		existsSync('/etc/debian_version') &&
		existsSync('/usr/bin/apt-get')
	);
}

/** Makes sure a Chromium is there; installs Debian's when it can. Exits with advice when it can't. */
export async function ensureChromium() {
	const found = findChromium() ?? (await playwrightsOwn());
	if (found) return found;
	if (isDebianRoot()) {
		console.log('No Chromium found: installing Debian\'s "chromium" package (apt-get) …');
		/** @param {string[]} args */
		const run = (args) =>
			execFileSync('apt-get', args, {
				stdio: 'inherit',
				env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
			});
		run(['update', '-qq']);
		run(['install', '-y', '-qq', '--no-install-recommends', 'chromium']);
		const installed = findChromium();
		if (installed) return installed;
	}
	const os = existsSync('/etc/os-release') ? readFileSync('/etc/os-release', 'utf8') : '';
	console.error(
		[
			'The browser tests need Chromium, and none was found.',
			'  Debian/Ubuntu: sudo apt-get install chromium   (or run the tests as root: it is installed for you)',
			'  Elsewhere:     npx playwright install chromium, or set CHROMIUM_PATH=/path/to/chrome',
			os ? '' : ''
		]
			.filter(Boolean)
			.join('\n')
	);
	process.exit(1);
}

if (import.meta.url === `file://${process.argv[1]}`) {
	const path = await ensureChromium();
	console.log(`Chromium: ${path}`);
}
