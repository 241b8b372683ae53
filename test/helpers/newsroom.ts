import assert from 'node:assert/strict';
import type { ArticleDraft } from '../../src/content/article-draft.ts';
import { mapCorpusRecord } from '../../src/import/corpus-record.ts';
import type { Actor } from '../../src/newsroom/policy.ts';
import { firstCorpusLines } from './corpus.ts';

/** Newsroom drafts made of the first `count` Jawhara FM articles (real Tunisian news). */
export function corpusDrafts(count: number): ArticleDraft[] {
  return firstCorpusLines('jawhara.jsonl.gz', count).map((line) => {
    const mapped = mapCorpusRecord(JSON.parse(line), { timeZone: 'Africa/Tunis' });
    assert.ok(mapped.ok, mapped.ok ? '' : mapped.reason);
    const { headline, kicker, dek, body, sectionSlug, bylines, tags } = mapped.article;
    return { headline, kicker: kicker ?? null, dek: dek ?? null, body, sectionSlug, bylines, tags: tags ?? [] };
  });
}

/** The newsroom's people in the tests (user ids as the accounts table will give them). */
export const PEOPLE = {
  contributor: { id: 11, role: 'contributor' },
  author: { id: 12, role: 'author' },
  otherAuthor: { id: 13, role: 'author' },
  editor: { id: 20, role: 'editor' },
} satisfies Record<string, Actor>;
