import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ArticleSummary, Section } from '../../content/article.ts';
import { NewsroomError } from '../../content/newsroom-error.ts';
import type { Actor } from '../../newsroom/policy.ts';
import { MAX_BREAKING_HOURS, MAX_HOME_PINS } from '../../store/curation.ts';
import type { Store } from '../../store/store.ts';
import { cacheTags } from '../cache-tags.ts';
import { formField } from './form-fields.ts';
import type { NewsroomContext } from './newsroom-context.ts';
import { sendNewsroomPage } from './newsroom-page.ts';
import { requirePermission, type SignedInRequest } from './signed-in-user.ts';
import { type CurationModel, CurationPage } from './views/curation-page.tsx';

const DONE: Record<string, string> = {
  pinned: 'ثُبّت المقال في الصفحة الرئيسية.',
  moved: 'تغير ترتيب المقالات المثبتة.',
  unpinned: 'أزيل المقال من المقالات المثبتة.',
  sections: 'تغير ترتيب أقسام الصفحة الرئيسية.',
  breaking: 'صار المقال خبرا عاجلا: يظهر شريطه في كل صفحات الموقع.',
  cleared: 'انتهى الخبر العاجل: اختفى شريطه من الموقع.',
};

const CANDIDATES = 10;

/**
 * Home page curation at /newsroom/curation, for the roles the policy lets curate: the pinned
 * top stories (pick from the newest or by search, reorder, remove), the order of the section
 * blocks, and breaking news with an end time. Plain forms (each answers with a redirect, or
 * the page again with the Arabic reason of a refusal); every write goes through the store,
 * which asks the policy again and writes the pages' purges to the outbox; this server's cache
 * is purged at once as well.
 */
export function registerCurationRoutes(
  app: FastifyInstance,
  { store, context, sections }: { store: Store; context: NewsroomContext; sections: readonly Section[] },
): void {
  const curate = { preHandler: requirePermission('home.curate') };
  const breaking = { preHandler: requirePermission('breaking.manage') };

  async function sendCurationPage(
    request: SignedInRequest,
    reply: FastifyReply,
    extra: { error?: string; done?: string; q?: string },
    status = 200,
  ) {
    const q = (extra.q ?? '').trim();
    const pins = await store.articles.pinnedOnHome();
    const candidates = await findCandidates(store, q);
    const order = await store.curation.homeSectionOrder();
    const breakingNews = await store.curation.breakingNews();
    const model: CurationModel = {
      pins,
      candidates,
      q,
      sections: order.flatMap((id) => sections.find((s) => s.id === id) ?? []),
      breaking: breakingNews.map((b) => ({ id: b.id, headline: b.headline, until: b.breakingUntil })),
      maxPins: MAX_HOME_PINS,
      maxBreakingHours: MAX_BREAKING_HOURS,
      timeZone: context.timeZone,
      allSections: sections,
      error: extra.error,
      done: extra.done,
    };
    return sendNewsroomPage(
      reply,
      context,
      { title: 'الصفحة الرئيسية والأخبار العاجلة', user: request.user, current: 'curation' },
      (csrfToken) => <CurationPage model={model} csrfToken={csrfToken} />,
      status,
    );
  }

  /** Runs a change; a refusal of the store (policy, rules) shows the page again with its reason. */
  async function change(
    request: SignedInRequest,
    reply: FastifyReply,
    done: keyof typeof DONE,
    purge: string,
    run: (actor: Actor) => Promise<void>,
  ) {
    try {
      await run({ id: request.user.id, role: request.user.role });
    } catch (error) {
      if (error instanceof NewsroomError) {
        return sendCurationPage(request, reply, { error: error.messageAr }, error.status);
      }
      throw error;
    }
    app.pageCache?.purge([purge]);
    return reply.redirect(`/newsroom/curation?done=${done}`, 303);
  }

  app.get('/curation', curate, async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const done = DONE[String(query.done)];
    const q = typeof query.q === 'string' ? query.q.slice(0, 200) : '';
    return sendCurationPage(request as SignedInRequest, reply, { ...(done ? { done } : {}), q });
  });

  app.post('/curation/pins/add', curate, async (request, reply) => {
    const signedIn = request as SignedInRequest;
    const id = articleId(request.body);
    if (id === undefined) return sendCurationPage(signedIn, reply, { error: 'اختر مقالا من القائمة.' }, 400);
    const pins = (await store.articles.pinnedOnHome()).map((a) => a.id);
    if (pins.includes(id)) return sendCurationPage(signedIn, reply, { error: 'هذا المقال مثبت من قبل.' }, 400);
    return change(signedIn, reply, 'pinned', cacheTags.home, (actor) =>
      store.curation.setHomePins(actor, [...pins, id]),
    );
  });

  app.post('/curation/pins/move', curate, async (request, reply) => {
    const signedIn = request as SignedInRequest;
    const id = articleId(request.body);
    const direction = formField(request.body, 'direction', 10);
    const pins = (await store.articles.pinnedOnHome()).map((a) => a.id);
    const moved = id === undefined ? undefined : move(pins, id, direction);
    if (!moved) return sendCurationPage(signedIn, reply, { error: 'تعذر نقل هذا المقال: أعد تحميل الصفحة.' }, 400);
    return change(signedIn, reply, 'moved', cacheTags.home, (actor) => store.curation.setHomePins(actor, moved));
  });

  app.post('/curation/pins/remove', curate, async (request, reply) => {
    const signedIn = request as SignedInRequest;
    const id = articleId(request.body);
    const pins = (await store.articles.pinnedOnHome()).map((a) => a.id);
    if (id === undefined || !pins.includes(id)) {
      return sendCurationPage(signedIn, reply, { error: 'هذا المقال ليس مثبتا.' }, 400);
    }
    return change(signedIn, reply, 'unpinned', cacheTags.home, (actor) =>
      store.curation.setHomePins(
        actor,
        pins.filter((p) => p !== id),
      ),
    );
  });

  app.post('/curation/sections/move', curate, async (request, reply) => {
    const signedIn = request as SignedInRequest;
    const sectionId = positiveInteger(formField(request.body, 'sectionId', 12));
    const direction = formField(request.body, 'direction', 10);
    const order = await store.curation.homeSectionOrder();
    const moved = sectionId === undefined ? undefined : move(order, sectionId, direction);
    if (!moved) return sendCurationPage(signedIn, reply, { error: 'تعذر نقل هذا القسم: أعد تحميل الصفحة.' }, 400);
    return change(signedIn, reply, 'sections', cacheTags.home, (actor) =>
      store.curation.setHomeSectionOrder(actor, moved),
    );
  });

  app.post('/curation/breaking', breaking, async (request, reply) => {
    const signedIn = request as SignedInRequest;
    const id = articleId(request.body);
    const hours = positiveInteger(formField(request.body, 'hours', 6));
    if (id === undefined) return sendCurationPage(signedIn, reply, { error: 'اختر مقالا من القائمة.' }, 400);
    if (hours === undefined || hours > MAX_BREAKING_HOURS) {
      return sendCurationPage(
        signedIn,
        reply,
        { error: `حدد مدة الخبر العاجل بالساعات: من 1 إلى ${MAX_BREAKING_HOURS}.` },
        400,
      );
    }
    const now = new Date();
    const until = new Date(now.getTime() + hours * 3600_000);
    return change(signedIn, reply, 'breaking', cacheTags.breakingBanner, (actor) =>
      store.curation.markBreaking(actor, id, until, now),
    );
  });

  app.post('/curation/breaking/clear', breaking, async (request, reply) => {
    const signedIn = request as SignedInRequest;
    const id = articleId(request.body);
    if (id === undefined) return sendCurationPage(signedIn, reply, { error: 'اختر مقالا من القائمة.' }, 400);
    return change(signedIn, reply, 'cleared', cacheTags.breakingBanner, (actor) =>
      store.curation.clearBreaking(actor, id),
    );
  });
}

/** The newest published articles, or those a search finds. */
async function findCandidates(store: Store, q: string): Promise<ArticleSummary[]> {
  if (!q) return store.articles.listPublishedPage({ limit: CANDIDATES });
  const found = await store.search.search({ text: q, limit: CANDIDATES, offset: 0 });
  return store.articles.summariesWithText(found.hits.map((h) => h.articleId));
}

/** `ids` with `id` moved one place up or down; undefined when it cannot move so. */
function move(ids: readonly number[], id: number, direction: string): number[] | undefined {
  const at = ids.indexOf(id);
  const to = direction === 'up' ? at - 1 : direction === 'down' ? at + 1 : -1;
  if (at === -1 || to < 0 || to >= ids.length) return undefined;
  const moved = [...ids];
  [moved[at], moved[to]] = [moved[to] as number, moved[at] as number];
  return moved;
}

function articleId(body: unknown): number | undefined {
  return positiveInteger(formField(body, 'articleId', 12));
}

function positiveInteger(value: string): number | undefined {
  if (!/^[1-9]\d{0,9}$/.test(value)) return undefined;
  const n = Number(value);
  return n <= 2147483647 ? n : undefined;
}
