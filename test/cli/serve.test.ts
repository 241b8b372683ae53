import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { DEMO_ACCOUNTS } from '../../src/newsroom/first-accounts.ts';
import { newsroomAccounts } from '../../src/newsroom/newsroom-accounts.ts';
import { openStore } from '../../src/store/store.ts';
import { temporaryDataDir } from '../helpers/databases.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** `ghad serve` (npm start adds --demo), on a random port; resolves once it says where it is open. */
function serve(dataDir: string, env: Record<string, string> = {}, args: string[] = []) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve', ...args], {
    cwd: ROOT,
    env: { ...process.env, GHAD_DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', GHAD_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const ready = new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const open = /(?:is open|listening) at (http:\/\/localhost:\d+)/.exec(output);
      if (open) resolve(open[1] as string);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`ghad serve exited (${code}) before it was open:\n${output}`)));
  });
  return { child, ready, output: () => output };
}

/** Signs in through the newsroom's form over HTTP (its form token and cookie first). */
async function signIn(origin: string, email = '', password = ''): Promise<Response> {
  const page = await fetch(`${origin}/newsroom/sign-in`);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
  const cookie = page.headers
    .getSetCookie()
    .map((set) => set.split(';')[0])
    .join('; ');
  return fetch(`${origin}/newsroom/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    body: new URLSearchParams({ _csrf: csrf, email, password }).toString(),
  });
}

function stopped(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

describe('ghad serve (what npm start runs)', () => {
  let dataDir: string;
  before(() => {
    dataDir = temporaryDataDir();
  });
  after(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('imports the demo newspaper into an empty database with --demo (npm start), serves it, and stops on SIGTERM', async () => {
    const packageJson = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    assert.match(packageJson.scripts.start, /^node bin\/ghad\.js serve --demo$/);
    const server = serve(dataDir, {}, ['--demo']);
    const origin = await server.ready;
    assert.match(server.output(), /Demo newspaper imported in \d+\.\d s\./);
    assert.match(server.output(), /jawhara\.jsonl\.gz: 10134 imported, 0 updated, 0 unchanged, 27 skipped/);
    const home = await fetch(`${origin}/`);
    assert.equal(home.status, 200);
    assert.match(await home.text(), /المغرب وإسرائيل يوقعان على اتفاق كبير/);
    // Not a terminal (a log): no secret, but the command that prints a one-time link.
    assert.match(server.output(), /Newsroom owner created: owner@ghad\.local\. Its password is not shown in logs/);
    assert.match(server.output(), /npx ghad user reset-link --email owner@ghad\.local/);
    assert.doesNotMatch(server.output(), /password: \S|\/newsroom\/reset\//);
    assert.match(
      server.output(),
      /Demo newsroom accounts \(passwords in the README\): admin@demo\.alghad24\.ma \(administrator\)/,
    );
    assert.equal(
      (await fetch(`${origin}/newsroom`, { redirect: 'manual' })).headers.get('location'),
      '/newsroom/sign-in',
    );
    assert.equal(await stopped(server.child), 0);

    const store = await openStore({ dataDir });
    try {
      const owner = await newsroomAccounts(store.db).accounts.findByEmail('owner@ghad.local');
      assert.ok(owner?.role === 'owner' && owner.mustChangePassword);
      const { accounts } = newsroomAccounts(store.db, { demoAccounts: true });
      for (const demo of DEMO_ACCOUNTS) {
        const result = await accounts.signIn(demo.email, demo.password);
        assert.ok(result.ok && result.user.demo && result.user.role === demo.role, demo.email);
      }
    } finally {
      await store.close();
    }
  });

  it('opens the same database at once the second time, in one process per GHAD_WORKERS', async () => {
    const server = serve(dataDir, { GHAD_WORKERS: '2' }, ['--demo']);
    const origin = await server.ready;
    assert.doesNotMatch(server.output(), /importing the demo/);
    assert.doesNotMatch(server.output(), /owner created|Demo newsroom accounts/);
    assert.match(server.output(), /2 server processes/);
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => fetch(`${origin}/article/1`, { redirect: 'manual' })),
    );
    assert.ok(responses.every((r) => r.status === 301));
    assert.equal((await signIn(origin, DEMO_ACCOUNTS[0]?.email, DEMO_ACCOUNTS[0]?.password)).status, 303);
    assert.equal(await stopped(server.child), 0);
  });

  it('serves a database that had the demo without it: demo accounts cannot sign in (issue 17)', async () => {
    const server = serve(dataDir);
    const origin = await server.ready;
    for (const demo of DEMO_ACCOUNTS) {
      const refused = await signIn(origin, demo.email, demo.password);
      assert.equal(refused.status, 403, demo.email);
      assert.match(await refused.text(), /الحسابات التجريبية لا تعمل إلا مع الجريدة التجريبية/);
    }
    assert.equal(await stopped(server.child), 0);
  });

  it('rebuilds a search index that is missing before it listens (a database from before it, or emptied by a migration)', async () => {
    const db = new BetterSqlite3(path.join(dataDir, 'ghad.sqlite'));
    db.prepare('delete from search_documents').run();
    db.close();
    const server = serve(dataDir);
    const origin = await server.ready;
    assert.match(server.output(), /Search index: 12\d{3} published articles indexed in \d+\.\d s/);
    const page = await fetch(`${origin}/search?q=${encodeURIComponent('گانتز')}`);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /المغرب وإسرائيل يوقعان على اتفاق كبير/);
    assert.equal(await stopped(server.child), 0);
    // Once rebuilt, the next start goes straight to listening.
    const again = serve(dataDir);
    await again.ready;
    assert.doesNotMatch(again.output(), /Search index:/);
    assert.equal(await stopped(again.child), 0);
  });

  it('never makes demo content or demo accounts for a real newspaper: plain serve, or --no-demo over GHAD_DEMO (issue 17)', async () => {
    for (const [env, args] of [
      [{}, []],
      [{ GHAD_DEMO: 'on' }, ['--no-demo']],
    ] as const) {
      const fresh = temporaryDataDir();
      try {
        const server = serve(fresh, env, [...args]);
        const origin = await server.ready;
        assert.doesNotMatch(server.output(), /importing the demo|Demo newsroom accounts/);
        assert.match(server.output(), /Newsroom owner created: owner@ghad\.local\./);
        assert.equal((await fetch(`${origin}/`)).status, 200);
        assert.equal(await stopped(server.child), 0);
        const store = await openStore({ dataDir: fresh });
        try {
          assert.equal(await store.articles.countAll(), 0);
          const users = await newsroomAccounts(store.db).accounts.list();
          assert.deepEqual(
            users.map((user) => [user.email, user.role, user.demo]),
            [['owner@ghad.local', 'owner', false]],
          );
        } finally {
          await store.close();
        }
      } finally {
        fs.rmSync(fresh, { recursive: true, force: true });
      }
    }
  });

  it('announces the public address from GHAD_SITE_URL, and where it listens on this machine', async () => {
    const fresh = temporaryDataDir();
    try {
      const server = serve(fresh, { GHAD_SITE_URL: 'https://alghad24.example/' });
      const origin = await server.ready;
      const line =
        server
          .output()
          .split('\n')
          .find((l) => l.includes('is open at')) ?? '';
      assert.match(line, /^الغد 24 is open at https:\/\/alghad24\.example \(listening at http:\/\/localhost:\d+; /);
      assert.ok(line.includes(origin), 'the local address too');
      assert.equal((await fetch(`${origin}/`)).status, 200);
      assert.equal(await stopped(server.child), 0);
    } finally {
      fs.rmSync(fresh, { recursive: true, force: true });
    }
  });

  it('says in one line what to fix when the database cannot be opened', async () => {
    const server = serve('/dev/null/ghad');
    await assert.rejects(
      server.ready,
      /ghad: Cannot open the SQLite database at \/dev\/null\/ghad\/ghad.sqlite .*GHAD_DATA_DIR/,
    );
  });
});
