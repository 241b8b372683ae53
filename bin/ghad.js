#!/usr/bin/env node
// The `ghad` command (what `npm start` runs): the compiled server, dist/ghad.js. It is built
// first (npm run build, a few seconds) when it is missing or older than the sources, the build
// script or the installed packages, so a fresh checkout needs no step of its own; no tsx then
// runs in the serving process. `npm run dev` and the tests run the TypeScript sources instead.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import module from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const server = path.join(root, 'dist/ghad.js');
const stamp = path.join(root, 'dist/.build-stamp');

function newestChange(file) {
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of fs.readdirSync(file)) newest = Math.max(newest, newestChange(path.join(file, entry)));
  return newest;
}

function builtIsCurrent() {
  const built = fs.statSync(stamp, { throwIfNoEntry: false });
  if (!built || !fs.existsSync(server)) return false;
  const sources = ['src', 'scripts/build.ts', 'package-lock.json'].map((part) => newestChange(path.join(root, part)));
  return Math.max(...sources) <= built.mtimeMs;
}

if (!builtIsCurrent()) {
  console.error('Building the server into dist/ (npm run build)…');
  const build = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'scripts/build.ts')], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
// Node 22 and later keep the compiled bundle on disk between starts (Node 20 has no such cache).
module.enableCompileCache?.();
// Stack traces name dist/ghad.js's lines; NODE_OPTIONS=--enable-source-maps maps them to src/
// (reading the 6 MB map costs a start about 0.3 s, so it is not the default).
await import(server);
