/**
 * Start-up: the bar "on an existing database `ghad serve` answers its first request ≤ 0.5 s
 * after it is started" (issue 12), measured from the spawn of the process to the first 200 on
 * the home page, asked every 5 ms. The compiled server (`node bin/ghad.js serve`, what
 * `npm start` and production run; dist/ is built first if stale, outside the timing) and, as
 * the baseline in the same run, the sources through tsx (what ran before the build existed),
 * taking turns. The database is the demo newspaper in SQLite (imported on the first run).
 *
 *   npm run bench:start [-- --runs 7 --data-dir test-output/bench-start]
 */
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { prepareDemoData } from './demo-data.ts';
import { table } from './report.ts';
import { freePort, processCpuSeconds, REPO_ROOT } from './servers.ts';

const USAGE = `npm run bench:start -- [options]
  --runs N        starts of each kind (7)
  --data-dir DIR  the SQLite database's folder, kept between runs (test-output/bench-start)`;

interface Kind {
  label: string;
  args: string[];
}

const KINDS: Kind[] = [
  { label: 'compiled (dist/ghad.js)', args: ['bin/ghad.js', 'serve'] },
  { label: 'sources through tsx', args: ['--import', 'tsx', 'src/cli/main.ts', 'serve'] },
];

/**
 * Milliseconds from the spawn to the first 200 on `/`, and the CPU milliseconds the server used
 * meanwhile (which moves much less than the wall time when other work shares the machine).
 */
async function firstAnswer(kind: Kind, dataDir: string): Promise<{ wall: number; cpu: number }> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, kind.args, {
    cwd: REPO_ROOT,
    env: { ...process.env, GHAD_DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', GHAD_LOG_LEVEL: 'warn' },
    stdio: 'ignore',
  });
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  try {
    while (!exited) {
      try {
        const response = await fetch(`http://127.0.0.1:${port}/`);
        await response.arrayBuffer();
        if (response.ok) {
          const wall = performance.now() - started;
          return { wall, cpu: processCpuSeconds(child.pid!) * 1000 };
        }
      } catch {
        // Not listening yet.
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    throw new Error(`${kind.label}: the server exited before it answered.`);
  } finally {
    const gone = new Promise((resolve) => (exited ? resolve(undefined) : child.once('exit', resolve)));
    child.kill('SIGTERM');
    await gone;
  }
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '7' },
      'data-dir': { type: 'string', default: 'test-output/bench-start' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const runs = Number(values.runs);
  const dataDir = path.resolve(values['data-dir']);
  console.log(`▸ data: ${dataDir}`);
  const data = await prepareDemoData(dataDir, 1);
  console.log(`  ${data.articleCount.toLocaleString('en')} articles${data.imported ? ' (imported now)' : ''}`);
  // Build now if stale, so that no start below pays for it.
  const build = spawnSync(process.execPath, ['bin/ghad.js', '--help'], { cwd: REPO_ROOT, stdio: 'ignore' });
  if (build.status !== 0) throw new Error('The compiled server could not be built (npm run build).');
  // One start each first, unmeasured: the database file and the packages in the page cache.
  for (const kind of KINDS) await firstAnswer(kind, dataDir);
  const times = new Map<Kind, { wall: number; cpu: number }[]>(KINDS.map((kind) => [kind, []]));
  for (let run = 0; run < runs; run++) {
    for (const kind of KINDS) times.get(kind)!.push(await firstAnswer(kind, dataDir));
  }
  const median = (values: number[]) => String(Math.round([...values].sort((a, b) => a - b)[values.length >> 1]!));
  const rows = KINDS.map((kind) => {
    const wall = times.get(kind)!.map((t) => t.wall);
    const cpu = times.get(kind)!.map((t) => t.cpu);
    return [
      kind.label,
      String(Math.round(Math.min(...wall))),
      median(wall),
      String(Math.round(Math.max(...wall))),
      median(cpu),
    ];
  });
  console.log(`\nFirst answer after the start, ms (${runs} starts each, taking turns)`);
  console.log(table(['server', 'min', 'median', 'max', 'CPU median'], rows, (column) => column > 0));
  return 0;
}

process.exitCode = await main();
