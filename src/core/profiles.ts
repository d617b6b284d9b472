import type { HttpMethod } from './types';

/**
 * What differs between the platforms the playground emulates. Marketo is the default profile;
 * Braze (Liquid, key-value bodies, retries) is the second (DESIGN.md §5) and slots in here.
 */
export interface PlatformProfile {
	id: 'marketo' | 'braze';
	label: string;
	methods: readonly HttpMethod[];
	/** How long the platform waits for a response before it gives up. */
	timeoutMs: number;
	/** How many more attempts after a failed call; 0 = never retries. */
	maxRetries: number;
	/** Parallel calls the platform makes for one campaign by default. */
	defaultConcurrency: number;
	/** Outstanding connections an instance allows at most. */
	maxConcurrency: number;
	/** Whether it follows HTTP redirects. */
	followsRedirects: boolean;
}

/** Marketo: 30 s timeout (DEV-WH), never retries (§4), one lead at a time, 20 connections (TK-20). */
export const marketoProfile: PlatformProfile = {
	id: 'marketo',
	label: 'Marketo',
	methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
	timeoutMs: 30_000,
	maxRetries: 0,
	defaultConcurrency: 1,
	maxConcurrency: 20,
	// Whether Marketo follows redirects is undocumented; we assume it does not.
	followsRedirects: false
};
