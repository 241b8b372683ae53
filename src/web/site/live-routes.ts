import type { FastifyInstance } from 'fastify';
import { LIVE_LIMITS } from '../../live/live-entry.ts';
import type { Store } from '../../store/store.ts';
import { cacheTags } from '../cache-tags.ts';
import type { PageCache, RenderedPage } from '../page-cache.ts';
import type { SiteContext } from './site-context.ts';
import { articlePath } from './urls.ts';
import { keyEventsHtml, liveEntryHtml } from './views/live-coverage.tsx';

/** The change list's address for an article. */
export function liveChangesPath(articleId: number): string {
  return `/live/${articleId}.json`;
}

/**
 * What a reader's open page polls: the last 50 changes of a published article's live coverage,
 * each with its entry's HTML as it stands now, and the pinned entry. One URL per article, the
 * same answer for every reader: kept by the page cache (and Varnish, by its Surrogate-Key) under
 * the article's live tag, which every change purges. Readers' browsers ask it with
 * `cache: 'no-cache'`, so what they get is a 304 until something changed.
 *
 *     { "articleId", "sequence", "ended", "keyEvents": "<nav>…" | "", "pinned": { "id", "html" } | null,
 *       "changes": [{ "sequence", "action", "entryId", "html"? }] }   (oldest first)
 */
export function registerLiveChangeList(
  app: FastifyInstance,
  { store, site, pageCache }: { store: Store; site: SiteContext; pageCache: PageCache },
): void {
  app.get<{ Params: { file: string } }>('/live/:file', (request, reply) => {
    const match = /^([1-9]\d{0,9})\.json$/.exec(request.params.file);
    const id = match ? Number(match[1]) : undefined;
    return pageCache.serve(request, reply, `/live/${request.params.file}`, async (): Promise<RenderedPage> => {
      const notFound: RenderedPage = {
        status: 404,
        html: JSON.stringify({ error: { code: 'not_found', messageAr: 'لا توجد تغطية مباشرة بهذا الرقم.' } }),
        tags: [],
        contentType: 'application/json; charset=utf-8',
      };
      if (id === undefined || id > 2_147_483_647) return notFound;
      const [coverage, article] = await Promise.all([
        store.live.coverage(id),
        store.articles.findById(id, { publishedOnly: true }),
      ]);
      if (!coverage || !article) return notFound;
      const [changes, page, keyEvents] = await Promise.all([
        store.live.recentChanges(id, LIVE_LIMITS.changes),
        store.live.page(id, 1, 1),
        store.live.keyEvents(id),
      ]);
      const entries = await store.live.entries(changes.flatMap((c) => (c.entryId === null ? [] : [c.entryId])));
      const html = new Map<number, string>();
      const htmlOf = (entryId: number) => {
        const entry = entries.get(entryId);
        if (!entry) return undefined;
        let text = html.get(entryId);
        if (text === undefined) {
          text = liveEntryHtml(entry, site.timeZone);
          html.set(entryId, text);
        }
        return text;
      };
      const body = {
        articleId: id,
        sequence: coverage.sequence,
        ended: coverage.endedAt !== null,
        keyEvents: keyEventsHtml(keyEvents, articlePath(article), site.timeZone),
        pinned: page.pinned ? { id: page.pinned.id, html: liveEntryHtml(page.pinned, site.timeZone) } : null,
        changes: changes.map((c) => {
          const entryHtml = c.entryId === null ? undefined : htmlOf(c.entryId);
          return {
            sequence: c.sequence,
            action: c.action,
            entryId: c.entryId,
            ...(entryHtml === undefined ? {} : { html: entryHtml }),
          };
        }),
      };
      return {
        status: 200,
        html: JSON.stringify(body),
        tags: [cacheTags.live(id)],
        contentType: 'application/json; charset=utf-8',
      };
    });
  });
}
