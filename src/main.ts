import { mount } from 'svelte';
import App from './App.svelte';
import './app.css';
import { ActivityRepo, WorkspaceRepo, idbStore } from './persistence';
import { SendState } from './state/send.svelte';
import { WorkspaceState } from './state/workspace.svelte';

const store = idbStore();
const workspace = new WorkspaceState({ repo: new WorkspaceRepo(store) });
const send = new SendState(workspace, { repo: new ActivityRepo(store) });
// Pending edits are written when the tab is hidden (switching tabs, closing the window).
addEventListener('visibilitychange', () => {
	if (document.visibilityState === 'hidden') void workspace.flush();
});
void workspace.load();
void send.load();

const app = mount(App, {
	target: document.getElementById('app')!,
	props: { workspace, send }
});

export default app;
