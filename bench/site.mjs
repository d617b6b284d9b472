// The built site for browser benchmarks: a Vite build into a folder of its own, served the way a
// static host serves it.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { build as viteBuild } from 'vite';

/** Builds the site into `outDir` (never `dist`, so a running `vite preview` is left alone). */
export async function buildSite(/** @type {string} */ outDir) {
	await viteBuild({
		logLevel: 'warn',
		build: {
			outDir,
			emptyOutDir: true,
			// On a busy 2-core machine the plugin timing report is noise; bundling warnings still show.
			rolldownOptions: { checks: { bundlerTimings: false } }
		}
	});
}

const TYPES = /** @type {Record<string, string>} */ ({
	'.html': 'text/html; charset=utf-8',
	'.js': 'text/javascript',
	'.css': 'text/css',
	'.svg': 'image/svg+xml',
	'.json': 'application/json',
	'.png': 'image/png',
	'.ico': 'image/x-icon'
});

/**
 * Serves `dir` on a free port of 127.0.0.1 (a free port, so a running `vite preview` or dev
 * server is no obstacle), as a static host would: hashed assets are cached for good, so a reload
 * is a return visit and both reloads compared get the same cache.
 * @returns {Promise<{ url: string, close: () => void }>}
 */
export async function serve(/** @type {string} */ dir) {
	const root = path.resolve(dir);
	const server = createServer(async (req, res) => {
		let file = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
		if (file.endsWith('/')) file += 'index.html';
		const full = path.join(root, file);
		try {
			if (!full.startsWith(root + path.sep)) throw new Error('outside');
			const body = await readFile(full);
			res.writeHead(200, {
				'content-type': TYPES[path.extname(full)] ?? 'application/octet-stream',
				'cache-control': file.startsWith('/assets/') ? 'max-age=31536000, immutable' : 'no-cache'
			});
			res.end(body);
		} catch {
			res.writeHead(404).end();
		}
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
	const address = server.address();
	const port = typeof address === 'object' && address ? address.port : 0;
	return { url: `http://127.0.0.1:${port}/`, close: () => server.close() };
}
