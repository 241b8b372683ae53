import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { AuthorKind } from '../content/article.ts';
import { isBlockList } from '../content/blocks.ts';
import { toDate, toOptionalDate } from '../store/schema.ts';
import type { Store } from '../store/store.ts';
import {
  type ArticleRecord,
  EXPORT_FORMAT,
  EXPORT_VERSION,
  type ExportRecord,
  exportedExternalId,
} from './export-records.ts';

/** Articles read per query: memory holds one batch, whatever the size of the newspaper. */
const BATCH_SIZE = 200;
/** Comments read per query. */
const COMMENT_BATCH_SIZE = 1000;

/**
 * Writes the whole newspaper's content to `out` as JSON Lines (see export-records.ts),
 * streamed: articles are read in batches by id, and writing waits when `out` is full.
 * Returns the number of records of each type.
 */
export async function exportJson(
  store: Store,
  out: Writable,
  onProgress?: (done: number, total: number) => void,
): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  const write = async (record: ExportRecord) => {
    counts[record.type] = (counts[record.type] ?? 0) + 1;
    if (!out.write(`${JSON.stringify(record)}\n`)) await once(out, 'drain');
  };
  const { db } = store;
  await write({ type: EXPORT_FORMAT, version: EXPORT_VERSION });

  const sections = await store.taxonomy.sections();
  for (const s of sections) {
    const parent = s.parentId === null ? null : (sections.find((p) => p.id === s.parentId)?.slug ?? null);
    await write({ type: 'section', slug: s.slug, name: s.name, position: s.position, parent });
  }
  for (const tag of await db.selectFrom('tags').select(['slug', 'name']).orderBy('id').execute()) {
    await write({ type: 'tag', slug: tag.slug, name: tag.name });
  }
  const authors = await db.selectFrom('authors').select(['slug', 'name', 'kind', 'bio']).orderBy('id').execute();
  for (const a of authors)
    await write({ type: 'author', slug: a.slug, name: a.name, kind: a.kind as AuthorKind, bio: a.bio });
  const mediaHash = new Map<number, string>();
  for await (const media of store.media.all()) {
    mediaHash.set(media.id, media.hash);
    // variantWidths only for library uploads, so rows without variants export as they always did.
    const { id: _id, variantWidths, ...rest } = media;
    await write({ type: 'media', ...rest, ...(variantWidths.length > 0 ? { variantWidths } : {}) });
  }

  const total = await store.articles.countAll();
  const sectionSlug = new Map(sections.map((s) => [s.id, s.slug]));
  let lastId = 0;
  let done = 0;
  const externalIds = new Map<number, string>();
  for (;;) {
    const rows = await db
      .selectFrom('articles')
      .selectAll()
      .where('id', '>', lastId)
      .orderBy('id')
      .limit(BATCH_SIZE)
      .execute();
    if (rows.length === 0) break;
    const ids = rows.map((r) => r.id);
    const bylines = await db
      .selectFrom('article_bylines')
      .innerJoin('authors', 'authors.id', 'article_bylines.author_id')
      .select(['article_bylines.article_id', 'authors.name', 'authors.kind', 'article_bylines.role'])
      .where('article_bylines.article_id', 'in', ids)
      .orderBy('article_bylines.article_id')
      .orderBy('article_bylines.position')
      .execute();
    const tags = await db
      .selectFrom('article_tags')
      .innerJoin('tags', 'tags.id', 'article_tags.tag_id')
      .select(['article_tags.article_id', 'tags.name'])
      .where('article_tags.article_id', 'in', ids)
      .orderBy('article_tags.article_id')
      .orderBy('article_tags.position')
      .execute();
    const secondarySections = await db
      .selectFrom('article_sections')
      .select(['article_id', 'section_id'])
      .where('article_id', 'in', ids)
      .where('position', '>', 0)
      .orderBy('article_id')
      .orderBy('position')
      .execute();
    const redirects = await db
      .selectFrom('redirects')
      .select(['article_id', 'path'])
      .where('article_id', 'in', ids)
      .orderBy('article_id')
      .orderBy('path')
      .execute();
    const corrections = await db
      .selectFrom('article_corrections')
      .select(['article_id', 'note', 'created_at'])
      .where('article_id', 'in', ids)
      .orderBy('article_id')
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    for (const row of rows) {
      const body: unknown = JSON.parse(row.body);
      const externalId = exportedExternalId(row);
      externalIds.set(row.id, externalId);
      const record: ArticleRecord = {
        type: 'article',
        externalId,
        slug: row.slug,
        headline: row.headline,
        kicker: row.kicker,
        dek: row.dek,
        body: isBlockList(body) ? body : [],
        language: row.language,
        status: row.status,
        section: sectionSlug.get(row.section_id) ?? '',
        ...secondaryOf(
          secondarySections.filter((s) => s.article_id === row.id).map((s) => sectionSlug.get(s.section_id) ?? ''),
        ),
        publishedAt: toOptionalDate(row.published_at)?.toISOString() ?? null,
        dateline: row.dateline,
        sourceUrl: row.source_url,
        featuredImage: row.featured_media_id === null ? null : (mediaHash.get(row.featured_media_id) ?? null),
        bylines: bylines
          .filter((b) => b.article_id === row.id)
          .map((b) => ({ name: b.name, kind: b.kind as AuthorKind, role: b.role })),
        tags: tags.filter((t) => t.article_id === row.id).map((t) => t.name),
        redirects: redirects.filter((r) => r.article_id === row.id).map((r) => r.path),
        corrections: corrections
          .filter((c) => c.article_id === row.id)
          .map((c) => ({ note: c.note, at: toDate(c.created_at).toISOString() })),
      };
      await write(record);
    }
    done += rows.length;
    lastId = ids[ids.length - 1] as number;
    onProgress?.(done, total);
  }

  // Readers' comments, an article's together in the order they came, read in batches.
  let after = { articleId: 0, id: 0 };
  let article = { id: 0, count: 0, numbers: new Map<number, number>() };
  for (;;) {
    const rows = await db
      .selectFrom('comments')
      .select([
        'id',
        'article_id',
        'parent_id',
        'author_name',
        'body',
        'status',
        'held_reason',
        'held_detail',
        'report_count',
        'created_at',
        'decided_at',
      ])
      .where((eb) =>
        eb.or([
          eb('article_id', '>', after.articleId),
          eb.and([eb('article_id', '=', after.articleId), eb('id', '>', after.id)]),
        ]),
      )
      .orderBy('article_id')
      .orderBy('id')
      .limit(COMMENT_BATCH_SIZE)
      .execute();
    if (rows.length === 0) break;
    for (const row of rows) {
      if (row.article_id !== article.id) article = { id: row.article_id, count: 0, numbers: new Map() };
      const externalId = externalIds.get(row.article_id);
      if (!externalId) continue;
      const number = ++article.count;
      article.numbers.set(row.id, number);
      await write({
        type: 'comment',
        article: externalId,
        number,
        replyTo: row.parent_id === null ? null : (article.numbers.get(row.parent_id) ?? null),
        name: row.author_name,
        body: row.body,
        status: row.status,
        heldReason: row.held_reason,
        heldDetail: row.held_detail,
        reportCount: row.report_count,
        createdAt: toDate(row.created_at).toISOString(),
        decidedAt: toOptionalDate(row.decided_at)?.toISOString() ?? null,
      });
    }
    const last = rows[rows.length - 1]!;
    after = { articleId: last.article_id, id: last.id };
  }

  const pins = await db
    .selectFrom('home_pins')
    .select(['article_id', 'position'])
    .orderBy('position')
    .orderBy('article_id')
    .execute();
  for (const pin of pins) {
    const externalId = externalIds.get(pin.article_id);
    if (externalId) await write({ type: 'home-pin', externalId, position: pin.position });
  }
  return counts;
}

/** The secondary sections of an article record: left out when there are none, as exports had them. */
function secondaryOf(slugs: string[]): { secondarySections?: string[] } {
  return slugs.length > 0 ? { secondarySections: slugs } : {};
}
