/**
 * Arrow keys on a tab of a tablist with a roving tabindex (WAI-ARIA tabs pattern): Right and Left
 * move to the next and previous tab, wrapping, and focus it. Returns the tab to select, or null
 * for any other key.
 * @param idPrefix the tab buttons' ids are `idPrefix` + the tab's id
 */
export function arrowTab<T extends string>(
	e: KeyboardEvent,
	tabs: readonly (readonly [T, string])[],
	current: T,
	idPrefix: string
): T | null {
	if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return null;
	const i = tabs.findIndex(([t]) => t === current);
	const next = tabs[(i + (e.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length]![0];
	document.getElementById(`${idPrefix}${next}`)?.focus();
	return next;
}
