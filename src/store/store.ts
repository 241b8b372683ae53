import type { Kysely } from 'kysely';
import { entityKey } from '../entities/entity-key.ts';
import type { SearchIndex } from '../search/search-index.ts';
import { createSearchIndex } from '../search/search-index-factory.ts';
import { type AllowedHost, WebhookTargets } from '../webhooks/webhook-target.ts';
import { ArticleIndexing } from './article-indexing.ts';
import { ArticleRepository } from './articles.ts';
import { AudienceRepository } from './audience.ts';
import { CacheInvalidationRepository } from './cache-invalidations.ts';
import { CacheNodeRepository } from './cache-nodes.ts';
import { CommentRepository } from './comments.ts';
import { CurationRepository } from './curation.ts';
import { type DatabaseOptions, openDatabase } from './database.ts';
import { EntityRepository } from './entities.ts';
import { EntityTimeline } from './entity-timeline.ts';
import { LiveCoverageRepository } from './live-coverage.ts';
import { MediaRepository } from './media.ts';
import { NearCopyRepository } from './near-copies.ts';
import { NewsroomArticleRepository } from './newsroom-articles.ts';
import { NewsroomDeskRepository } from './newsroom-desk.ts';
import { OutboxRepository } from './outbox.ts';
import { RedirectRepository } from './redirects.ts';
import { RelatedArticleRepository } from './related-articles.ts';
import { RelatedChoiceRepository } from './related-choices.ts';
import { RelatedListRepository } from './related-lists.ts';
import { RelatedTermRepository } from './related-terms.ts';
import type { Database, Dialect } from './schema.ts';
import { StoryRepository } from './stories.ts';
import { TaxonomyRepository } from './taxonomy.ts';
import { WebhookRepository } from './webhooks.ts';

/** Ghad's data: one object that holds the database and a repository per aggregate. */
export interface Store {
  db: Kysely<Database>;
  dialect: Dialect;
  location: string;
  /** PostgreSQL's connection pool as it is now (total, idle, waiting); undefined on SQLite. */
  connectionPool: (() => { total: number; idle: number; waiting: number }) | undefined;
  articles: ArticleRepository;
  taxonomy: TaxonomyRepository;
  cacheInvalidations: CacheInvalidationRepository;
  /** How far each HTTP cache in front (GHAD_PURGE_URLS) has received those purges. */
  cacheNodes: CacheNodeRepository;
  /** Full-text search over published articles, kept current by every article write. */
  search: SearchIndex;
  /** The newsroom's writes: drafts, saves from a revision, the workflow, revisions. */
  newsroomArticles: NewsroomArticleRepository;
  /** The newsroom dashboard's lists and headline search. */
  newsroomDesk: NewsroomDeskRepository;
  /** Home page pins and breaking news. */
  curation: CurationRepository;
  /** Work that follows a change, done by the job loop. */
  outbox: OutboxRepository;
  /** Images, one row per distinct file or URL: library uploads (with variants), WordPress import copies, URLs. */
  media: MediaRepository;
  /** Old addresses of articles (a WordPress site's permalinks), answered with a 301. */
  redirects: RedirectRepository;
  /** Webhook subscriptions, deliveries and their log. */
  webhooks: WebhookRepository;
  /** Hourly views per article and daily search counts (no personal data). */
  audience: AudienceRepository;
  /** The people, organisations and places the articles name, and the editors' decisions about them. */
  entities: EntityRepository;
  /** What every article write keeps current beside it: its search entry, its entities and its near-copy fingerprint. */
  indexing: ArticleIndexing;
  /** Articles that are near-copies of a text (the same dispatch rewritten). */
  nearCopies: NearCopyRepository;
  /** «اقرأ أيضا»: the articles sharing an article's most telling names, near it in time, kept per article. */
  related: RelatedArticleRepository;
  /** «السياق» on an entity's page: its coverage month by month. */
  entityTimeline: EntityTimeline;
  /** Editors' pins and removals in «اقرأ أيضا». */
  relatedChoices: RelatedChoiceRepository;
  /** Stories («ملفات»): articles editors group under one name, with its own page and feed. */
  stories: StoryRepository;
  /** Readers' comments: the checks' verdicts, the moderation queue, reports and the log. */
  comments: CommentRepository;
  /** Live coverage («تغطية مباشرة»): an article's entries, their revisions and the change list readers poll. */
  live: LiveCoverageRepository;
  close(): Promise<void>;
}

export interface StoreOptions extends DatabaseOptions {
  /** Inside hosts webhooks may still go to (GHAD_WEBHOOK_ALLOW_HOSTS); none unless told. */
  webhookAllowHosts?: readonly AllowedHost[] | undefined;
}

/** Opens SQLite (default) or PostgreSQL, runs migrations and creates the newspaper's sections. */
export async function openStore(options: StoreOptions): Promise<Store> {
  const { db, dialect, location, connectionPool } = await openDatabase(options);
  const taxonomy = new TaxonomyRepository(db);
  await taxonomy.ensureSections();
  const search = createSearchIndex(db, dialect);
  const nearCopies = new NearCopyRepository(db, dialect);
  const relatedLists = new RelatedListRepository(db, dialect);
  const entities = new EntityRepository(db, dialect, entityKey, relatedLists);
  const relatedChoices = new RelatedChoiceRepository(db, dialect);
  const relatedTerms = new RelatedTermRepository(db, dialect);
  const indexing = new ArticleIndexing(search, entities, nearCopies, relatedLists, relatedTerms);
  const articles = new ArticleRepository(db, dialect, taxonomy, indexing);
  return {
    db,
    dialect,
    location,
    connectionPool,
    taxonomy,
    articles,
    search,
    cacheInvalidations: new CacheInvalidationRepository(db, dialect),
    cacheNodes: new CacheNodeRepository(db),
    newsroomArticles: new NewsroomArticleRepository(db, dialect, taxonomy, indexing),
    newsroomDesk: new NewsroomDeskRepository(db, dialect, search),
    curation: new CurationRepository(db),
    outbox: new OutboxRepository(db, dialect),
    media: new MediaRepository(db),
    redirects: new RedirectRepository(db),
    webhooks: new WebhookRepository(db, dialect, new WebhookTargets({ allowHosts: options.webhookAllowHosts ?? [] })),
    audience: new AudienceRepository(db),
    entities,
    indexing,
    nearCopies,
    related: new RelatedArticleRepository(
      db,
      articles,
      nearCopies,
      relatedLists,
      relatedChoices,
      relatedTerms,
      dialect,
    ),
    relatedChoices,
    entityTimeline: new EntityTimeline(db, articles),
    stories: new StoryRepository(db, dialect),
    comments: new CommentRepository(db, dialect),
    live: new LiveCoverageRepository(db, dialect),
    close: () => db.destroy(),
  };
}
