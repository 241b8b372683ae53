// Scores the hand judgments of the «اقرأ أيضا» evaluation (issue 14).
// Reads key.json (candidate number -> list ranks), judgments.json (hand labels) and sample.json
// (coverage figures), all written next to this script, and prints the figures; with --json,
// writes them to scores.json too.
// Usage: node --import tsx eval/related/score.mjs [--json]
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Prng } from '../prng.ts';

const here = dirname(fileURLToPath(import.meta.url));
const read = (name) => JSON.parse(readFileSync(join(here, name), 'utf8'));
const key = read('key.json');
const { judgments, reasons } = read('judgments.json');
const { meta } = read('sample.json');
const K = 5;

const systems = {
  related: 'relatedRank',
  baseline: 'baselineRank',
  baselineInclusive: 'baselineInclusiveRank',
};
// Grades: the guideline's judgment, and two stricter readings of it by the reason's tag.
const grades = {
  guideline: () => true,
  storyOrEntity: (why) => /^\[(story|entity)\]/.test(why ?? ''),
  storyOnly: (why) => /^\[story\]/.test(why ?? ''),
};

const mean = (xs) => xs.reduce((s, x) => s + x, 0) / xs.length;
const round = (x) => Math.round(x * 1000) / 1000;

const articleIds = Object.keys(key);
const missing = articleIds.flatMap((a) =>
  Object.keys(key[a])
    .filter((n) => judgments[a]?.[n] !== 0 && judgments[a]?.[n] !== 1)
    .map((n) => `${a}#${n}`),
);
if (missing.length > 0) throw new Error(`unjudged candidates: ${missing.join(', ')}`);

// Per article, per grade, per system: shown and relevant.
const rows = articleIds.map((a) => {
  const row = { article: Number(a), bySystem: {} };
  for (const [grade, accept] of Object.entries(grades)) {
    row.bySystem[grade] = {};
    for (const [system, field] of Object.entries(systems)) {
      const shown = Object.entries(key[a]).filter(([, c]) => c[field] !== null && c[field] <= K);
      const relevant = shown.filter(([n]) => judgments[a][n] === 1 && accept(reasons[a]?.[n])).length;
      row.bySystem[grade][system] = { shown: shown.length, relevant };
    }
  }
  row.overlap = Object.values(key[a]).filter((c) => c.relatedRank !== null && c.baselineRank !== null).length;
  return row;
});

function bootstrapDiff(grade, a, b, metric, reps = 10000) {
  const random = new Prng(20261207);
  const per = rows.map((r) => metric(r.bySystem[grade][a]) - metric(r.bySystem[grade][b]));
  const means = [];
  for (let i = 0; i < reps; i++) {
    let s = 0;
    for (let j = 0; j < per.length; j++) s += per[Math.floor(random.next() * per.length)];
    means.push(s / per.length);
  }
  means.sort((x, y) => x - y);
  return {
    diff: round(mean(per)),
    ci95: { low: round(means[Math.floor(reps * 0.025)]), high: round(means[Math.floor(reps * 0.975)]) },
  };
}

const p5 = (s) => s.relevant / K;
const shownPrecision = (s) => (s.shown === 0 ? 0 : s.relevant / s.shown);
const figures = {};
for (const grade of Object.keys(grades)) {
  figures[grade] = {};
  for (const system of Object.keys(systems)) {
    const cells = rows.map((r) => r.bySystem[grade][system]);
    figures[grade][system] = {
      'P@5': round(mean(cells.map(p5))),
      'precision over shown': round(mean(cells.map(shownPrecision))),
      'articles with >=1 relevant': cells.filter((c) => c.relevant > 0).length,
      'relevant shown (total)': cells.reduce((s, c) => s + c.relevant, 0),
      'shown (total)': cells.reduce((s, c) => s + c.shown, 0),
    };
  }
  figures[grade]['related - baseline, P@5 (paired bootstrap)'] = bootstrapDiff(grade, 'related', 'baseline', p5);
  figures[grade]['related - baselineInclusive, P@5 (paired bootstrap)'] = bootstrapDiff(
    grade,
    'related',
    'baselineInclusive',
    p5,
  );
}

const out = {
  articles: rows.length,
  candidatesJudged: rows.reduce((s, r) => s + Object.keys(key[r.article]).length, 0),
  coverage: {
    publishedArticles: meta.publishedArticles,
    withAtLeastOneRelated: meta.withAtLeastOneRelated,
    share: round(meta.coverage),
    meanShownOverAllPublished: round(meta.meanShownOverAllPublished),
    meanShownOverCovered: round(meta.meanShownOverCovered),
    meanShownInSample: round(meta.meanShownInSample),
  },
  // Over all published articles, an article with no list shows nothing: P@5 = 0 there.
  relatedP5TimesCoverage: round(figures.guideline.related['P@5'] * meta.coverage),
  meanOverlapRelatedBaseline: round(mean(rows.map((r) => r.overlap))),
  figures,
  perArticle: rows.map((r) => ({
    article: r.article,
    related: `${r.bySystem.guideline.related.relevant}/${r.bySystem.guideline.related.shown}`,
    baseline: `${r.bySystem.guideline.baseline.relevant}/${r.bySystem.guideline.baseline.shown}`,
    baselineInclusive: `${r.bySystem.guideline.baselineInclusive.relevant}/${r.bySystem.guideline.baselineInclusive.shown}`,
    overlap: r.overlap,
  })),
};
console.log(JSON.stringify(out, null, 2));
if (process.argv.includes('--json')) writeFileSync(join(here, 'scores.json'), `${JSON.stringify(out, null, 2)}\n`);
