import { execFileSync } from 'node:child_process';
import { REPO_ROOT } from './servers.ts';
import type { ScenarioSummary, Target } from './summary.ts';

export interface SizeRow {
  label: string;
  identity: number;
  gzip: number;
  br: number;
}

const int = (n: number) => Math.round(n).toLocaleString('en');
const ms = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));

/**
 * A figures table in fixed-width text: the header, a rule, the rows, each column as wide as its
 * widest cell and right-aligned where `rightAligned` says (numbers). Every bench prints its
 * tables with it.
 */
export function table(header: string[], rows: string[][], rightAligned: (column: number) => boolean): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (rightAligned(i) ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '─'.repeat(w))), ...rows.map(line)].join('\n');
}

/** A run's length as a report says it: «42 s» under a minute and a half, else «3 min 07 s». */
export function duration(seconds: number): string {
  if (seconds < 90) return `${seconds.toFixed(0)} s`;
  return `${Math.floor(seconds / 60)} min ${String(Math.round(seconds % 60)).padStart(2, '0')} s`;
}

/** The commit a report's figures were measured on, and whether the working tree differed from it; undefined without git. */
export function gitDescription(): { commit: string; dirty: boolean } | undefined {
  try {
    const git = (args: string[]) =>
      execFileSync('git', args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'ignore'] })
        .toString()
        .trim();
    const commit = git(['rev-parse', '--short', 'HEAD']);
    const dirty = git(['status', '--porcelain']) !== '';
    return { commit, dirty };
  } catch {
    return undefined;
  }
}

/** Medians per measurement, with the share of the node:http baseline. */
export function throughputTable(scenarios: ScenarioSummary[], baseline: ScenarioSummary): string {
  return table(
    [
      '',
      'req/s',
      'p50 ms',
      'p99 ms',
      'server CPU µs/req',
      'autocannon CPU',
      'non-2xx',
      'errors',
      'vs node:http',
      'req/s per round',
    ],
    scenarios.map((s) => [
      s.label,
      int(s.requestsPerSecond),
      ms(s.p50Ms),
      ms(s.p99Ms),
      Number.isNaN(s.serverCpuUsPerRequest) ? '?' : int(s.serverCpuUsPerRequest),
      `${(s.loadGeneratorCpuShare * 100).toFixed(0)} %`,
      int(s.non2xx),
      int(s.errors + s.timeouts),
      `${((s.requestsPerSecond / baseline.requestsPerSecond) * 100).toFixed(0)} %`,
      s.rounds.map((r) => int(r.requestsPerSecond)).join(' / '),
    ]),
    (column) => column > 0 && column < 9,
  );
}

export function sizeTable(rows: SizeRow[]): string {
  return table(
    ['bytes as sent', 'HTML', 'gzip', 'br'],
    rows.map((r) => [r.label, int(r.identity), int(r.gzip), int(r.br)]),
    (column) => column > 0,
  );
}

export function targetTable(targets: Target[]): string {
  return table(
    ['target (docs/quality.md)', 'goal', 'measured', ''],
    targets.map((t) => [t.name, t.goal, t.actual, t.met ? 'met' : 'NOT MET']),
    (column) => column === 2,
  );
}
