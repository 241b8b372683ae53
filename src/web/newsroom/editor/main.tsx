import { render } from 'preact';
import { EditorApp } from './editor-app.tsx';
import type { EditorBoot } from './editor-model.ts';

// The editor page's app: started from what the server put in #editor-boot.
const host = document.getElementById('editor-app');
const boot = document.getElementById('editor-boot');
if (host && boot?.textContent) {
  host.replaceChildren();
  render(<EditorApp boot={JSON.parse(boot.textContent) as EditorBoot} />, host);
}
