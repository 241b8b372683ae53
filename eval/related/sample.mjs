// Samples 30 articles for the hand-judged «اقرأ أيضا» evaluation (issue 14) and writes:
//   sample.json — each article with its related top-5 (as the page shows it) and its baseline
//                 «المزيد من القسم» top-5, plus coverage figures;
//   blind.md    — per article, the article text and the union of both lists, deduplicated and
//                 shuffled, numbered, with no sign of which list a candidate came from;
//   key.json    — for each candidate number, which list(s) it is in and at which rank.
// Usage: node --import tsx eval/related/sample.mjs [path/to/ghad.sqlite]
// Read-only: the database is opened with { readonly: true } (a server may be reading it).
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Prng } from '../prng.ts';
import { keptLists, openReadOnly, shownOf } from './kept-lists.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const dbPath = resolve(process.argv[2] ?? join(here, '../../test-output/demo-data/ghad.sqlite'));
const SEED = 20261207;
const N = 30;
const SHOWN = 5;

const db = openReadOnly(dbPath);
const sections = new Map(
  db
    .prepare('select id, name from sections')
    .all()
    .map((s) => [s.id, s.name]),
);
const getArticle = db.prepare(
  'select id, headline, dek, body_text, section_id, status, published_at from articles where id = ?',
);
const { published, publishedSet, lists } = keptLists(db);
const shownRelated = (id) => shownOf(lists, publishedSet, id, SHOWN);

// «المزيد من القسم» as the page reads it (src/web/site/plugin.tsx, MORE_FROM_SECTION = 5, with
// ArticleRepository.listPublishedPage's `to` filter, which is strict: published_at < to).
// The brief defines it with published_at <= A.published_at: that differs where articles of the
// section share the article's timestamp (many demo articles carry a date only, at 12:00), so
// both are kept: `baseline` (the page's, strict) and `baselineInclusive` (the brief's), and
// the blind sheet holds the union of all three lists.
const baselineQuery = (op) =>
  db.prepare(
    `select id from articles where status = 'published' and section_id = ? and id != ?
       and published_at ${op} ? order by published_at desc, id desc limit ${SHOWN}`,
  );
const baselineStmt = baselineQuery('<');
const baselineInclusiveStmt = baselineQuery('<=');

// Coverage over all published articles.
let withAny = 0;
let shownTotal = 0;
for (const id of published) {
  const n = shownRelated(id).length;
  if (n > 0) withAny++;
  shownTotal += n;
}
const eligible = published.filter((id) => shownRelated(id).length > 0);

const random = new Prng(SEED);
const picked = random.shuffle(eligible).slice(0, N);

const brief = (a) => ({
  id: a.id,
  headline: a.headline,
  date: a.published_at,
  section: sections.get(a.section_id),
});
const lead = (a) => (a.dek?.trim() ? a.dek.trim() : a.body_text.slice(0, 300).trim());
const snippet = (a) => {
  const text = (a.dek?.trim() ? a.dek.trim() : a.body_text.trim()).replace(/\s+/g, ' ');
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
};

const sample = [];
const key = {};
const blind = [
  '# «اقرأ أيضا» — blind judging sheet',
  '',
  'For each article, judge every candidate: 1 if a reader of the article would want it as further',
  'reading on the same story, event, or the specific people/organisations at its centre; 0 if it',
  'merely shares the broad section or the country.',
  '',
];
let tieDiffers = 0;
for (const [k, id] of picked.entries()) {
  const a = getArticle.get(id);
  const related = shownRelated(id).map((e, i) => ({
    rank: i + 1,
    ...brief(getArticle.get(e.id)),
    score: e.score,
    reason: e.reason,
  }));
  const baseline = baselineStmt
    .all(a.section_id, a.id, a.published_at)
    .map((r, i) => ({ rank: i + 1, ...brief(getArticle.get(r.id)) }));
  const baselineInclusive = baselineInclusiveStmt
    .all(a.section_id, a.id, a.published_at)
    .map((r, i) => ({ rank: i + 1, ...brief(getArticle.get(r.id)) }));
  if (baselineInclusive.map((b) => b.id).join() !== baseline.map((b) => b.id).join()) tieDiffers++;
  sample.push({ ...brief(a), lead: lead(a), related, baseline, baselineInclusive });

  // Candidates: the union, deduplicated by article id, shuffled.
  const byId = new Map();
  const entry = (cid) => {
    const c = byId.get(cid) ?? { id: cid, relatedRank: null, baselineRank: null, baselineInclusiveRank: null };
    byId.set(cid, c);
    return c;
  };
  for (const r of related) entry(r.id).relatedRank = r.rank;
  for (const b of baseline) entry(b.id).baselineRank = b.rank;
  for (const b of baselineInclusive) entry(b.id).baselineInclusiveRank = b.rank;
  const candidates = random.shuffle([...byId.values()]);
  key[id] = {};
  blind.push(`## ${k + 1}. Article ${id} — ${sections.get(a.section_id)}`, '');
  blind.push(`**${a.headline}**`, '', `> ${lead(a).replace(/\s+/g, ' ')}`, '');
  for (const [i, c] of candidates.entries()) {
    const n = i + 1;
    key[id][n] = c;
    const ca = getArticle.get(c.id);
    blind.push(`${n}. **${ca.headline}** — ${snippet(ca)}`);
  }
  blind.push('');
}

const meta = {
  database: dbPath,
  seed: SEED,
  sampleSize: N,
  shown: SHOWN,
  baseline: 'published_at < article (as the page reads it)',
  baselineInclusive: 'published_at <= article (as the brief defines it)',
  baselinesDifferInSample: tieDiffers,
  publishedArticles: published.length,
  withAtLeastOneRelated: withAny,
  coverage: withAny / published.length,
  meanShownOverAllPublished: shownTotal / published.length,
  meanShownOverCovered: shownTotal / withAny,
  meanShownInSample: sample.reduce((s, a) => s + a.related.length, 0) / sample.length,
};
writeFileSync(join(here, 'sample.json'), `${JSON.stringify({ meta, articles: sample }, null, 2)}\n`);
writeFileSync(join(here, 'key.json'), `${JSON.stringify(key, null, 2)}\n`);
writeFileSync(join(here, 'blind.md'), `${blind.join('\n')}\n`);
console.log(JSON.stringify(meta, null, 2));
