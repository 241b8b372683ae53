import assert from 'node:assert/strict';
import type { ArticleInput } from '../../src/content/article.ts';
import { mapCorpusRecord } from '../../src/import/corpus-record.ts';
import type { User } from '../../src/newsroom/accounts.ts';
import { newsroomAccounts } from '../../src/newsroom/newsroom-accounts.ts';
import type { Store } from '../../src/store/store.ts';
import { firstCorpusLines } from './corpus.ts';

/**
 * Published articles for the API tests, made of the first `count` Jawhara FM articles (real
 * Tunisian news): every ninth has no date (listed after the dated ones), every seventh shares
 * the previous one's time (a tie the cursor must break by id), the second author and a
 * tag name are spread over them so that filters have something to choose, and every fifth
 * (from the second) is also listed in وطنية (ALSO_IN_NATIONAL).
 */
export async function publishCorpus(store: Store, count: number): Promise<number[]> {
  const inputs: (ArticleInput & { externalId: string })[] = [];
  let previous: Date | null = null;
  for (const [n, line] of firstCorpusLines('jawhara.jsonl.gz', count).entries()) {
    const mapped = mapCorpusRecord(JSON.parse(line), { timeZone: 'Africa/Tunis' });
    assert.ok(mapped.ok, mapped.ok ? '' : mapped.reason);
    const article = mapped.article as ArticleInput & { externalId: string };
    let publishedAt = article.publishedAt;
    if (n % 9 === 8) publishedAt = null;
    else if (n % 7 === 6 && previous) publishedAt = previous;
    if (publishedAt) previous = publishedAt;
    inputs.push({
      ...article,
      externalId: `api-test-${n}`,
      publishedAt,
      bylines: n % 3 === 0 ? [...article.bylines, { name: 'مراسل الرباط', kind: 'person' }] : article.bylines,
      tags: n % 4 === 0 ? [...(article.tags ?? []), 'الانتخابات'] : article.tags,
      ...(ALSO_IN_NATIONAL(n) ? { secondarySectionSlugs: ['وطنية'] } : {}),
    });
  }
  const results = await store.articles.upsertManyByExternalId(inputs);
  return results.map((r) => r.id);
}

/** Which of publishCorpus's articles (by position) are also listed in وطنية. */
export const ALSO_IN_NATIONAL = (n: number) => n % 5 === 1;

export const PASSWORD = 'كلمة سر غرفة الأخبار';

/** One newsroom user per role, plus a second author. */
export async function newsroomPeople(store: Store) {
  const { accounts } = newsroomAccounts(store.db);
  const make = (email: string, displayName: string, role: string) =>
    accounts.create({ email, displayName, role, password: PASSWORD });
  const people: Record<'owner' | 'administrator' | 'editor' | 'author' | 'otherAuthor' | 'contributor', User> = {
    owner: await make('owner@alghad24.ma', 'نادية العلوي', 'owner'),
    administrator: await make('admin@alghad24.ma', 'رشيد بنعلي', 'administrator'),
    editor: await make('editor@alghad24.ma', 'سلمى بناني', 'editor'),
    author: await make('author@alghad24.ma', 'يوسف الإدريسي', 'author'),
    otherAuthor: await make('author2@alghad24.ma', 'ليلى المنصوري', 'author'),
    contributor: await make('contributor@alghad24.ma', 'هاجر الفاسي', 'contributor'),
  };
  return people;
}
