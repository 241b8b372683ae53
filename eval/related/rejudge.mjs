// Re-scores the «اقرأ أيضا» evaluation (issue 14) after related lists stopped using names found
// in more than 5% of the published articles (at least 50). Same 30 articles as sample.json.
//
// For each sampled article it reads the related list the page now shows (kept entries still
// published, best first, the first 5) from the NEW database, and lists every (article,
// candidate) pair: a candidate already judged for that article in judgments.json (same
// candidate article id, found through key.json, whichever list it came from) carries its old
// label and reason over; any other is NEW and needs a label in judgments-after.json
// ({judgments: {articleId: {candidateArticleId: 0|1}}, reasons: {...}}).
//
// Writes:
//   blind-after.md     — the new candidates only: the article text as in blind.md, the candidate
//                        headline only (no score, no reason, no rank), shuffled;
//   scores-after.json  — (with --json) every pair with its origin, and the figures: the new
//                        lists, the old lists (recomputed from key.json + judgments.json and
//                        checked against scores.json), the baseline; lists lost; coverage in both
//                        databases. Without --json the figures are printed only.
// It stops (exit 1) when a new candidate has no label yet, after writing blind-after.md.
//
// Usage: node --import tsx eval/related/rejudge.mjs [--json] [--old path/to/old.sqlite] [--new path/to/new.sqlite]
// Both databases are opened read-only.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Prng } from '../prng.ts';
import { keptLists, openReadOnly, shownOf } from './kept-lists.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return resolve(i >= 0 ? process.argv[i + 1] : fallback);
};
const oldPath = arg('--old', join(here, '../../test-output/demo-data-v1/ghad.sqlite'));
const newPath = arg('--new', join(here, '../../test-output/demo-data/ghad.sqlite'));
const SEED = 20261207;
const K = 5;

const read = (name) => JSON.parse(readFileSync(join(here, name), 'utf8'));
const sample = read('sample.json');
const key = read('key.json');
const { judgments, reasons } = read('judgments.json');
const oldScores = read('scores.json');
const afterFile = join(here, 'judgments-after.json');
const after = existsSync(afterFile) ? JSON.parse(readFileSync(afterFile, 'utf8')) : { judgments: {}, reasons: {} };

const mean = (xs) => (xs.length === 0 ? 0 : xs.reduce((s, x) => s + x, 0) / xs.length);
const round = (x) => Math.round(x * 1000) / 1000;

function open(path) {
  const db = openReadOnly(path);
  const { published, publishedSet, lists } = keptLists(db);
  const shown = (id) => shownOf(lists, publishedSet, id, K);
  let withAny = 0;
  let shownTotal = 0;
  for (const id of published) {
    const n = shown(id).length;
    if (n > 0) withAny++;
    shownTotal += n;
  }
  const coverage = {
    database: path,
    publishedArticles: published.length,
    withAtLeastOneRelated: withAny,
    share: round(withAny / published.length),
    meanShownOverAllPublished: round(shownTotal / published.length),
    meanShownOverCovered: round(shownTotal / withAny),
  };
  return { db, shown, coverage, published };
}

const before = open(oldPath);
const now = open(newPath);
const getArticle = now.db.prepare('select id, headline, dek, body_text from articles where id = ?');
const lead = (a) => (a.dek?.trim() ? a.dek.trim() : a.body_text.slice(0, 300).trim());

// The old database must be the one the blind judging was made on.
for (const a of sample.articles) {
  const was = a.related.map((r) => r.id).join();
  const is = before
    .shown(a.id)
    .map((e) => e.id)
    .join();
  if (was !== is) throw new Error(`article ${a.id}: the old database's list (${is}) is not sample.json's (${was})`);
}

// Every (article, candidate) pair of the new lists.
const random = new Prng(SEED);
const pairs = {};
const newCandidates = {};
const unlabelled = [];
for (const a of sample.articles) {
  const judgedById = new Map(Object.entries(key[a.id]).map(([n, c]) => [c.id, { n, ...c }]));
  pairs[a.id] = now.shown(a.id).map((e, i) => {
    const was = judgedById.get(e.id);
    if (was) {
      return {
        id: e.id,
        rank: i + 1,
        origin: 'carried',
        candidateNumber: Number(was.n),
        oldRelatedRank: was.relatedRank,
        oldBaselineRank: was.baselineRank,
        label: judgments[a.id][was.n],
        why: reasons[a.id]?.[was.n] ?? null,
        score: e.score,
        reason: e.reason,
      };
    }
    const label = after.judgments?.[a.id]?.[e.id];
    if (label !== 0 && label !== 1) unlabelled.push(`${a.id}→${e.id}`);
    if (!newCandidates[a.id]) newCandidates[a.id] = [];
    newCandidates[a.id].push(e.id);
    return {
      id: e.id,
      rank: i + 1,
      origin: 'new',
      label: label ?? null,
      why: after.reasons?.[a.id]?.[e.id] ?? null,
      score: e.score,
      reason: e.reason,
    };
  });
}

// blind-after.md: the new candidates only, headline only, shuffled.
const sheet = [
  '# «اقرأ أيضا» — new candidates after leaving out names in more than 5% of the archive',
  '',
  'Candidates of the new related lists that were not judged before for the same article. Judge each',
  'by the guideline of README.md: 1 if a reader of the article would want it as further reading on the',
  'same story, event, or the specific people/organisations at its centre; 0 if it merely shares the',
  'broad section or the country. Not blind: every candidate here comes from the new related list.',
  'Label them in judgments-after.json as {judgments: {articleId: {candidateArticleId: 0|1}}}.',
  '',
];
const articlesWithNew = sample.articles.filter((a) => newCandidates[a.id]);
if (articlesWithNew.length === 0) {
  sheet.push(
    '**None.** Every candidate the new lists show for the 30 sampled articles was already judged',
    'for the same article in judgments.json; the new lists are the old ones with items taken out',
    '(and, once, reordered).',
    '',
  );
}
for (const [k, a] of sample.articles.entries()) {
  if (!newCandidates[a.id]) continue;
  const art = getArticle.get(a.id);
  sheet.push(`## ${k + 1}. Article ${a.id} — ${a.section}`, '', `**${art.headline}**`, '');
  sheet.push(`> ${lead(art).replace(/\s+/g, ' ')}`, '');
  for (const id of random.shuffle(newCandidates[a.id])) sheet.push(`- ${id}: **${getArticle.get(id).headline}**`);
  sheet.push('');
}
writeFileSync(join(here, 'blind-after.md'), `${sheet.join('\n')}\n`);

const newCount = Object.values(newCandidates).reduce((s, l) => s + l.length, 0);
if (unlabelled.length > 0) {
  console.error(
    `${newCount} new candidates written to blind-after.md; unlabelled in judgments-after.json: ${unlabelled.join(', ')}`,
  );
  process.exit(1);
}

// Figures. Grades as in score.mjs: the guideline, and two stricter readings by the reason's tag.
const grades = {
  guideline: () => true,
  storyOrEntity: (why) => /^\[(story|entity)\]/.test(why ?? ''),
  storyOnly: (why) => /^\[story\]/.test(why ?? ''),
};
// Per article and system: the labels of what it shows (at most 5), with their reasons.
const shownBy = {
  relatedAfter: (a) => pairs[a].map((p) => ({ label: p.label, why: p.why })),
  relatedBefore: (a) =>
    Object.entries(key[a])
      .filter(([, c]) => c.relatedRank !== null && c.relatedRank <= K)
      .map(([n]) => ({ label: judgments[a][n], why: reasons[a]?.[n] })),
  baseline: (a) =>
    Object.entries(key[a])
      .filter(([, c]) => c.baselineRank !== null && c.baselineRank <= K)
      .map(([n]) => ({ label: judgments[a][n], why: reasons[a]?.[n] })),
  baselineInclusive: (a) =>
    Object.entries(key[a])
      .filter(([, c]) => c.baselineInclusiveRank !== null && c.baselineInclusiveRank <= K)
      .map(([n]) => ({ label: judgments[a][n], why: reasons[a]?.[n] })),
};
const ids = sample.articles.map((a) => String(a.id));
const cells = {};
for (const [grade, accept] of Object.entries(grades)) {
  cells[grade] = {};
  for (const [system, items] of Object.entries(shownBy)) {
    cells[grade][system] = ids.map((a) => {
      const list = items(a);
      return { shown: list.length, relevant: list.filter((x) => x.label === 1 && accept(x.why)).length };
    });
  }
}
const p5 = (c) => c.relevant / K;
function bootstrapDiff(grade, a, b, reps = 10000) {
  const rand = new Prng(SEED);
  const per = ids.map((_, i) => p5(cells[grade][a][i]) - p5(cells[grade][b][i]));
  const means = [];
  for (let r = 0; r < reps; r++) {
    let s = 0;
    for (let j = 0; j < per.length; j++) s += per[Math.floor(rand.next() * per.length)];
    means.push(s / per.length);
  }
  means.sort((x, y) => x - y);
  return {
    diff: round(mean(per)),
    ci95: { low: round(means[Math.floor(reps * 0.025)]), high: round(means[Math.floor(reps * 0.975)]) },
    articlesDiffering: per.filter((d) => d !== 0).length,
  };
}
const figures = {};
for (const grade of Object.keys(grades)) {
  figures[grade] = {};
  for (const system of Object.keys(shownBy)) {
    const cs = cells[grade][system];
    const showing = cs.filter((c) => c.shown > 0);
    figures[grade][system] = {
      'P@5': round(mean(cs.map(p5))),
      // As score.mjs: an article showing nothing counts 0.
      'precision over shown': round(mean(cs.map((c) => (c.shown === 0 ? 0 : c.relevant / c.shown)))),
      // The same over the articles that show at least one item.
      'precision over shown, articles showing any': round(mean(showing.map((c) => c.relevant / c.shown))),
      'articles showing any': showing.length,
      'articles with >=1 relevant': cs.filter((c) => c.relevant > 0).length,
      'relevant shown (total)': cs.reduce((s, c) => s + c.relevant, 0),
      'shown (total)': cs.reduce((s, c) => s + c.shown, 0),
    };
  }
  figures[grade]['after - before, P@5 (paired bootstrap)'] = bootstrapDiff(grade, 'relatedAfter', 'relatedBefore');
  figures[grade]['after - baseline, P@5 (paired bootstrap)'] = bootstrapDiff(grade, 'relatedAfter', 'baseline');
}

// The old figures recomputed here must be scores.json's.
const mismatch = [];
for (const grade of Object.keys(grades)) {
  for (const [mine, theirs] of [
    ['relatedBefore', 'related'],
    ['baseline', 'baseline'],
    ['baselineInclusive', 'baselineInclusive'],
  ]) {
    for (const f of [
      'P@5',
      'precision over shown',
      'articles with >=1 relevant',
      'relevant shown (total)',
      'shown (total)',
    ]) {
      if (figures[grade][mine][f] !== oldScores.figures[grade][theirs][f]) mismatch.push(`${grade}/${mine}/${f}`);
    }
  }
}
if (mismatch.length > 0) throw new Error(`recomputed old figures differ from scores.json: ${mismatch.join(', ')}`);

// How each sampled list changed.
const changes = sample.articles.map((a) => {
  const was = a.related.map((r) => r.id);
  const is = pairs[a.id].map((p) => p.id);
  const kind =
    was.join() === is.join()
      ? 'same'
      : is.length === 0
        ? 'lost whole list'
        : is.every((id) => was.includes(id))
          ? is.length < was.length
            ? 'items removed'
            : 'reordered'
          : 'new items';
  return {
    article: a.id,
    change: kind,
    before: was.map((id) => ({ id, label: pairs[a.id].find((p) => p.id === id)?.label ?? labelOf(a.id, id) })),
    after: pairs[a.id].map((p) => ({ id: p.id, label: p.label, origin: p.origin })),
  };
});
function labelOf(article, id) {
  const n = Object.entries(key[article]).find(([, c]) => c.id === id)?.[0];
  return judgments[article][n];
}
const tally = (f) => {
  const counts = {};
  for (const c of changes) counts[f(c)] = (counts[f(c)] ?? 0) + 1;
  return counts;
};

// Over the whole archive: how the shown lists changed (no judging, counts only).
const archive = { same: 0, 'lost whole list': 0, 'items removed or reordered': 0, 'new items': 0, 'gained a list': 0 };
let newItemsArchive = 0;
for (const id of before.published) {
  const was = before.shown(id).map((e) => e.id);
  const is = now.shown(id).map((e) => e.id);
  if (was.join() === is.join()) archive.same++;
  else if (is.length === 0) archive['lost whole list']++;
  else if (was.length === 0) archive['gained a list']++;
  else if (is.every((x) => was.includes(x))) archive['items removed or reordered']++;
  else {
    archive['new items']++;
    newItemsArchive += is.filter((x) => !was.includes(x)).length;
  }
}

const out = {
  oldDatabase: oldPath,
  newDatabase: newPath,
  articles: ids.length,
  pairsAfter: Object.values(pairs).reduce((s, l) => s + l.length, 0),
  carriedOver: Object.values(pairs).reduce((s, l) => s + l.filter((p) => p.origin === 'carried').length, 0),
  newCandidatesJudged: newCount,
  sampleChanges: tally((c) => c.change),
  lostWholeList: changes.filter((c) => c.change === 'lost whole list').map((c) => c.article),
  coverage: { before: before.coverage, after: now.coverage },
  relatedP5TimesCoverage: {
    before: round(
      figures.guideline.relatedBefore['P@5'] *
        (before.coverage.withAtLeastOneRelated / before.coverage.publishedArticles),
    ),
    // The sample was drawn among the articles the OLD lists covered; the after figure keeps that frame.
    after: round(
      figures.guideline.relatedAfter['P@5'] *
        (before.coverage.withAtLeastOneRelated / before.coverage.publishedArticles),
    ),
  },
  archiveChanges: { ...archive, newItems: newItemsArchive, over: before.published.length },
  figures,
  perArticle: changes.filter((c) => c.change !== 'same'),
  pairs,
};
console.log(JSON.stringify({ ...out, pairs: undefined }, null, 2));
if (process.argv.includes('--json'))
  writeFileSync(join(here, 'scores-after.json'), `${JSON.stringify(out, null, 2)}\n`);
