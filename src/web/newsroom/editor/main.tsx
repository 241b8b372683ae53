import { render } from 'preact';
import { registerZoneTable } from '../../../arabic/zone-rules.ts';
import { EditorApp } from './editor-app.tsx';
import type { EditorBoot } from './editor-model.ts';

// The editor page's app: started from what the server put in #editor-boot.
const host = document.getElementById('editor-app');
const boot = document.getElementById('editor-boot');
if (host && boot?.textContent) {
  const data = JSON.parse(boot.textContent) as EditorBoot;
  registerZoneTable(data.zone);
  host.replaceChildren();
  render(<EditorApp boot={data} />, host);
}
