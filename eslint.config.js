import js from '@eslint/js';
import ts from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import svelteConfig from './svelte.config.js';

export default ts.config(
	{ ignores: ['dist', 'node_modules', 'test-results', 'playwright-report'] },
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	prettier,
	...svelte.configs.prettier,
	{
		languageOptions: { globals: { ...globals.browser, ...globals.node } }
	},
	{
		files: ['**/*.svelte', '**/*.svelte.ts'],
		languageOptions: {
			parserOptions: {
				projectService: true,
				extraFileExtensions: ['.svelte'],
				parser: ts.parser,
				svelteConfig
			}
		}
	},
	{
		rules: {
			'@typescript-eslint/no-unused-vars': [
				'error',
				{ argsIgnorePattern: '^_', varsIgnorePattern: '^_' }
			],
			// State here is replaced, never mutated in place ($state.raw + new Set/Map per change), and
			// short-lived Sets/Dates inside functions are not state at all; SvelteSet/SvelteMap would add
			// proxies on 100,000-lead paths for nothing.
			'svelte/prefer-svelte-reactivity': 'off'
		}
	},
	{
		// The core is framework-free and effect-free: no Svelte, no CodeMirror, no storage.
		files: ['src/core/**/*.ts'],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					patterns: [
						'svelte',
						'svelte/*',
						'@codemirror/*',
						'idb-keyval',
						'**/persistence/**',
						'**/state/**'
					]
				}
			],
			'no-restricted-globals': ['error', 'fetch', 'window', 'document', 'localStorage', 'indexedDB']
		}
	},
	{
		// Only src/persistence may touch IndexedDB.
		files: ['src/**/*.ts', 'src/**/*.svelte'],
		ignores: ['src/persistence/**', 'src/core/**'],
		rules: {
			'no-restricted-imports': ['error', { paths: ['idb-keyval'] }]
		}
	}
);
