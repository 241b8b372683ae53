import { type Kysely, sql } from 'kysely';
import { slugify } from '../arabic/slug.ts';
import type { Author, AuthorKind, Section, Tag } from '../content/article.ts';
import { SECTIONS } from '../content/sections.ts';
import type { Database } from './schema.ts';

/**
 * Sections, tags and authors: small tables that every page reads, so sections are kept in
 * memory and tags and authors are found-or-created by name during writes.
 */
export class TaxonomyRepository {
  #sections: Section[] | undefined;

  constructor(private readonly db: Kysely<Database>) {}

  /** Creates the newspaper's sections that are missing, in their order. */
  async ensureSections(): Promise<void> {
    const existing = new Set((await this.db.selectFrom('sections').select('slug').execute()).map((r) => r.slug));
    const missing = SECTIONS.map((s, position) => ({ slug: s.slug, name: s.name, position })).filter(
      (s) => !existing.has(s.slug),
    );
    if (missing.length > 0) await this.db.insertInto('sections').values(missing).execute();
    this.#sections = undefined;
  }

  /**
   * The section for an imported category: the one with this slug (or, failing that, this
   * name), else a new one after the others. A parent (by slug, already ensured) is set on a
   * section that has none. Returns the section.
   */
  async ensureSection(category: { slug: string; name: string; parentSlug: string | null }): Promise<Section> {
    const sections = await this.sections();
    const parent = category.parentSlug ? sections.find((s) => s.slug === category.parentSlug) : undefined;
    const found = sections.find((s) => s.slug === category.slug) ?? sections.find((s) => s.name === category.name);
    if (found) {
      if (parent && found.parentId === null && parent.id !== found.id) {
        await this.db.updateTable('sections').set({ parent_id: parent.id }).where('id', '=', found.id).execute();
        this.#sections = undefined;
      }
      return (await this.sectionById(found.id)) as Section;
    }
    const position = Math.max(-1, ...sections.map((s) => s.position)) + 1;
    await this.db
      .insertInto('sections')
      .values({ slug: category.slug, name: category.name, position, parent_id: parent?.id ?? null })
      .execute();
    this.#sections = undefined;
    return (await this.sectionBySlug(category.slug)) as Section;
  }

  /** The tag named `name`, created with `slug` (made unique) when new. Returns its id. */
  async ensureTag(name: string, slug: string): Promise<number> {
    const found = await this.db.selectFrom('tags').select('id').where('name', '=', name).executeTakeFirst();
    if (found) return found.id;
    const unique = await uniqueSlug(this.db, 'tags', slugify(slug) || slugify(name) || 'وسم');
    const row = await this.db
      .insertInto('tags')
      .values({ name, slug: unique })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  /** Drops the sections kept in memory, after a write to the table outside this repository. */
  forgetSections(): void {
    this.#sections = undefined;
  }

  async sections(): Promise<Section[]> {
    this.#sections ??= await this.db
      .selectFrom('sections')
      .select(['id', 'slug', 'name', 'position', 'parent_id as parentId'])
      .orderBy('position')
      .orderBy('id')
      .execute();
    return this.#sections;
  }

  async sectionBySlug(slug: string): Promise<Section | undefined> {
    return (await this.sections()).find((s) => s.slug === slug);
  }

  async sectionById(id: number): Promise<Section | undefined> {
    return (await this.sections()).find((s) => s.id === id);
  }

  async tagById(id: number): Promise<Tag | undefined> {
    return this.db.selectFrom('tags').select(['id', 'slug', 'name']).where('id', '=', id).executeTakeFirst();
  }

  async tagBySlug(slug: string): Promise<Tag | undefined> {
    return this.db.selectFrom('tags').select(['id', 'slug', 'name']).where('slug', '=', slug).executeTakeFirst();
  }

  async authorBySlug(slug: string): Promise<Author | undefined> {
    const row = await this.db
      .selectFrom('authors')
      .select(['id', 'slug', 'name', 'kind', 'bio'])
      .where('slug', '=', slug)
      .executeTakeFirst();
    return row && { ...row, kind: row.kind as AuthorKind };
  }

  async authorById(id: number): Promise<Author | undefined> {
    const row = await this.db
      .selectFrom('authors')
      .select(['id', 'slug', 'name', 'kind', 'bio'])
      .where('id', '=', id)
      .executeTakeFirst();
    return row && { ...row, kind: row.kind as AuthorKind };
  }

  /**
   * Existing tags or authors whose name starts with `prefix` (the editor's suggestions),
   * shortest names first: a few, never the whole table.
   */
  async namesStartingWith(table: 'tags' | 'authors', prefix: string, limit = 8): Promise<string[]> {
    const trimmed = prefix.trim();
    if (trimmed === '') return [];
    const pattern = `${trimmed.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const rows = await this.db
      .selectFrom(table)
      .select('name')
      .where(sql<boolean>`name like ${pattern} escape '\\'`)
      .orderBy(sql`length(name)`)
      .orderBy('name')
      .limit(limit)
      .execute();
    return rows.map((row) => row.name);
  }

  /**
   * The tag named `name`, created when new. The slug stays unique by suffixing a number. Two
   * writers creating it at once (two hosts, two editors) get the same tag: see findOrCreateNamed.
   */
  async findOrCreateTag(db: Kysely<Database>, name: string): Promise<number> {
    return findOrCreateNamed(db, 'tags', name, slugify(name) || 'وسم', {});
  }

  /** The author named `name`, created when new (the same one for two writers at once). */
  async findOrCreateAuthor(db: Kysely<Database>, name: string, kind: AuthorKind): Promise<number> {
    return findOrCreateNamed(db, 'authors', name, slugify(name) || 'كاتب', { kind, bio: null });
  }
}

/**
 * The row of `table` named `name`, inserted when there is none. On PostgreSQL another
 * transaction may be inserting the same name meanwhile, unseen until it commits: the insert
 * then meets its name or its slug and does nothing (rather than failing the whole write on a
 * unique key), and the name is looked up again, now committed. SQLite has one writer at a time.
 */
async function findOrCreateNamed(
  db: Kysely<Database>,
  table: 'tags' | 'authors',
  name: string,
  slugBase: string,
  columns: { kind?: AuthorKind; bio?: null },
): Promise<number> {
  // Bounded: a snapshot that cannot see the other write's commit (repeatable read) would loop.
  for (let attempt = 1; attempt <= 3; attempt++) {
    const found = await db.selectFrom(table).select('id').where('name', '=', name).executeTakeFirst();
    if (found) return found.id;
    const slug = await uniqueSlug(db, table, slugBase);
    const row = await db
      .insertInto(table)
      .values({ name, slug, ...columns } as never)
      .onConflict((conflict) => conflict.doNothing())
      .returning('id')
      .executeTakeFirst();
    if (row) return row.id;
  }
  throw new Error(`Could not add "${name}" to ${table}: other writes keep taking its slug. Try again.`);
}

/** `base`, or `base-2`, `base-3` … when taken in `table`. */
export async function uniqueSlug(db: Kysely<Database>, table: 'tags' | 'authors', base: string): Promise<string> {
  let candidate = base;
  for (let n = 2; ; n++) {
    const taken = await db.selectFrom(table).select('id').where('slug', '=', candidate).executeTakeFirst();
    if (!taken) return candidate;
    candidate = `${base}-${n}`;
  }
}
