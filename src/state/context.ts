import { getContext, setContext } from 'svelte';
import type { WorkspaceState } from './workspace.svelte';
import type { SendState } from './send.svelte';

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

const SEND_KEY = Symbol('send');

/** Makes sending and the activity log available to every component below the caller. */
export function setSend(send: SendState): SendState {
	return setContext(SEND_KEY, send);
}

/** The send state set by an ancestor. @throws when none was set */
export function getSend(): SendState {
	const s = getContext<SendState | undefined>(SEND_KEY);
	if (!s) throw new Error('getSend() needs setSend() in an ancestor component');
	return s;
}
