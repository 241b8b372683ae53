/**
 * Random sequences of newsroom operations (saves from fresh or stale revisions, every workflow
 * action, by every role) on one article, on SQLite: after each step the store agrees with the
 * workflow and policy tables, and the derived state holds — the article's revision is its last
 * kept-and-applied save, listings and the search index hold it exactly while it is published,
 * a scheduled article has exactly one live publication job, and no step loses a text.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { sql } from 'kysely';
import type { ArticleStatus } from '../../src/content/article.ts';
import { NewsroomError } from '../../src/content/newsroom-error.ts';
import { TRANSITIONS, WORKFLOW_ACTIONS, type WorkflowAction } from '../../src/content/workflow.ts';
import { type Actor, can, WORKFLOW_PERMISSIONS } from '../../src/newsroom/policy.ts';
import { RevisionConflictError } from '../../src/store/newsroom-articles.ts';
import { OUTBOX_TOPICS } from '../../src/store/outbox.ts';
import { openStore, type Store } from '../../src/store/store.ts';
import { freshDatabase } from '../helpers/databases.ts';
import { corpusDrafts, PEOPLE } from '../helpers/newsroom.ts';

const DRAFT = { ...corpusDrafts(1)[0]!, tags: ['مهرجان قرطاج', 'ثقافة'] };
const ACTORS: Actor[] = [PEOPLE.contributor, PEOPLE.author, PEOPLE.otherAuthor, PEOPLE.editor];

const OTHER_SECTIONS = ['وطنية', 'اقتصاد', 'رياضة', 'مجتمع'];

type Step =
  | { kind: 'save'; actor: number; stale: boolean; text: number; sections: string[] }
  | { kind: 'transition'; actor: number; action: WorkflowAction; withNote: boolean; ahead: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant('save' as const),
    actor: fc.nat(ACTORS.length - 1),
    stale: fc.boolean(),
    text: fc.nat(1000),
    sections: fc.subarray(OTHER_SECTIONS),
  }),
  fc.record({
    kind: fc.constant('transition' as const),
    actor: fc.nat(ACTORS.length - 1),
    action: fc.constantFrom(...WORKFLOW_ACTIONS),
    withNote: fc.boolean(),
    // Past, or at least a minute ahead: a time a second ahead could pass before the store checks it.
    ahead: fc.oneof(fc.integer({ min: -60, max: 0 }), fc.integer({ min: 60, max: 3600 })),
  }),
);

describe('newsroom invariants under random operations (sqlite)', () => {
  let store: Store;
  let cleanup: () => Promise<void>;

  before(async () => {
    const database = await freshDatabase('sqlite');
    cleanup = database.cleanup;
    store = await openStore(database.options);
  });
  after(async () => {
    await store?.close();
    await cleanup?.();
  });

  it('holds after every step', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 12 }), async (steps) => {
        const owner = ACTORS[1]!;
        const { id } = await store.newsroomArticles.create(owner, DRAFT);
        let status: ArticleStatus = 'draft';
        let revision = 1;
        let texts = 1;
        let sections: string[] = [];
        for (const s of steps) {
          const actor = ACTORS[s.actor]!;
          const ownership = { ownerId: owner.id, status };
          // A refusal is 403 on an article the actor may see, 404 on one hidden from them.
          const refused = can(actor, 'article.view', ownership) ? 403 : 404;
          if (s.kind === 'save') {
            const base = s.stale && revision > 1 ? revision - 1 : revision;
            const allowed = can(actor, 'article.edit', ownership);
            const outcome = await store.newsroomArticles
              .save(actor, id, base, { ...DRAFT, dek: `نسخة ${s.text}`, secondarySectionSlugs: s.sections })
              .then(
                (write) => write,
                (error: unknown) => error,
              );
            if (!allowed) {
              assert.ok(outcome instanceof NewsroomError && outcome.status === refused, String(outcome));
            } else if (base !== revision) {
              assert.ok(outcome instanceof RevisionConflictError, String(outcome));
              texts++;
            } else {
              assert.ok(!(outcome instanceof Error), String(outcome));
              texts++;
              revision = (outcome as { revision: number }).revision;
              sections = s.sections;
            }
          } else {
            const transition = TRANSITIONS[s.action];
            const allowed = can(actor, WORKFLOW_PERMISSIONS[s.action], ownership);
            const possible =
              transition.from.includes(status) &&
              (transition.needs !== 'note' || s.withNote) &&
              (transition.needs !== 'time' || s.ahead > 0);
            const outcome = await store.newsroomArticles
              .transition(actor, id, {
                action: s.action,
                note: s.withNote ? 'ملاحظة التحرير' : null,
                at: new Date(Date.now() + s.ahead * 1000),
              })
              .then(
                (write) => write,
                (error: unknown) => error,
              );
            if (!allowed) assert.ok(outcome instanceof NewsroomError && outcome.status === refused, String(outcome));
            else if (!possible) {
              assert.ok(outcome instanceof NewsroomError && ![403, 404].includes(outcome.status), String(outcome));
            } else {
              assert.ok(!(outcome instanceof Error), String(outcome));
              status = transition.to;
            }
          }
          await checkInvariants(store, id, { status, revision, texts, sections });
        }
      }),
      { numRuns: 25 },
    );
  });
});

async function checkInvariants(
  store: Store,
  id: number,
  expected: { status: ArticleStatus; revision: number; texts: number; sections: string[] },
): Promise<void> {
  const article = await store.db
    .selectFrom('articles')
    .select(['status', 'revision', 'published_at'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  assert.equal(article.status, expected.status);
  assert.equal(article.revision, expected.revision);
  const published = expected.status === 'published';
  if (published || expected.status === 'scheduled') assert.notEqual(article.published_at, null);

  const revisions = await store.db
    .selectFrom('article_revisions')
    .select(['revision', 'kind'])
    .where('article_id', '=', id)
    .execute();
  assert.equal(revisions.length, expected.texts, 'every text sent is kept');
  assert.ok(revisions.some((r) => r.revision === expected.revision && r.kind !== 'conflict'));

  const listings = await store.db
    .selectFrom('article_bylines')
    .select('listed')
    .where('article_id', '=', id)
    .union(store.db.selectFrom('article_tags').select('listed').where('article_id', '=', id))
    .union(store.db.selectFrom('article_sections').select('listed').where('article_id', '=', id))
    .execute();
  for (const row of listings) assert.equal(row.listed, published ? 1 : 0);
  // On its own section's page and on each secondary one's (in the saved order) exactly while published.
  const own = (await store.articles.findById(id, { publishedOnly: false }))!;
  assert.deepEqual(
    own.secondarySections.map((s) => s.slug),
    expected.sections,
  );
  for (const section of await store.taxonomy.sections()) {
    const page = await store.articles.listPublishedPage({ sectionId: section.id, limit: 1000 });
    const shown = page.some((a) => a.id === id);
    const listedThere = section.id === own.section.id || expected.sections.includes(section.slug);
    assert.equal(shown, published && listedThere, `${section.slug}: shown ${shown}`);
  }
  const { rows: indexed } = await sql`select article_id from search_documents where article_id = ${id}`.execute(
    store.db,
  );
  assert.equal(indexed.length, published ? 1 : 0, 'searchable exactly while published');

  // The live publication jobs: those that would still publish (scheduled for the article's time).
  const jobs = await store.db
    .selectFrom('outbox')
    .select('payload')
    .where('topic', '=', OUTBOX_TOPICS.publishDue)
    .where('article_id', '=', id)
    .where('processed_at', 'is', null)
    .execute();
  const publishedAt = article.published_at === null ? null : new Date(article.published_at).toISOString();
  const live = jobs.filter((j) => expected.status === 'scheduled' && JSON.parse(j.payload).at === publishedAt);
  assert.equal(live.length, expected.status === 'scheduled' ? 1 : 0);
}
