import { mount } from 'svelte';
import App from './App.svelte';
import './app.css';
import { WorkspaceState } from './state/workspace.svelte';

const workspace = new WorkspaceState();
// Pending edits are written when the tab is hidden (switching tabs, closing the window).
addEventListener('visibilitychange', () => {
	if (document.visibilityState === 'hidden') void workspace.flush();
});
void workspace.load();

const app = mount(App, { target: document.getElementById('app')!, props: { workspace } });

export default app;
