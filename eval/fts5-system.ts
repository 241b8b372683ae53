/**
 * The two baselines on SQLite FTS5 with bm25 (in memory): the raw text under the `unicode61`
 * tokenizer, and text pre-analysed by Lucene's Arabic rules (lucene-arabic.ts). Queries are
 * matched as Elasticsearch's `match` query does by default: any of the query's words (OR),
 * ranked by bm25 over headline and body (equal weights, FTS5's default).
 */
import Database from 'better-sqlite3';
import type { EvalDocument } from './corpus.ts';
import type { SearchSystem } from './system.ts';

/** Space-separated terms only: every character class but spaces is part of a term. */
const PRE_ANALYSED_TOKENIZER = "unicode61 remove_diacritics 0 categories 'L* N* M* P* S* Co Cf'";

export interface Fts5Options {
  name: string;
  label: string;
  /** Terms of a text; absent: FTS5's own unicode61 tokenizer reads the raw text. */
  analyze?: (text: string) => string[];
}

export function openFts5System(documents: EvalDocument[], options: Fts5Options): SearchSystem {
  const { analyze } = options;
  const db = new Database(':memory:');
  const tokenizer = analyze ? PRE_ANALYSED_TOKENIZER : 'unicode61';
  db.exec(`create virtual table docs using fts5(headline, body, tokenize = "${tokenizer.replaceAll('"', '""')}")`);
  const insert = db.prepare('insert into docs (rowid, headline, body) values (?, ?, ?)');
  const prepare = analyze ? (text: string) => analyze(text).join(' ') : (text: string) => text;
  db.transaction(() => {
    documents.forEach((doc, i) => {
      insert.run(i, prepare(doc.headline), prepare(doc.body));
    });
  })();
  const select = db.prepare<[string, number], { rowid: number }>(
    'select rowid from docs where docs match ? order by bm25(docs), rowid limit ?',
  );
  // Raw: the query's whitespace-separated words, each a quoted FTS5 string (which the tokenizer
  // splits as it split the documents). Analysed: the query's terms.
  const queryTerms = analyze ?? ((text: string) => text.split(/\s+/).filter((w) => w.length > 0));
  return {
    name: options.name,
    label: options.label,
    async search(query: string, limit: number): Promise<string[]> {
      const terms = [...new Set(queryTerms(query))];
      if (terms.length === 0) return [];
      const match = terms.map((t) => `"${t.replaceAll('"', '""')}"`).join(' OR ');
      return select.all(match, limit).map((row) => documents[row.rowid]!.externalId);
    },
    async close(): Promise<void> {
      db.close();
    },
  };
}
