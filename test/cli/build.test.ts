import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { BUILD_STAMP, buildServer, SERVER_FILE } from '../../scripts/build.ts';
import { temporaryDataDir } from '../helpers/databases.ts';

/** Beside dist/ (the same depth, as the code finds the demo from there), where its packages resolve. */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The compiled server (npm run build → dist/ghad.js), run by plain Node as production runs it:
 * the paths that differ from the sources (files read beside the code, the prebuilt editor
 * bundle, the packages bundled in, the lazily loaded commands) answer as they do there.
 */
describe('npm run build', () => {
  let outDir: string;
  let dataDir: string;
  let origin: string;
  let child: ReturnType<typeof spawn>;
  let output = '';

  before(async () => {
    outDir = path.join(ROOT, `dist-test-${process.pid}`);
    dataDir = temporaryDataDir();
    await buildServer(outDir);
    child = spawn(process.execPath, [path.join(outDir, SERVER_FILE), 'serve'], {
      env: { ...process.env, GHAD_DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', GHAD_LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    origin = await new Promise<string>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        const open = /is open at (http:\/\/localhost:\d+)/.exec(output);
        if (open) resolve(open[1] as string);
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      child.on('exit', (code) => reject(new Error(`the compiled server exited (${code}):\n${output}`)));
    });
  });

  after(async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    fs.rmSync(outDir, { recursive: true, force: true });
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('writes the server with its source map, the files it reads, the editor bundle and a stamp', () => {
    for (const file of [SERVER_FILE, `${SERVER_FILE}.map`, BUILD_STAMP, 'web/site/site.css', 'web/fonts.css']) {
      assert.ok(fs.existsSync(path.join(outDir, file)), file);
    }
    assert.ok(fs.statSync(path.join(outDir, 'web/newsroom/editor.bundle.js')).size > 50_000);
    const server = fs.readFileSync(path.join(outDir, SERVER_FILE), 'utf8');
    assert.doesNotMatch(server, /from ["']tsx/);
    assert.doesNotMatch(server, /from ["']\.\.?\/[^"']*\.tsx?["']/);
  });

  it('loads at start none of what only some paths use: the S3 client, esbuild, argon2, sharp, pg', () => {
    // The modules `ghad serve` reads at start: ghad.js, the serve command's chunk (imported once
    // the command is known) and the chunks they import statically, transitively.
    const started = new Set<string>();
    const packages = new Set<string>();
    const visit = (file: string) => {
      if (started.has(file)) return;
      started.add(file);
      const code = fs.readFileSync(path.join(outDir, file), 'utf8');
      for (const [, from] of code.matchAll(/(?:^|[;}\n])\s*import\s*(?:[\w${}\s,*]+from\s*)?["']([^"']+)["']/g)) {
        if (from!.startsWith('./')) visit(from!.slice(2));
        else packages.add(from!);
      }
    };
    visit(SERVER_FILE);
    const serveCommand = fs.readdirSync(outDir).find((name) => /^serve-command-\w+\.js$/.test(name));
    assert.ok(serveCommand, 'the serve command has its own chunk');
    visit(serveCommand);
    assert.ok(started.size > 1, 'the server is split into chunks');
    const lazy = [...fs.readdirSync(outDir)].filter((name) => name.endsWith('.js') && !started.has(name));
    assert.ok(lazy.length > 0, 'some chunks load only when used');
    const heavy = [...packages].filter((name) =>
      /^(@aws-sdk\/|esbuild|@node-rs\/argon2|sharp|pg$|pg-native)/.test(name),
    );
    assert.deepEqual(heavy, [], `imported at start: ${heavy.join(', ')}`);
  });

  it('serves the site, its stylesheet, the newsroom, the editor script and the API from plain Node', async () => {
    const home = await fetch(`${origin}/`);
    assert.equal(home.status, 200);
    const html = await home.text();
    assert.match(html, /<html lang="ar" dir="rtl"/);
    const stylesheet = /href="(\/assets\/site\.[0-9a-f]+\.css)"/.exec(html)?.[1];
    assert.ok(stylesheet, 'the page links its stylesheet');
    const css = await fetch(`${origin}${stylesheet}`);
    assert.equal(css.status, 200);
    assert.match(await css.text(), /@font-face/);

    const signIn = await fetch(`${origin}/newsroom/sign-in`);
    assert.equal(signIn.status, 200);
    const form = await signIn.text();
    assert.match(form, /تسجيل الدخول/);
    // A wrong sign-in still hashes (argon2, loaded from its own chunk on first use).
    const token = /name="_csrf" value="([^"]+)"/.exec(form)?.[1];
    assert.ok(token, 'the sign-in form carries its token');
    const cookie = signIn.headers
      .getSetCookie()
      .map((set) => set.split(';')[0])
      .join('; ');
    const refusedSignIn = await fetch(`${origin}/newsroom/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
      body: new URLSearchParams({ _csrf: token, email: 'nobody@example.ma', password: 'not the password' }),
      redirect: 'manual',
    });
    assert.equal(refusedSignIn.status, 401, await refusedSignIn.clone().text());
    assert.match(await refusedSignIn.text(), /البريد الإلكتروني أو كلمة المرور/);

    const prebuilt = fs.readFileSync(path.join(outDir, 'web/newsroom/editor.bundle.js'));
    const editor = await fetch(`${origin}/newsroom/assets/editor.js`, { headers: { 'accept-encoding': 'identity' } });
    assert.equal(editor.status, 200);
    assert.ok(Buffer.from(await editor.arrayBuffer()).equals(prebuilt), 'the prebuilt bundle, not one made now');

    const api = await fetch(`${origin}/api/v1/articles?limit=1`);
    assert.equal(api.status, 200);
    const refused = await fetch(`${origin}/api/v1/articles?limit=none`);
    assert.equal(refused.status, 400, 'request schemas still check, compiled on first use');
    const openapi = await fetch(`${origin}/api/v1/openapi.json`);
    assert.equal(openapi.status, 200);
  });
});
