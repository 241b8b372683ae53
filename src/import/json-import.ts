import fs from 'node:fs';
import readline from 'node:readline';
import type { ArticleInput, ArticleStatus } from '../content/article.ts';
import { ARTICLE_STATUSES } from '../content/article.ts';
import { isBlockList } from '../content/blocks.ts';
import {
  type ArticleRecord,
  type AuthorRecord,
  type CommentRecord,
  EXPORT_FORMAT,
  type HomePinRecord,
  type MediaRecord,
  type SectionRecord,
  type TagRecord,
} from '../export/export-records.ts';
import type { Store } from '../store/store.ts';
import { uniqueSlug } from '../store/taxonomy.ts';
import { countWritten, emptyImportSummary, ImportFileError, type ImportSummary } from './jsonl.ts';

/**
 * `ghad import json`: reads back what `ghad export json` wrote (export-records.ts), streamed
 * line by line, articles 100 to a transaction and keyed by their external id, comments by
 * their article and number, so that a second run changes nothing. Into an empty database it restores the newspaper exactly:
 * exporting it again gives the same file.
 */
const BATCH_SIZE = 100;

export async function importJson(
  store: Store,
  file: string,
  onProgress?: (progress: { bytesRead: number; bytesTotal: number }) => void,
): Promise<ImportSummary> {
  const started = performance.now();
  let bytesTotal: number;
  try {
    bytesTotal = fs.statSync(file).size;
  } catch {
    throw new ImportFileError(`Cannot read ${file}: no such file.`);
  }
  const summary = emptyImportSummary(file);
  const raw = fs.createReadStream(file);
  let bytesRead = 0;
  raw.on('data', (chunk) => {
    bytesRead += chunk.length;
  });
  const lines = readline.createInterface({ input: raw, crlfDelay: Number.POSITIVE_INFINITY });
  const mediaIds = new Map<string, number>();
  const articleIds = new Map<string, number>();
  let batch: { record: ArticleRecord; line: number }[] = [];
  const pins: HomePinRecord[] = [];
  /** The article whose comments are being read, and its comments' ids by their number. */
  let commented: { externalId: string; id: number | undefined; ids: Map<number, number> } | undefined;
  /** Sections listed before their parent (the order is by position): child slug → parent slug. */
  const parentsToSet = new Map<string, string>();

  const writeBatch = async () => {
    if (batch.length === 0) return;
    const current = batch;
    batch = [];
    const inputs = current.map(({ record }) => toInput(record, mediaIds));
    const results = await store.articles.upsertManyByExternalId(inputs);
    for (const [i, result] of results.entries()) {
      const { record } = current[i] as (typeof current)[number];
      countWritten(summary, result);
      articleIds.set(record.externalId, result.id);
      await store.redirects.record(record.redirects.map((address) => ({ address, articleId: result.id })));
      await restoreCorrections(store, result.id, record.corrections);
    }
    onProgress?.({ bytesRead, bytesTotal });
  };

  let lineNumber = 0;
  let headerSeen = false;
  for await (const line of lines) {
    lineNumber++;
    if (line.trim() === '') continue;
    let record: { type?: unknown };
    try {
      record = JSON.parse(line) as { type?: unknown };
    } catch (error) {
      if (!headerSeen) throw new ImportFileError(`${file} is not a Ghad export: line 1 is not JSON.`);
      summary.skipped.push({ line: lineNumber, reason: `broken JSON (${(error as Error).message})` });
      continue;
    }
    if (!headerSeen) {
      if (record.type !== EXPORT_FORMAT) {
        throw new ImportFileError(
          `${file} is not a Ghad export (written by "ghad export json"): its first line is not the header.`,
        );
      }
      headerSeen = true;
      continue;
    }
    const problem = invalid(record);
    if (problem) {
      summary.skipped.push({ line: lineNumber, reason: problem });
      continue;
    }
    switch (record.type) {
      case 'section':
        await restoreSection(store, record as SectionRecord, parentsToSet);
        break;
      case 'tag':
        await restoreTag(store, record as TagRecord);
        break;
      case 'author':
        await restoreAuthor(store, record as AuthorRecord);
        break;
      case 'media': {
        const { type: _type, ...media } = record as MediaRecord;
        mediaIds.set(media.hash, await store.media.save(media));
        break;
      }
      case 'article': {
        const article = record as ArticleRecord;
        const unknown = await unknownSection(store, [article.section, ...(article.secondarySections ?? [])]);
        if (unknown !== undefined) {
          summary.skipped.push({ line: lineNumber, reason: `${article.externalId}: unknown section "${unknown}"` });
          break;
        }
        batch.push({ record: article, line: lineNumber });
        if (batch.length >= BATCH_SIZE) await writeBatch();
        break;
      }
      case 'comment': {
        // Comments follow every article: the last ones are written before the first comment.
        await writeBatch();
        const comment = record as CommentRecord;
        if (commented?.externalId !== comment.article) {
          const id = articleIds.get(comment.article) ?? (await store.articles.findIdByExternalId(comment.article));
          commented = { externalId: comment.article, id, ids: await commentIdsOf(store, id) };
        }
        if (commented.id === undefined) {
          summary.skipped.push({ line: lineNumber, reason: `comment on an unknown article "${comment.article}"` });
          break;
        }
        await restoreComment(store, commented.id, commented.ids, comment);
        break;
      }
      case 'home-pin':
        pins.push(record as HomePinRecord);
        break;
    }
  }
  if (!headerSeen) throw new ImportFileError(`${file} is empty.`);
  await writeBatch();
  if (pins.length > 0) {
    await store.db.deleteFrom('home_pins').execute();
    for (const pin of pins) {
      const id = articleIds.get(pin.externalId) ?? (await store.articles.findIdByExternalId(pin.externalId));
      if (id !== undefined) await store.articles.pinOnHome(id, pin.position);
    }
  }
  onProgress?.({ bytesRead: bytesTotal, bytesTotal });
  summary.seconds = (performance.now() - started) / 1000;
  return summary;
}

/** The first of these section slugs that the store does not have. */
async function unknownSection(store: Store, slugs: string[]): Promise<string | undefined> {
  for (const slug of slugs) if (!(await store.taxonomy.sectionBySlug(slug))) return slug;
  return undefined;
}

function toInput(record: ArticleRecord, mediaIds: Map<string, number>): ArticleInput & { externalId: string } {
  return {
    externalId: record.externalId,
    slug: record.slug,
    keepSlug: true,
    headline: record.headline,
    kicker: record.kicker,
    dek: record.dek,
    body: record.body,
    language: record.language,
    status: record.status as ArticleStatus,
    sectionSlug: record.section,
    ...(record.secondarySections ? { secondarySectionSlugs: record.secondarySections } : {}),
    publishedAt: record.publishedAt ? new Date(record.publishedAt) : null,
    dateline: record.dateline,
    sourceUrl: record.sourceUrl,
    featuredMediaId: record.featuredImage ? (mediaIds.get(record.featuredImage) ?? null) : null,
    bylines: record.bylines,
    tags: record.tags,
  };
}

/** Why a record cannot be read back, or undefined when it can. */
function invalid(record: { type?: unknown } & Record<string, unknown>): string | undefined {
  const str = (key: string) => typeof record[key] === 'string' && (record[key] as string).length > 0;
  switch (record.type) {
    case 'section':
      return str('slug') && str('name') && typeof record.position === 'number'
        ? undefined
        : 'section without slug, name or position';
    case 'tag':
      return str('slug') && str('name') ? undefined : 'tag without slug or name';
    case 'author':
      return str('slug') && str('name') && (record.kind === 'person' || record.kind === 'organization')
        ? undefined
        : 'author without slug, name or kind';
    case 'media':
      if (!str('hash') || !str('path') || !str('mimeType')) return 'media without hash, path or type';
      return record.variantWidths === undefined ||
        (Array.isArray(record.variantWidths) &&
          record.variantWidths.every((w: unknown) => Number.isInteger(w) && (w as number) > 0))
        ? undefined
        : 'media whose variantWidths are not a list of widths';
    case 'article': {
      const id = str('externalId') ? (record.externalId as string) : 'article';
      if (!str('externalId') || !str('headline') || !str('slug') || !str('section'))
        return `${id}: no externalId, headline, slug or section`;
      if (!ARTICLE_STATUSES.includes(record.status as ArticleStatus))
        return `${id}: unknown status "${String(record.status)}"`;
      if (!isBlockList(record.body)) return `${id}: body is not a list of blocks`;
      if (record.publishedAt !== null && Number.isNaN(new Date(record.publishedAt as string).getTime()))
        return `${id}: unreadable publishedAt`;
      if (
        !Array.isArray(record.bylines) ||
        !Array.isArray(record.tags) ||
        !Array.isArray(record.redirects) ||
        !Array.isArray(record.corrections)
      )
        return `${id}: bylines, tags, redirects and corrections must be lists`;
      if (
        record.secondarySections !== undefined &&
        !(Array.isArray(record.secondarySections) && record.secondarySections.every((s) => typeof s === 'string'))
      )
        return `${id}: secondarySections must be a list of section slugs`;
      return undefined;
    }
    case 'comment':
      return str('article') &&
        Number.isSafeInteger(record.number) &&
        (record.number as number) > 0 &&
        (record.replyTo === null || Number.isSafeInteger(record.replyTo)) &&
        str('name') &&
        str('body') &&
        ['pending', 'approved', 'rejected', 'spam'].includes(record.status as string) &&
        str('createdAt') &&
        !Number.isNaN(new Date(record.createdAt as string).getTime())
        ? undefined
        : 'comment without article, number, name, body, a known status or createdAt';
    case 'home-pin':
      return str('externalId') && typeof record.position === 'number'
        ? undefined
        : 'home pin without externalId or position';
    default:
      return `unknown record type "${String(record.type)}"`;
  }
}

/**
 * The ids of an article's comments already there, by their number in the order they came: a
 * second import finds them and writes nothing again.
 */
async function commentIdsOf(store: Store, articleId: number | undefined): Promise<Map<number, number>> {
  if (articleId === undefined) return new Map();
  const rows = await store.db
    .selectFrom('comments')
    .select('id')
    .where('article_id', '=', articleId)
    .orderBy('id')
    .execute();
  return new Map(rows.map((row, i) => [i + 1, row.id]));
}

/** Writes a comment the article does not have yet (by its number), as it was: not through the checks. */
async function restoreComment(
  store: Store,
  articleId: number,
  ids: Map<number, number>,
  record: CommentRecord,
): Promise<void> {
  if (ids.has(record.number)) return;
  const row = await store.db
    .insertInto('comments')
    .values({
      article_id: articleId,
      parent_id: record.replyTo === null ? null : (ids.get(record.replyTo) ?? null),
      author_name: record.name,
      email: null,
      body: record.body,
      status: record.status,
      held_reason: record.heldReason,
      held_detail: record.heldDetail,
      report_count: record.reportCount,
      created_at: new Date(record.createdAt).toISOString(),
      decided_at: record.decidedAt === null ? null : new Date(record.decidedAt).toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  ids.set(record.number, row.id);
}

/** Writes a section; its parent now, or once the parent's own record has come. */
async function restoreSection(store: Store, record: SectionRecord, parentsToSet: Map<string, string>): Promise<void> {
  const parent = record.parent ? await store.taxonomy.sectionBySlug(record.parent) : undefined;
  if (record.parent && !parent) parentsToSet.set(record.slug, record.parent);
  const existing = await store.taxonomy.sectionBySlug(record.slug);
  const values = { name: record.name, position: record.position, parent_id: parent?.id ?? null };
  if (existing) await store.db.updateTable('sections').set(values).where('id', '=', existing.id).execute();
  else
    await store.db
      .insertInto('sections')
      .values({ slug: record.slug, ...values })
      .execute();
  store.taxonomy.forgetSections();
  const self = await store.taxonomy.sectionBySlug(record.slug);
  for (const [child, parentSlug] of parentsToSet) {
    if (parentSlug !== record.slug || !self) continue;
    await store.db.updateTable('sections').set({ parent_id: self.id }).where('slug', '=', child).execute();
    parentsToSet.delete(child);
    store.taxonomy.forgetSections();
  }
}

async function restoreTag(store: Store, record: TagRecord): Promise<void> {
  const found = await store.db.selectFrom('tags').select('id').where('name', '=', record.name).executeTakeFirst();
  if (found) return;
  const slug = await uniqueSlug(store.db, 'tags', record.slug);
  await store.db.insertInto('tags').values({ slug, name: record.name }).execute();
}

async function restoreAuthor(store: Store, record: AuthorRecord): Promise<void> {
  const found = await store.db.selectFrom('authors').select('id').where('name', '=', record.name).executeTakeFirst();
  if (found) {
    await store.db
      .updateTable('authors')
      .set({ kind: record.kind, bio: record.bio })
      .where('id', '=', found.id)
      .execute();
    return;
  }
  const slug = await uniqueSlug(store.db, 'authors', record.slug);
  await store.db
    .insertInto('authors')
    .values({ slug, name: record.name, kind: record.kind, bio: record.bio })
    .execute();
}

/** Public corrections an article lacks (by note and time), added; those it has are left alone. */
async function restoreCorrections(
  store: Store,
  articleId: number,
  corrections: ArticleRecord['corrections'],
): Promise<void> {
  if (corrections.length === 0) return;
  const existing = await store.db
    .selectFrom('article_corrections')
    .select(['note', 'created_at'])
    .where('article_id', '=', articleId)
    .execute();
  for (const correction of corrections) {
    const at = new Date(correction.at).toISOString();
    if (existing.some((e) => e.note === correction.note && new Date(e.created_at).toISOString() === at)) continue;
    await store.db
      .insertInto('article_corrections')
      .values({ article_id: articleId, note: correction.note, user_id: null, created_at: at })
      .execute();
  }
}
