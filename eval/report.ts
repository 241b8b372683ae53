/** The printed tables of the search evaluation. */
import { type Figures, NAMES_DEPTH } from './evaluate.ts';
import { PERTURBATION_KINDS } from './perturb.ts';
import type { SystemSetup } from './system.ts';

export interface SystemResult {
  setup: SystemSetup;
  figures?: Figures;
}

const f3 = (n: number | undefined) => (n === undefined || Number.isNaN(n) ? '–' : n.toFixed(3));
const ms = (n: number | undefined) => (n === undefined || Number.isNaN(n) ? '–' : n.toFixed(n < 10 ? 2 : 1));

export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '─'.repeat(w))), ...rows.map(line)].join('\n');
}

function nameOf(result: SystemResult): string {
  return result.setup.available ? result.setup.system.name : result.setup.name;
}

export function summaryTable(results: SystemResult[]): string {
  return table(
    [
      'system',
      'MRR@10',
      'R@10',
      `names R@${NAMES_DEPTH}`,
      'names P@10',
      'p50 ms',
      'p95 ms',
      'names p50',
      'names p95',
      'setup s',
    ],
    results.flatMap((r) => {
      if (!r.setup.available || !r.figures) return [];
      const { knownItems, names, latencyMs } = r.figures;
      return [
        [
          nameOf(r),
          f3(knownItems.mrrAt10),
          f3(knownItems.recallAt10),
          f3(names.recall),
          f3(names.precisionAt10),
          ms(latencyMs.knownItems.median),
          ms(latencyMs.knownItems.p95),
          ms(latencyMs.names.median),
          ms(latencyMs.names.p95),
          r.setup.setupSeconds.toFixed(1),
        ],
      ];
    }),
  ).concat(results.map((r) => (r.setup.available ? '' : `\n${r.setup.name}: ${r.setup.reason}`)).join(''));
}

export function perKindTable(results: SystemResult[]): string {
  const ran = results.filter((r) => r.figures);
  const counts = ran[0]?.figures?.knownItems.perKind ?? {};
  return table(
    ['MRR@10 by kind', 'queries', ...ran.map(nameOf)],
    PERTURBATION_KINDS.filter((k) => counts[k]).map((kind) => [
      kind,
      String(counts[kind]!.queries),
      ...ran.map((r) => f3(r.figures!.knownItems.perKind[kind]?.mrrAt10)),
    ]),
  );
}

export function perGroupTable(results: SystemResult[]): string {
  const ran = results.filter((r) => r.figures);
  const groups = ran[0]?.figures?.names.perGroup ?? {};
  return table(
    ['names recall by group', 'articles', 'queries', ...ran.map(nameOf)],
    Object.entries(groups).map(([key, g]) => [
      key,
      String(g.relevant),
      String(g.queries),
      ...ran.map((r) => {
        const of = r.figures!.names.perGroup[key];
        return of ? `${f3(of.recall)}/${f3(of.precisionAt10)}` : '–';
      }),
    ]),
  );
}

/** The known items each system misses and the name queries where it finds least. */
export function failures(result: SystemResult, count: number): string {
  if (!result.figures) return '';
  const { knownItems, names } = result.figures.outcomes;
  const missed = knownItems.filter((k) => k.rank === null);
  // Spread the examples over the kinds: round-robin through them.
  const byKind = new Map<string, typeof missed>();
  for (const m of missed) byKind.set(m.kind, [...(byKind.get(m.kind) ?? []), m]);
  const examples: typeof missed = [];
  for (let i = 0; examples.length < Math.min(count, missed.length); i++) {
    for (const list of byKind.values()) if (list[i] && examples.length < count) examples.push(list[i]!);
  }
  const lines = [`${nameOf(result)}: ${missed.length} of ${knownItems.length} known items not in the top 10`];
  for (const m of examples) lines.push(`  [${m.kind}] «${m.query}»  (headline words: «${m.window}», ${m.relevant})`);
  const worst = [...names].sort((a, b) => a.recall - b.recall).slice(0, Math.ceil(count / 2));
  lines.push(`${nameOf(result)}: lowest names recall`);
  for (const n of worst) {
    const forms = n.missedForms.map((m) => `${m.form}×${m.documents}`).join(' ');
    lines.push(
      `  «${n.query}» (${n.group}) ${n.found}/${n.relevant}, P@10 ${f3(n.precisionAt10)}${forms ? `; missed: ${forms}` : ''}`,
    );
  }
  return lines.join('\n');
}
