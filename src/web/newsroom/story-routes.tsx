import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Section } from '../../content/article.ts';
import { NewsroomError } from '../../content/newsroom-error.ts';
import { type Actor, can } from '../../newsroom/policy.ts';
import type { Store } from '../../store/store.ts';
import { STORY_MOVES, type StoryMove } from '../../store/stories.ts';
import { cacheTags } from '../cache-tags.ts';
import { formField, idParam } from './form-fields.ts';
import type { NewsroomContext } from './newsroom-context.ts';
import { sendNewsroomPage } from './newsroom-page.ts';
import { requirePermission, requireSignedIn, type SignedInRequest } from './signed-in-user.ts';
import { type StoriesListModel, StoriesListPage } from './views/stories-page.tsx';
import { StoryPage, type StoryPageModel } from './views/story-page.tsx';

/** Stories a page of the list shows. */
const STORIES_PER_PAGE = 30;
/** Articles a headline search offers to add (published, then the others). */
const FOUND_SHOWN = 20;
const MAX_PAGE = 100_000;

const DONE: Record<string, string> = {
  created: 'فُتح الملف: ابحث عن مقالاته بعناوينها وأضفها إليه.',
  saved: 'حُفظ العنوان والوصف.',
  added: 'أضيف المقال إلى الملف.',
  already: 'المقال في الملف من قبل: لم يتغير شيء.',
  removed: 'أُخرج المقال من الملف، وبقي كما هو في الموقع.',
  deleted: 'حُذف الملف: بقيت مقالاته كما هي.',
  moved: 'تغيّر ترتيب المقالات في الملف.',
  unmoved: 'المقال في مكانه من قبل: لم يتغير شيء.',
  slug: 'تغيّر رابط الملف: الرابط القديم يحيل إلى الجديد.',
};

/**
 * Stories («ملفات») at /newsroom/stories (store/stories.ts). Everyone signed in may look; opening,
 * renaming, filling and deleting a story are plain forms with the form token for the roles the
 * policy lets `stories.manage` (editors and above), each answered with a redirect back and what
 * was done, or the page again with the store's Arabic reason and its status. The store writes
 * the purges to the outbox; this server's cache is purged at once as well.
 *
 *     GET  /newsroom/stories?page=                 every story, with its article counts; the form that opens one
 *     POST /newsroom/stories                       title, description, slug (optional)
 *     GET  /newsroom/stories/:id?q=                a story, its articles, a headline search to add more
 *     POST /newsroom/stories/:id                   title, description
 *     POST /newsroom/stories/:id/articles/add      articleId (q: the search to return to)
 *     POST /newsroom/stories/:id/articles/remove   articleId
 *     POST /newsroom/stories/:id/articles/move     articleId, move (top, up, down, auto): the hand order
 *     POST /newsroom/stories/:id/slug              slug: a new address; the old one answers 301
 *     POST /newsroom/stories/:id/delete            confirm=yes
 */
export function registerStoryRoutes(
  app: FastifyInstance,
  { store, context, sections }: { store: Store; context: NewsroomContext; sections: readonly Section[] },
): void {
  const manage = { preHandler: requirePermission('stories.manage') };
  const actorOf = (request: SignedInRequest): Actor => ({ id: request.user.id, role: request.user.role });

  async function sendListPage(
    request: SignedInRequest,
    reply: FastifyReply,
    extra: { page?: number; error?: string; done?: string; form?: StoriesListModel['form'] },
    status = 200,
  ) {
    const total = await store.stories.count();
    const pages = Math.max(1, Math.ceil(total / STORIES_PER_PAGE));
    const page = Math.min(extra.page ?? 1, pages);
    const model: StoriesListModel = {
      stories: await store.stories.list({ limit: STORIES_PER_PAGE, offset: (page - 1) * STORIES_PER_PAGE }),
      total,
      page,
      pages,
      canManage: can(actorOf(request), 'stories.manage'),
      form: extra.form ?? { title: '', description: '', slug: '' },
      timeZone: context.timeZone,
      error: extra.error,
      done: extra.done,
    };
    return sendNewsroomPage(
      reply,
      context,
      { title: 'الملفات', user: request.user, current: 'stories' },
      (csrfToken) => <StoriesListPage model={model} csrfToken={csrfToken} />,
      status,
    );
  }

  async function sendStoryPage(
    request: SignedInRequest,
    reply: FastifyReply,
    storyId: number,
    extra: { q?: string; error?: string; done?: string; form?: StoryPageModel['form']; slugForm?: string },
    status = 200,
  ) {
    const story = await store.stories.byId(storyId);
    if (!story) return sendListPage(request, reply, { error: 'هذا الملف غير موجود: ربما حذفه زميل.' }, 404);
    const actor = actorOf(request);
    const q = (extra.q ?? '').trim();
    const canManage = can(actor, 'stories.manage');
    let found: StoryPageModel['found'] = [];
    if (q && canManage) {
      const results = await store.newsroomDesk.findByHeadline(actor, q, {}, { limit: FOUND_SHOWN, offset: 0 });
      found = [...results.published.items, ...results.unpublished].slice(0, FOUND_SHOWN);
    }
    const model: StoryPageModel = {
      story,
      members: await store.stories.members(story.id),
      found,
      q,
      canManage,
      form: extra.form ?? { title: story.title, description: story.description },
      slugForm: extra.slugForm ?? story.slug,
      oldAddresses: await store.redirects.addressesOfStory(story.id),
      sections,
      timeZone: context.timeZone,
      error: extra.error,
      done: extra.done,
    };
    return sendNewsroomPage(
      reply,
      context,
      { title: `ملف: ${story.title}`, user: request.user, current: 'stories' },
      (csrfToken) => <StoryPage model={model} csrfToken={csrfToken} />,
      status,
    );
  }

  /** Runs a change; a refusal of the store (policy, rules) shows `refused` with its reason and status. */
  async function change(
    request: SignedInRequest,
    reply: FastifyReply,
    run: (actor: Actor) => Promise<{ location: string; purge: string[] }>,
    refused: (error: NewsroomError) => Promise<FastifyReply>,
  ) {
    let done: { location: string; purge: string[] };
    try {
      done = await run(actorOf(request));
    } catch (error) {
      if (error instanceof NewsroomError) return refused(error);
      throw error;
    }
    app.pageCache?.purge(done.purge);
    return reply.redirect(done.location, 303);
  }

  app.get('/stories', { preHandler: requireSignedIn }, async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const page = pageNumber(query.page);
    return sendListPage(request as SignedInRequest, reply, { page, done: DONE[String(query.done)] });
  });

  app.post('/stories', manage, async (request, reply) => {
    const signedIn = request as SignedInRequest;
    const form = {
      title: formField(request.body, 'title', 1000),
      description: formField(request.body, 'description', 5000),
      slug: formField(request.body, 'slug', 1000),
    };
    return change(
      signedIn,
      reply,
      async (actor) => {
        const story = await store.stories.create(actor, form);
        return {
          location: `/newsroom/stories/${story.id}?done=created`,
          purge: [cacheTags.story(story.id), cacheTags.stories],
        };
      },
      (error) => sendListPage(signedIn, reply, { error: error.messageAr, form }, error.status),
    );
  });

  app.get('/stories/:id', { preHandler: requireSignedIn }, async (request, reply) => {
    const signedIn = request as SignedInRequest;
    const id = idParam(request.params);
    if (id === undefined) return sendListPage(signedIn, reply, { error: 'هذا الملف غير موجود.' }, 404);
    const query = request.query as Record<string, unknown>;
    const q = typeof query.q === 'string' ? query.q.slice(0, 200) : '';
    return sendStoryPage(signedIn, reply, id, { q, done: DONE[String(query.done)] });
  });

  app.post('/stories/:id', manage, async (request, reply) => {
    const signedIn = request as SignedInRequest;
    const id = idParam(request.params);
    if (id === undefined) return sendListPage(signedIn, reply, { error: 'هذا الملف غير موجود.' }, 404);
    const form = {
      title: formField(request.body, 'title', 1000),
      description: formField(request.body, 'description', 5000),
    };
    return change(
      signedIn,
      reply,
      async (actor) => {
        await store.stories.update(actor, id, form);
        return { location: `/newsroom/stories/${id}?done=saved`, purge: [cacheTags.story(id), cacheTags.stories] };
      },
      (error) => sendStoryPage(signedIn, reply, id, { error: error.messageAr, form }, error.status),
    );
  });

  for (const step of ['add', 'remove'] as const) {
    app.post(`/stories/:id/articles/${step}`, manage, async (request, reply) => {
      const signedIn = request as SignedInRequest;
      const id = idParam(request.params);
      if (id === undefined) return sendListPage(signedIn, reply, { error: 'هذا الملف غير موجود.' }, 404);
      const q = formField(request.body, 'q', 200);
      const articleId = idParam(request.body, 'articleId');
      if (articleId === undefined) {
        return sendStoryPage(signedIn, reply, id, { q, error: 'اختر مقالا من القائمة.' }, 400);
      }
      return change(
        signedIn,
        reply,
        async (actor) => {
          let done: keyof typeof DONE = 'removed';
          if (step === 'add') done = (await store.stories.addArticle(actor, id, articleId)).added ? 'added' : 'already';
          else await store.stories.removeArticle(actor, id, articleId);
          const back = q ? `&q=${encodeURIComponent(q)}` : '';
          return {
            location: `/newsroom/stories/${id}?done=${done}${back}`,
            purge: [cacheTags.story(id), cacheTags.article(articleId)],
          };
        },
        (error) =>
          error.code === 'story_not_found'
            ? sendListPage(signedIn, reply, { error: error.messageAr }, error.status)
            : sendStoryPage(signedIn, reply, id, { q, error: error.messageAr }, error.status),
      );
    });
  }

  app.post('/stories/:id/articles/move', manage, async (request, reply) => {
    const signedIn = request as SignedInRequest;
    const id = idParam(request.params);
    if (id === undefined) return sendListPage(signedIn, reply, { error: 'هذا الملف غير موجود.' }, 404);
    const articleId = idParam(request.body, 'articleId');
    const move = formField(request.body, 'move', 10);
    if (articleId === undefined || !(STORY_MOVES as readonly string[]).includes(move)) {
      return sendStoryPage(signedIn, reply, id, { error: 'لم يُفهم الترتيب المطلوب: اختر مقالا وزرا من أزراره.' }, 400);
    }
    return change(
      signedIn,
      reply,
      async (actor) => {
        const { moved } = await store.stories.moveArticle(actor, id, articleId, move as StoryMove);
        return {
          location: `/newsroom/stories/${id}?done=${moved ? 'moved' : 'unmoved'}#members-title`,
          purge: [cacheTags.story(id), cacheTags.article(articleId)],
        };
      },
      (error) =>
        error.code === 'story_not_found'
          ? sendListPage(signedIn, reply, { error: error.messageAr }, error.status)
          : sendStoryPage(signedIn, reply, id, { error: error.messageAr }, error.status),
    );
  });

  app.post('/stories/:id/slug', manage, async (request, reply) => {
    const signedIn = request as SignedInRequest;
    const id = idParam(request.params);
    if (id === undefined) return sendListPage(signedIn, reply, { error: 'هذا الملف غير موجود.' }, 404);
    const slug = formField(request.body, 'slug', 1000);
    return change(
      signedIn,
      reply,
      async (actor) => {
        await store.stories.changeSlug(actor, id, slug);
        const members = await store.stories.members(id);
        return {
          location: `/newsroom/stories/${id}?done=slug`,
          purge: [cacheTags.story(id), cacheTags.stories, ...members.map((m) => cacheTags.article(m.id))],
        };
      },
      (error) =>
        error.code === 'story_not_found'
          ? sendListPage(signedIn, reply, { error: error.messageAr }, error.status)
          : sendStoryPage(signedIn, reply, id, { error: error.messageAr, slugForm: slug }, error.status),
    );
  });

  app.post('/stories/:id/delete', manage, async (request, reply) => {
    const signedIn = request as SignedInRequest;
    const id = idParam(request.params);
    if (id === undefined) return sendListPage(signedIn, reply, { error: 'هذا الملف غير موجود.' }, 404);
    if (formField(request.body, 'confirm', 10) !== 'yes') {
      return sendStoryPage(
        signedIn,
        reply,
        id,
        { error: 'لم يُحذف الملف: أكّد الحذف بتحديد «نعم، احذف» قبل الضغط على الزر.' },
        400,
      );
    }
    return change(
      signedIn,
      reply,
      async (actor) => {
        await store.stories.remove(actor, id);
        return { location: '/newsroom/stories?done=deleted', purge: [cacheTags.story(id), cacheTags.stories] };
      },
      (error) => sendListPage(signedIn, reply, { error: error.messageAr }, error.status),
    );
  });
}

function pageNumber(value: unknown): number {
  if (typeof value !== 'string' || !/^[1-9]\d{0,5}$/.test(value)) return 1;
  return Math.min(Number(value), MAX_PAGE);
}
