/**
 * A fresh record id. `crypto.randomUUID` exists only in secure contexts (https, localhost), and
 * the built site may be served over plain http from a LAN folder, so fall back to random bytes.
 */
export function newId(): string {
	if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
	const b = crypto.getRandomValues(new Uint8Array(16));
	return [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
}
