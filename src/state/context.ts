import { getContext, setContext } from 'svelte';
import type { WorkspaceState } from './workspace.svelte';

const KEY = Symbol('workspace');

/** Makes the workspace available to every component below the caller. */
export function setWorkspace(ws: WorkspaceState): WorkspaceState {
	return setContext(KEY, ws);
}

/** The workspace set by an ancestor. @throws when none was set (a component used outside App) */
export function getWorkspace(): WorkspaceState {
	const ws = getContext<WorkspaceState | undefined>(KEY);
	if (!ws) throw new Error('getWorkspace() needs setWorkspace() in an ancestor component');
	return ws;
}
