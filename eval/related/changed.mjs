// A supplement to rejudge.mjs: the 30 sampled articles gained no new related item from the
// change (names in more than 5% of the archive left out), so they cannot say whether the items
// it brings in are any good. This draws 12 OTHER articles whose shown list lost or gained an item, and puts on
// one sheet, shuffled, the items that left the list and the items that entered it (items in
// both lists cancel out and are not shown), headline + snippet as in blind.md: judged without
// knowing which side an item is on.
//
// Writes changed.md (the sheet) and changed-key.json (item → side and ranks); with
// judgments-changed.json present ({judgments: {articleId: {candidateArticleId: 0|1}}}), prints
// per article the relevant items removed and added, and writes scores-changed.json.
// Usage: node --import tsx eval/related/changed.mjs [--old path] [--new path] [--name NAME --seed N]
// --name NAME: another change's supplement, in its own files (changed-NAME.md, changed-NAME-key.json,
// judgments-changed-NAME.json, scores-changed-NAME.json), drawn with --seed.
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
const named = process.argv.indexOf('--name');
const NAME = named >= 0 ? process.argv[named + 1] : undefined;
const seeded = process.argv.indexOf('--seed');
const SEED = seeded >= 0 ? Number(process.argv[seeded + 1]) : 20261208; // not the main sample's seed
const file = (base, ext) => `${base}${NAME ? `-${NAME}` : ''}${ext}`;
const N = 12;
const K = 5;

const oldDb = openReadOnly(oldPath);
const newDb = openReadOnly(newPath);
const { published, publishedSet, lists: oldLists } = keptLists(oldDb);
const newLists = keptLists(newDb).lists;
const shown = (lists, id) => shownOf(lists, publishedSet, id, K);
const sampled = new Set(JSON.parse(readFileSync(join(here, 'sample.json'), 'utf8')).articles.map((a) => a.id));

const changed = published.filter((id) => {
  if (sampled.has(id)) return false;
  // An item left or entered the shown list (a list only reordered has nothing to judge here).
  const was = shown(oldLists, id).map((e) => e.id);
  const is = shown(newLists, id).map((e) => e.id);
  return was.some((x) => !is.includes(x)) || is.some((x) => !was.includes(x));
});
const random = new Prng(SEED);
const picked = random.shuffle(changed).slice(0, N);

const getArticle = newDb.prepare('select id, headline, dek, body_text from articles where id = ?');
const lead = (a) => (a.dek?.trim() ? a.dek.trim() : a.body_text.slice(0, 300).trim());
const snippet = (a) => {
  const text = (a.dek?.trim() ? a.dek.trim() : a.body_text.trim()).replace(/\s+/g, ' ');
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
};
const sheet = [
  '# «اقرأ أيضا» — items that left or entered a list (supplement)',
  '',
  ...(NAME
    ? [
        `${N} articles (not among the 30) whose shown list lost or gained an item (change: ${NAME}).`,
        'Each item either left the list or entered it; the sheet does not say which.',
      ]
    : [
        `${N} articles (not among the 30) whose shown list lost or gained an item when names in more than 5% of the`,
        'archive were left out. Each item either left the list or entered it; the sheet does not say which.',
      ]),
  'Judge by the guideline of README.md.',
  '',
];
const key = {};
for (const [k, id] of picked.entries()) {
  const was = shown(oldLists, id).map((e) => e.id);
  const is = shown(newLists, id).map((e) => e.id);
  const items = [
    ...was.filter((x) => !is.includes(x)).map((x) => ({ id: x, side: 'removed', oldRank: was.indexOf(x) + 1 })),
    ...is.filter((x) => !was.includes(x)).map((x) => ({ id: x, side: 'added', newRank: is.indexOf(x) + 1 })),
  ];
  key[id] = { oldShown: was.length, newShown: is.length, items };
  const a = getArticle.get(id);
  sheet.push(`## ${k + 1}. Article ${id}`, '', `**${a.headline}**`, '', `> ${lead(a).replace(/\s+/g, ' ')}`, '');
  for (const item of random.shuffle(items)) {
    const c = getArticle.get(item.id);
    sheet.push(`- ${item.id}: **${c.headline}** — ${snippet(c)}`);
  }
  sheet.push('');
}
writeFileSync(join(here, file('changed', '.md')), `${sheet.join('\n')}\n`);
writeFileSync(join(here, file('changed', '-key.json')), `${JSON.stringify(key, null, 2)}\n`);

const judgedFile = join(here, file('judgments-changed', '.json'));
if (!existsSync(judgedFile)) {
  console.log(
    `wrote ${file('changed', '.md')} (${Object.values(key).reduce((s, v) => s + v.items.length, 0)} items); judge them in ${file('judgments-changed', '.json')}`,
  );
  process.exit(0);
}
const { judgments } = JSON.parse(readFileSync(judgedFile, 'utf8'));
const per = picked.map((id) => {
  const row = {
    article: id,
    oldShown: key[id].oldShown,
    newShown: key[id].newShown,
    removed: 0,
    removedRelevant: 0,
    added: 0,
    addedRelevant: 0,
  };
  for (const item of key[id].items) {
    const label = judgments[id]?.[item.id];
    if (label !== 0 && label !== 1) throw new Error(`unjudged: ${id}→${item.id}`);
    row[item.side]++;
    if (label === 1) row[`${item.side}Relevant`]++;
  }
  return row;
});
const sum = (f) => per.reduce((s, r) => s + r[f], 0);
const out = {
  articles: per.length,
  drawnFrom: changed.length,
  removed: sum('removed'),
  removedRelevant: sum('removedRelevant'),
  added: sum('added'),
  addedRelevant: sum('addedRelevant'),
  articlesLostWholeList: per.filter((r) => r.newShown === 0).length,
  articlesBetter: per.filter((r) => r.addedRelevant > r.removedRelevant).length,
  articlesWorse: per.filter((r) => r.addedRelevant < r.removedRelevant).length,
  perArticle: per,
};
console.log(JSON.stringify(out, null, 2));
writeFileSync(join(here, file('scores-changed', '.json')), `${JSON.stringify(out, null, 2)}\n`);
