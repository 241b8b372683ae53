import type { FastifyInstance } from 'fastify';
import type { Section } from '../../content/article.ts';
import { can } from '../../newsroom/policy.ts';
import { DESK_LANES, type DeskFilter, type DeskLane } from '../../store/newsroom-desk.ts';
import type { Store } from '../../store/store.ts';
import { idParam } from './form-fields.ts';
import type { NewsroomContext } from './newsroom-context.ts';
import { sendNewsroomPage } from './newsroom-page.ts';
import { NewsroomHttpError, requireSignedIn, type SignedInRequest } from './signed-in-user.ts';
import { type DeskModel, DeskPage, type DeskQuery, type LaneView } from './views/desk-page.tsx';

/** How many articles each list shows on the overview, and on its own page. */
const OVERVIEW_SIZE = 8;
const PAGE_SIZE = 20;
const MAX_PAGE = 5000;

/**
 * The newsroom's home, /newsroom: the desk. Without a query, the overview of every list; with
 * `lane`, one list page by page; with `q`, a headline search. `section` and `author` filter all.
 */
export function registerDeskRoutes(
  app: FastifyInstance,
  { store, context, sections }: { store: Store; context: NewsroomContext; sections: readonly Section[] },
): void {
  app.get('/', { preHandler: requireSignedIn }, async (request, reply) => {
    const { user } = request as SignedInRequest;
    const actor = { id: user.id, role: user.role };
    const raw = request.query as Record<string, unknown>;
    const authors = await store.newsroomDesk.authors();
    const query = readQuery(raw, sections, authors);
    const lane = raw.lane === undefined || raw.lane === '' ? undefined : raw.lane;
    if (lane !== undefined && !DESK_LANES.includes(lane as DeskLane)) throw badRequest('هذه القائمة غير موجودة.');
    const page = readPage(raw.page);
    const filter: DeskFilter = { sectionId: query.section?.id, authorId: query.author?.id };
    const base = {
      user,
      sections,
      authors,
      query,
      timeZone: context.timeZone,
      mayCurate: can(actor, 'home.curate'),
    };
    let model: DeskModel;
    if (query.q) {
      const found = await store.newsroomDesk.findByHeadline(actor, query.q, filter, {
        limit: PAGE_SIZE,
        offset: (page - 1) * PAGE_SIZE,
      });
      model = {
        ...base,
        mode: 'search',
        unpublished: found.unpublished,
        published: found.published.items,
        publishedTotal: found.publishedTotal,
        hasMore: found.published.hasMore,
        page,
      };
    } else if (lane !== undefined) {
      const chosen = lane as DeskLane;
      const found = await store.newsroomDesk.lane(actor, chosen, filter, {
        limit: PAGE_SIZE,
        offset: (page - 1) * PAGE_SIZE,
      });
      if (page > 1 && found.items.length === 0) {
        throw new NewsroomHttpError(404, 'not_found', 'No such page.', 'لا توجد صفحة بهذا الرقم في هذه القائمة.');
      }
      model = { ...base, mode: 'lane', lane: { lane: chosen, ...found }, page };
    } else {
      const lanes: LaneView[] = [];
      for (const name of store.newsroomDesk.lanesFor(actor)) {
        const found = await store.newsroomDesk.lane(actor, name, filter, { limit: OVERVIEW_SIZE, offset: 0 });
        const count = name === 'published' ? undefined : await store.newsroomDesk.count(actor, name, filter);
        lanes.push({ lane: name, ...found, count });
      }
      model = { ...base, mode: 'overview', lanes };
    }
    return sendNewsroomPage(
      reply,
      context,
      { title: 'مكتب التحرير', user, current: 'home' },
      <DeskPage model={model} />,
    );
  });
}

function readQuery(
  raw: Record<string, unknown>,
  sections: readonly Section[],
  authors: readonly { id: number; name: string }[],
): DeskQuery {
  const text = (name: string) => (typeof raw[name] === 'string' ? (raw[name] as string) : '');
  const q = text('q').trim();
  if (q.length > 200) throw badRequest('نص البحث طويل جدا: 200 حرف على الأكثر.');
  const sectionSlug = text('section');
  const section = sectionSlug ? sections.find((s) => s.slug === sectionSlug) : undefined;
  if (sectionSlug && !section) throw badRequest('هذا القسم غير موجود.');
  const authorText = text('author');
  const authorId = authorText ? idParam({ id: authorText }) : undefined;
  const author = authorId === undefined ? undefined : authors.find((a) => a.id === authorId);
  if (authorText && !author) throw badRequest('هذا الكاتب غير موجود.');
  return { q, section, author };
}

function readPage(value: unknown): number {
  if (value === undefined || value === '') return 1;
  if (typeof value !== 'string' || !/^[1-9]\d{0,3}$/.test(value) || Number(value) > MAX_PAGE) {
    throw badRequest('رقم الصفحة غير صالح.');
  }
  return Number(value);
}

function badRequest(messageAr: string): NewsroomHttpError {
  return new NewsroomHttpError(400, 'bad_parameter', 'A filter of the newsroom desk is not valid.', messageAr);
}
