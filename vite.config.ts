import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

export default defineConfig({
	// Relative base: the built site runs from any folder of a static host (or file server).
	base: './',
	plugins: [svelte()],
	server: { host: '127.0.0.1', port: 5173, strictPort: true },
	preview: { host: '127.0.0.1', port: 4173, strictPort: true },
	build: { target: 'es2022', sourcemap: true },
	test: {
		projects: [
			{
				extends: true,
				test: {
					name: 'core',
					environment: 'node',
					include: [
						'src/core/**/*.test.ts',
						'src/persistence/**/*.test.ts',
						'src/send/**/*.test.ts',
						'tools/**/*.test.ts'
					]
				}
			},
			{
				extends: true,
				resolve: { conditions: ['browser'] },
				test: {
					name: 'app',
					environment: 'jsdom',
					include: [
						'src/state/**/*.test.ts',
						'src/editor/**/*.test.ts',
						'src/components/**/*.test.ts'
					]
				}
			}
		]
	}
});
