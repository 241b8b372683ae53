/**
 * Partial matches on misspelled queries (src/search/partial-matches.ts; issue 13): how often the
 * article a reader looks for is in the top 10 when one word of a 3–5-word query from its headline
 * is mistyped, with the full matches alone (as before) and with the partial matches after them.
 *
 *   npm run eval:partial [-- --dialect sqlite|postgres] [--queries 40] [--seed 13]
 *
 * The query set: headlines drawn from the corpora with a fixed seed (headlines several records
 * share are skipped), a window of 3–5 consecutive words of each, and one word of four letters or
 * more that is not a function word mistyped by one rule of misspell.ts, so that the analyzer no
 * longer reads it as the same word. "Before" is the same search's full matches: partial ones only
 * ever come after them, so the full list is what readers got without them. Also shown: where the
 * "did you mean" respelling (offered when nothing matches) would have taken the reader, and
 * "any word, by how many": the newest 1,000 matches of each word alone, ranked by how many words
 * an article holds, then by score — the alternative partial-matches.ts did not choose.
 *
 * What it cannot tell: whether readers' own slips look like these rules (they are one letter,
 * never the first, never in a short word, and one per query); whether a partial match that is
 * not the headline sought is still useful to the reader; anything about queries of one word or
 * of more than five; and, with 40 queries, differences of a query or two are noise.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { analyze } from '../src/arabic/analyzer.ts';
import { isFunctionWord } from '../src/arabic/function-words.ts';
import { importJsonl } from '../src/import/jsonl.ts';
import { MIN_FULL_MATCHES } from '../src/search/partial-matches.ts';
import { parseQuery } from '../src/search/query.ts';
import { searchArticles } from '../src/search/reader-search.ts';
import { searchToken } from '../src/search/search-document.ts';
import { openStore, type Store } from '../src/store/store.ts';
import { freshDatabase } from '../test/helpers/databases.ts';
import { type EvalDocument, loadCorpus, REPO_ROOT } from './corpus.ts';
import { judgeWords } from './judge-text.ts';
import { headlineWords } from './known-items.ts';
import { percentile } from './metrics.ts';
import { MISSPELLING_RULES, type MisspellingRule, misspell } from './misspell.ts';
import { Prng } from './prng.ts';
import { table } from './report.ts';

const USAGE = `npm run eval:partial -- [options]
  --dialect sqlite|postgres   the store to search (sqlite)
  --queries N                 misspelled queries (40)
  --seed N                    the seed that draws headlines, windows and slips (13)
  --output FILE               the JSON figures (test-output/eval-partial-matches.json)`;

const DEPTH = 10;
/** Timed runs of each query, each way; the median is kept. */
const TIMED_RUNS = 5;
/** How deep "any word, by how many" reads each word: the newest matches a search ranks. */
const ANY_WORD_DEPTH = 1000;

interface MisspelledQuery {
  relevant: string;
  /** The headline words the query came from. */
  window: string;
  query: string;
  /** The word as written in the headline, and as mistyped. */
  word: string;
  typo: string;
  rule: MisspellingRule;
}

function parseOptions(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      dialect: { type: 'string', default: 'sqlite' },
      queries: { type: 'string', default: '40' },
      seed: { type: 'string', default: '13' },
      output: { type: 'string', default: 'test-output/eval-partial-matches.json' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  if (values.dialect !== 'sqlite' && values.dialect !== 'postgres') throw new Error(`Unknown dialect.\n${USAGE}`);
  const queries = Number(values.queries);
  const seed = Number(values.seed);
  if (!Number.isInteger(queries) || queries < 1) throw new Error(`--queries must be a whole number.\n${USAGE}`);
  if (!Number.isInteger(seed)) throw new Error(`--seed must be a whole number.\n${USAGE}`);
  return { dialect: values.dialect, queries, seed, output: path.resolve(REPO_ROOT, values.output) };
}

const log = (line: string) => console.error(`▸ ${line}`);

/** The analyzer's exact form of a word, or undefined when it is no searchable word. */
function exactForm(word: string): string | undefined {
  const [token, ...more] = analyze(word);
  const form = token && more.length === 0 ? searchToken(token) : undefined;
  return form?.exact;
}

/** `count` misspelled queries from headlines drawn with `random`. */
function buildMisspelledQueries(documents: EvalDocument[], random: Prng, count: number): MisspelledQuery[] {
  const shared = new Map<string, number>();
  for (const doc of documents) {
    const key = judgeWords(doc.headline).join(' ');
    shared.set(key, (shared.get(key) ?? 0) + 1);
  }
  const queries: MisspelledQuery[] = [];
  for (const index of random.shuffle(documents.map((_, i) => i))) {
    if (queries.length === count) break;
    const doc = documents[index]!;
    if (shared.get(judgeWords(doc.headline).join(' ')) !== 1) continue;
    const words = headlineWords(doc.headline);
    const length = random.int(3, 5);
    if (words.length < length) continue;
    const start = random.int(0, words.length - length);
    const window = words.slice(start, start + length);
    const candidates = window.flatMap((word, i) => {
      const exact = /^[\u0621-\u064A]{4,}$/.test(word) ? exactForm(word) : undefined;
      return exact !== undefined && !isFunctionWord(exact) ? [i] : [];
    });
    if (candidates.length === 0) continue;
    const at = random.pick(candidates);
    const rule = random.pick(MISSPELLING_RULES);
    const typo = misspell(window[at]!, rule, random);
    // A slip the analyzer reads as the same word (or as no word) is no misspelling for search.
    if (typo === null || exactForm(typo) === undefined || exactForm(typo) === exactForm(window[at]!)) continue;
    const typed = window.map((word, i) => (i === at ? typo : word));
    queries.push({
      relevant: doc.externalId,
      window: window.join(' '),
      query: typed.join(' '),
      word: window[at]!,
      typo,
      rule,
    });
  }
  return queries;
}

interface Outcome {
  query: MisspelledQuery;
  /** 1-based rank of the article in the top 10, or null. */
  before: number | null;
  after: number | null;
  didYouMean: string | null;
  afterDidYouMean: number | null;
  anyWord: number | null;
  fullMatches: number;
  partialMatches: number;
  /** Median milliseconds of the index's search, without and with partial matches. */
  msWithout: number;
  msWith: number;
}

const rankOf = (ids: string[], relevant: string) => {
  const at = ids.slice(0, DEPTH).indexOf(relevant);
  return at === -1 ? null : at + 1;
};

async function median(run: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < TIMED_RUNS; i++) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  return percentile(times, 50);
}

/**
 * "Any word, by how many", under the same rule as partial matches (after the full ones, when
 * these are fewer than 3): each word's newest ranked matches, most words held first, then by
 * summed score.
 */
async function anyWordRanking(store: Store, query: string, full: number[]): Promise<number[]> {
  if (full.length >= MIN_FULL_MATCHES) return full;
  const words = parseQuery(query).words.map((w) => w.exact);
  if (words.length < 2) return full;
  const found = new Map<number, { words: number; score: number }>();
  for (const word of words) {
    for (let offset = 0; offset < ANY_WORD_DEPTH; offset += 100) {
      const page = await store.search.search({ text: word, limit: 100, offset });
      for (const hit of page.hits) {
        const seen = found.get(hit.articleId) ?? { words: 0, score: 0 };
        found.set(hit.articleId, { words: seen.words + 1, score: seen.score + hit.score });
      }
      if (page.hits.length < 100) break;
    }
  }
  const partial = [...found]
    .filter(([id]) => !full.includes(id))
    .sort(([a, x], [b, y]) => y.words - x.words || y.score - x.score || b - a)
    .map(([id]) => id);
  return [...full, ...partial].slice(0, DEPTH);
}

async function evaluateQuery(store: Store, q: MisspelledQuery, externalIds: Map<number, string>): Promise<Outcome> {
  const idsOf = (articleIds: number[]) => articleIds.map((id) => externalIds.get(id) ?? `#${id}`);
  const found = await searchArticles(store, { text: q.query, limit: DEPTH, offset: 0 });
  const after = idsOf(found.results.map((r) => r.article.id));
  const before = idsOf(found.results.filter((r) => r.match === 'all').map((r) => r.article.id));
  let afterDidYouMean: number | null = null;
  if (found.didYouMean !== undefined) {
    const respelled = await searchArticles(store, { text: found.didYouMean, limit: DEPTH, offset: 0 });
    afterDidYouMean = rankOf(
      idsOf(respelled.results.filter((r) => r.match === 'all').map((r) => r.article.id)),
      q.relevant,
    );
  }
  const page = { text: q.query, limit: DEPTH, offset: 0 };
  return {
    query: q,
    before: rankOf(before, q.relevant),
    after: rankOf(after, q.relevant),
    didYouMean: found.didYouMean ?? null,
    afterDidYouMean,
    anyWord: rankOf(
      idsOf(
        await anyWordRanking(
          store,
          q.query,
          found.results.filter((r) => r.match === 'all').map((r) => r.article.id),
        ),
      ),
      q.relevant,
    ),
    fullMatches: found.total,
    partialMatches: found.partialTotal,
    msWithout: await median(() => store.search.search(page)),
    msWith: await median(() => store.search.search({ ...page, partialMatches: true })),
  };
}

async function main(argv: string[]): Promise<number> {
  const options = parseOptions(argv);
  const corpus = loadCorpus();
  const queries = buildMisspelledQueries(corpus.documents, new Prng(options.seed), options.queries);
  log(`${queries.length} misspelled queries (seed ${options.seed}) from ${corpus.documents.length} documents`);

  const database = await freshDatabase(options.dialect as 'sqlite' | 'postgres');
  const store = await openStore(database.options);
  try {
    const started = performance.now();
    for (const { file, timeZone } of corpus.files) await importJsonl(store, file, { timeZone });
    log(`${options.dialect}: imported in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    const rows = await store.db.selectFrom('articles').select(['id', 'external_id']).execute();
    const externalIds = new Map(rows.map((row) => [row.id, row.external_id ?? `#${row.id}`]));

    const outcomes: Outcome[] = [];
    for (const q of queries) outcomes.push(await evaluateQuery(store, q, externalIds));

    const inTop = (pick: (o: Outcome) => number | null) => outcomes.filter((o) => pick(o) !== null).length;
    const share = (n: number) => `${n}/${outcomes.length} (${((100 * n) / outcomes.length).toFixed(0)} %)`;
    const ms = (values: number[], p: number) => percentile(values, p).toFixed(2);
    const withoutMs = outcomes.map((o) => o.msWithout);
    const withMs = outcomes.map((o) => o.msWith);
    const triggered = outcomes.filter((o) => o.partialMatches > 0);
    console.log(
      `\nPartial matches on ${outcomes.length} queries with one misspelled word (${options.dialect}, seed ${options.seed}, ` +
        `${corpus.documents.length} articles): the article sought in the top ${DEPTH}\n`,
    );
    console.log(
      table(
        ['search', 'in top 10'],
        [
          ['full matches only (before)', share(inTop((o) => o.before))],
          ['full, then partial matches (after)', share(inTop((o) => o.after))],
          ['before, then one click on «هل تقصد»', share(inTop((o) => o.before ?? o.afterDidYouMean))],
          ['any word, by how many (not chosen)', share(inTop((o) => o.anyWord))],
        ],
      ),
    );
    console.log(
      `\nqueries with no full match: ${outcomes.filter((o) => o.fullMatches === 0).length}; ` +
        `with partial matches added: ${triggered.length}; «هل تقصد» offered: ${outcomes.filter((o) => o.didYouMean).length}`,
    );
    console.log(
      `index search, ms (median of ${TIMED_RUNS} runs per query): without partial matches p50 ${ms(withoutMs, 50)}, ` +
        `p95 ${ms(withoutMs, 95)}; with them p50 ${ms(withMs, 50)}, p95 ${ms(withMs, 95)}` +
        (triggered.length > 0
          ? `; on the ${triggered.length} that add them p50 ${ms(
              triggered.map((o) => o.msWith),
              50,
            )}, p95 ${ms(
              triggered.map((o) => o.msWith),
              95,
            )}`
          : ''),
    );
    const byRule = MISSPELLING_RULES.map((rule) => {
      const of = outcomes.filter((o) => o.query.rule === rule);
      return [
        rule,
        String(of.length),
        String(of.filter((o) => o.before !== null).length),
        String(of.filter((o) => o.after !== null).length),
      ];
    });
    console.log(`\n${table(['rule', 'queries', 'before', 'after'], byRule)}`);
    const missed = outcomes.filter((o) => o.after === null);
    if (missed.length > 0) {
      console.log(`\nnot in the top ${DEPTH} even with partial matches:`);
      for (const o of missed) {
        console.log(
          `  «${o.query.query}» (${o.query.rule}: ${o.query.word} → ${o.query.typo}; headline words «${o.query.window}», ` +
            `${o.query.relevant}; ${o.fullMatches} full, ${o.partialMatches} partial)`,
        );
      }
    }
    fs.mkdirSync(path.dirname(options.output), { recursive: true });
    fs.writeFileSync(
      options.output,
      `${JSON.stringify({ dialect: options.dialect, seed: options.seed, depth: DEPTH, outcomes }, null, 2)}\n`,
    );
    console.log(`\nFigures written to ${path.relative(REPO_ROOT, options.output)}`);
    return 0;
  } finally {
    await store.close();
    await database.cleanup();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
