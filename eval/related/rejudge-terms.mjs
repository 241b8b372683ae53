// The «اقرأ أيضا» evaluation (issue 14) once shared rare words relate articles beside names
// (stories/rare-terms.ts). Same 30 articles as sample.json, two databases made from the same demo
// by the code before and after the change: BEFORE (the lists as main makes them now) and AFTER
// (the same database, migration 025 run and every list made again).
//
// For each sampled article it reads what the page shows (kept entries still published, best
// first, the first 5) in both. A shown item already judged for that article (any candidate of
// key.json, whatever list it came from) keeps its label from judgments.json; every other item
// of either list goes on one sheet, blind-terms.md, shuffled, headline + snippet as in blind.md,
// without saying which list it is in (an item may be in both); its labels are read from
// judgments-terms.json ({judgments: {articleId: {candidateArticleId: 0|1}}, reasons: {...}}).
// terms-key.json says, for each item of the sheet, its rank in each list.
//
// It stops (exit 1) after writing the sheet when an item has no label yet. Otherwise it prints
// the figures (P@5 before, after and of the baseline «المزيد من القسم» by the three grades of
// score.mjs, lists with fewer than 5, paired bootstrap of the differences, coverage, what changed
// over the whole archive) and, with --json, writes scores-terms.json.
//
// Usage: node --import tsx eval/related/rejudge-terms.mjs [--json] [--before path] [--after path]
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
const beforePath = arg('--before', join(here, '../../test-output/demo-before/ghad.sqlite'));
const afterPath = arg('--after', join(here, '../../test-output/demo-after/ghad.sqlite'));
const SEED = 20261209; // not the seeds of sample.mjs or changed.mjs
const K = 5;

const read = (name) => JSON.parse(readFileSync(join(here, name), 'utf8'));
const sample = read('sample.json');
const key = read('key.json');
const { judgments, reasons } = read('judgments.json');
const termsFile = join(here, 'judgments-terms.json');
const terms = existsSync(termsFile) ? JSON.parse(readFileSync(termsFile, 'utf8')) : { judgments: {}, reasons: {} };

const mean = (xs) => (xs.length === 0 ? 0 : xs.reduce((s, x) => s + x, 0) / xs.length);
const round = (x) => Math.round(x * 1000) / 1000;

function open(path) {
  const db = openReadOnly(path);
  const { published, publishedSet, lists } = keptLists(db);
  const shown = (id) => shownOf(lists, publishedSet, id, K);
  let withAny = 0;
  let full = 0;
  let shownTotal = 0;
  let withWords = 0;
  for (const id of published) {
    const list = shown(id);
    if (list.length > 0) withAny++;
    if (list.length === K) full++;
    if (list.some((e) => e.reason.includes('كلمات مشتركة: '))) withWords++;
    shownTotal += list.length;
  }
  const coverage = {
    database: path,
    publishedArticles: published.length,
    withAtLeastOneRelated: withAny,
    share: round(withAny / published.length),
    showingFive: full,
    showingWordReason: withWords,
    meanShownOverAllPublished: round(shownTotal / published.length),
    meanShownOverCovered: round(shownTotal / withAny),
  };
  return { db, shown, coverage, published };
}

const before = open(beforePath);
const after = open(afterPath);
const getArticle = after.db.prepare('select id, headline, dek, body_text from articles where id = ?');
const lead = (a) => (a.dek?.trim() ? a.dek.trim() : a.body_text.slice(0, 300).trim());
const snippet = (a) => {
  const text = (a.dek?.trim() ? a.dek.trim() : a.body_text.trim()).replace(/\s+/g, ' ');
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
};

// Every shown item of both lists, labelled from judgments.json or judgments-terms.json.
const random = new Prng(SEED);
const lists = {};
const sheetItems = {};
const termsKey = {};
const unlabelled = [];
for (const a of sample.articles) {
  const judgedById = new Map(Object.entries(key[a.id]).map(([n, c]) => [c.id, n]));
  const labelOf = (id) => {
    const n = judgedById.get(id);
    if (n !== undefined) return { label: judgments[a.id][n], why: reasons[a.id]?.[n] ?? null, origin: 'judged before' };
    const label = terms.judgments?.[a.id]?.[id];
    return { label: label ?? null, why: terms.reasons?.[a.id]?.[id] ?? null, origin: 'judged now' };
  };
  const side = (db) => db.shown(a.id).map((e, i) => ({ id: e.id, rank: i + 1, ...labelOf(e.id), reason: e.reason }));
  lists[a.id] = { before: side(before), after: side(after) };
  const fresh = [...new Set([...lists[a.id].before, ...lists[a.id].after].map((e) => e.id))].filter(
    (id) => !judgedById.has(id),
  );
  if (fresh.length === 0) continue;
  sheetItems[a.id] = random.shuffle(fresh);
  termsKey[a.id] = Object.fromEntries(
    fresh.map((id) => [
      id,
      {
        beforeRank: lists[a.id].before.find((e) => e.id === id)?.rank ?? null,
        afterRank: lists[a.id].after.find((e) => e.id === id)?.rank ?? null,
      },
    ]),
  );
  for (const id of fresh) {
    const label = terms.judgments?.[a.id]?.[id];
    if (label !== 0 && label !== 1) unlabelled.push(`${a.id}→${id}`);
  }
}

const sheet = [
  '# «اقرأ أيضا» — items not judged before, in the lists before or after shared rare words',
  '',
  'For the 30 articles of sample.json: the items either list shows that judgments.json has no label',
  'for. Each is in the list before the change, the list after it, or both; the sheet does not say',
  'which. Judge by the guideline of README.md and label them in judgments-terms.json as',
  '{judgments: {articleId: {candidateArticleId: 0|1}}, reasons: {articleId: {candidateArticleId: "[tag] why"}}}.',
  '',
];
for (const [k, a] of sample.articles.entries()) {
  if (!sheetItems[a.id]) continue;
  const art = getArticle.get(a.id);
  sheet.push(`## ${k + 1}. Article ${a.id} — ${a.section}`, '', `**${art.headline}**`, '');
  sheet.push(`> ${lead(art).replace(/\s+/g, ' ')}`, '');
  for (const id of sheetItems[a.id]) {
    const c = getArticle.get(id);
    sheet.push(`- ${id}: **${c.headline}** — ${snippet(c)}`);
  }
  sheet.push('');
}
writeFileSync(join(here, 'blind-terms.md'), `${sheet.join('\n')}\n`);
writeFileSync(join(here, 'terms-key.json'), `${JSON.stringify(termsKey, null, 2)}\n`);
const sheetCount = Object.values(sheetItems).reduce((s, l) => s + l.length, 0);
if (unlabelled.length > 0) {
  console.error(`${sheetCount} items written to blind-terms.md; unlabelled: ${unlabelled.join(', ')}`);
  process.exit(1);
}

// Figures, as score.mjs and rejudge.mjs grade them.
const grades = {
  guideline: () => true,
  storyOrEntity: (why) => /^\[(story|entity)\]/.test(why ?? ''),
  storyOnly: (why) => /^\[story\]/.test(why ?? ''),
};
const shownBy = {
  relatedAfter: (a) => lists[a].after,
  relatedBefore: (a) => lists[a].before,
  baseline: (a) =>
    Object.entries(key[a])
      .filter(([, c]) => c.baselineRank !== null && c.baselineRank <= K)
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
      'precision over shown': round(mean(cs.map((c) => (c.shown === 0 ? 0 : c.relevant / c.shown)))),
      'precision over shown, articles showing any': round(mean(showing.map((c) => c.relevant / c.shown))),
      'articles showing any': showing.length,
      'articles showing fewer than 5': cs.filter((c) => c.shown < K).length,
      'articles with >=1 relevant': cs.filter((c) => c.relevant > 0).length,
      'relevant shown (total)': cs.reduce((s, c) => s + c.relevant, 0),
      'shown (total)': cs.reduce((s, c) => s + c.shown, 0),
    };
  }
  figures[grade]['after - before, P@5 (paired bootstrap)'] = bootstrapDiff(grade, 'relatedAfter', 'relatedBefore');
  figures[grade]['after - baseline, P@5 (paired bootstrap)'] = bootstrapDiff(grade, 'relatedAfter', 'baseline');
}

const changes = ids
  .map((a) => ({
    article: Number(a),
    before: lists[a].before.map(({ id, label }) => ({ id, label })),
    after: lists[a].after.map(({ id, label, reason }) => ({ id, label, reason })),
  }))
  .filter((c) => c.before.map((e) => e.id).join() !== c.after.map((e) => e.id).join());

// Over the whole archive: how the shown lists changed (counts only, nothing judged).
const archive = { same: 0, 'lost whole list': 0, 'items removed or reordered': 0, 'new items': 0, 'gained a list': 0 };
let newItemsArchive = 0;
for (const id of before.published) {
  const was = before.shown(id).map((e) => e.id);
  const is = after.shown(id).map((e) => e.id);
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
  beforeDatabase: beforePath,
  afterDatabase: afterPath,
  articles: ids.length,
  judgedNow: sheetCount,
  coverage: { before: before.coverage, after: after.coverage },
  archiveChanges: { ...archive, newItems: newItemsArchive, over: before.published.length },
  figures,
  changedLists: changes,
  lists,
};
console.log(JSON.stringify({ ...out, lists: undefined, changedLists: changes.length }, null, 2));
if (process.argv.includes('--json'))
  writeFileSync(join(here, 'scores-terms.json'), `${JSON.stringify(out, null, 2)}\n`);
