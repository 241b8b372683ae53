import cookie from '@fastify/cookie';
import csrfProtection from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { NewsroomError } from '../../content/newsroom-error.ts';
import { MediaError } from '../../media/media-error.ts';
import { AccountError } from '../../newsroom/account-error.ts';
import { newsroomAccounts } from '../../newsroom/newsroom-accounts.ts';
import { DEFAULT_SESSION_TIMES, type SessionTimes } from '../../newsroom/sessions.ts';
import type { Store } from '../../store/store.ts';
import { servedOverHttps } from '../security-headers.ts';
import type { SiteContext } from '../site/site-context.ts';
import { registerAccountRoutes } from './account-routes.tsx';
import { registerArticleRoutes } from './article-routes.tsx';
import { closeAfterAnswer } from './close-after-answer.ts';
import { registerCommentQueueRoutes } from './comment-routes.tsx';
import { registerCurationRoutes } from './curation-routes.tsx';
import { registerDeskRoutes } from './desk-routes.tsx';
import { registerEntityRoutes } from './entity-routes.tsx';
import { type Refusal, sendJsonRefusal, wantsJson } from './json-answers.ts';
import { registerLiveDeskRoutes } from './live-routes.tsx';
import { type MediaOptions, registerMediaRoutes } from './media-routes.tsx';
import type { NewsroomContext } from './newsroom-context.ts';
import { sendNewsroomPage } from './newsroom-page.ts';
import { registerResetRoutes } from './reset-routes.tsx';
import {
  DEFAULT_SIGN_IN_LIMITS,
  registerSignInRoutes,
  SESSION_COOKIE,
  type SignInLimits,
  sessionCookieOptions,
} from './sign-in-routes.tsx';
import { NewsroomHttpError } from './signed-in-user.ts';
import { registerStatsRoutes } from './stats-routes.tsx';
import { registerStoryRoutes } from './story-routes.tsx';
import { registerNewsroomStylesheet } from './stylesheet.ts';
import { registerTokensRoutes } from './tokens-routes.tsx';
import { registerUsersRoutes } from './users-routes.tsx';
import { MessagePage } from './views/message-page.tsx';
import { registerWebhooksRoutes } from './webhooks-routes.tsx';

export interface NewsroomOptions {
  sessionTimes: SessionTimes;
  signInLimits: SignInLimits;
  /** Told of every route the newsroom registers (the role × route table test lists them so). */
  onRoute?: (route: { method: string | string[]; url: string }) => void;
  /** Uploads per user and window (media-routes.tsx's MEDIA_UPLOAD_LIMIT unless a test sets one). */
  mediaUploadLimit?: { max: number; windowMs: number };
}

export interface NewsroomPluginOptions extends Partial<NewsroomOptions> {
  store: Store;
  site: SiteContext;
  /** Where uploaded images go and how large they may be. */
  media: MediaOptions;
  /** Whether demo accounts (public passwords) may sign in: only while the demo newspaper runs. */
  demoAccounts?: boolean;
}

const CSRF_REFUSED =
  'لم يُقبل هذا النموذج: ربما فُتحت الصفحة منذ وقت طويل أو من موقع آخر. أعد تحميل الصفحة وحاول مرة أخرى.';

/**
 * The newsroom at /newsroom: sign-in and sign-out, the desk (its home), the article editor, home
 * page curation and breaking news, the entities the articles name, the account page, user
 * management, the API's keys and the webhooks, with sessions in the database. Every request
 * learns its user here (`request.user`); every POST must carry the form token (403 otherwise);
 * no page is cached.
 */
export async function newsroomPlugin(app: FastifyInstance, options: NewsroomPluginOptions): Promise<void> {
  const onRoute = options.onRoute;
  if (onRoute) app.addHook('onRoute', (route) => onRoute({ method: route.method, url: route.url }));
  const sessionTimes = options.sessionTimes ?? DEFAULT_SESSION_TIMES;
  const parts = newsroomAccounts(options.store.db, { sessionTimes, demoAccounts: options.demoAccounts ?? false });
  const secureCookies = servedOverHttps(options.site.url);
  await app.register(cookie);
  await app.register(formbody);
  await app.register(csrfProtection, {
    cookieKey: 'ghad_csrf',
    cookieOpts: { path: '/newsroom', sameSite: 'lax', httpOnly: true, secure: secureCookies || 'auto' },
  });
  const assetsPrefix = `${app.prefix}/assets/`;
  // All that a user with a one-time password may open until they choose their own.
  const passwordChangePage = `${app.prefix}/account`;
  const passwordChangePaths = new Set([passwordChangePage, `${app.prefix}/account/password`, `${app.prefix}/sign-out`]);
  const context: NewsroomContext = {
    siteName: options.site.name,
    siteUrl: options.site.url,
    timeZone: options.site.timeZone,
    secureCookies,
    favicon: options.site.assets.favicon,
    stylesheet: registerNewsroomStylesheet(app),
  };

  app.decorateRequest('user', null);
  app.decorateRequest('newsroomSession', null);
  app.decorateRequest('sessionEnded', false);

  app.addHook('onRequest', async (request, reply) => {
    if (request.url.startsWith(assetsPrefix)) return;
    reply.header('cache-control', 'no-store');
    reply.header('x-frame-options', 'DENY');
    reply.header('x-content-type-options', 'nosniff');
    // Reset links carry their token in the path: it must not leave in a Referer header.
    reply.header('referrer-policy', 'no-referrer');
    const token = request.cookies[SESSION_COOKIE];
    if (!token) return;
    const found = await parts.sessions.lookUp(token);
    if (found.status === 'active') {
      request.user = found.user;
      request.newsroomSession = found.session;
      // Signed in with a one-time password: choosing a new one comes before anything else.
      if (found.user.mustChangePassword && !passwordChangePaths.has(request.url.split('?')[0] as string)) {
        if (request.method === 'GET' || request.method === 'HEAD') return reply.redirect(passwordChangePage, 303);
        throw new NewsroomHttpError(
          403,
          'password_change_required',
          'Choose a new password first: your current one is temporary.',
          'كلمة مرورك الحالية مؤقتة: اختر كلمة مرور جديدة في «حسابي» قبل أي شيء آخر.',
        );
      }
    } else {
      request.sessionEnded = true;
      reply.clearCookie(SESSION_COOKIE, sessionCookieOptions(secureCookies));
    }
  });

  // Every state-changing request carries the form token (the body's _csrf or an X-CSRF-Token header).
  // Multipart uploads carry it as a field before the file: their route checks it (checkCsrf) once read.
  app.addHook('preHandler', (request, reply, done) => {
    if (request.method === 'GET' || request.method === 'HEAD' || request.method === 'OPTIONS') return done();
    if (request.routeOptions.config.csrfInMultipart && request.isMultipart()) return done();
    app.csrfProtection(request, reply, done);
  });

  app.setErrorHandler((error: FastifyError, request, reply) => sendNewsroomError(error, request, reply, context));
  app.setNotFoundHandler((request, reply) =>
    sendNewsroomError(
      new NewsroomHttpError(404, 'not_found', 'No such newsroom page.', 'لا توجد صفحة بهذا العنوان في غرفة الأخبار.'),
      request,
      reply,
      context,
    ),
  );

  const deps = { parts, context };
  registerDeskRoutes(app, { store: options.store, context, sections: options.site.sections });
  registerCurationRoutes(app, { store: options.store, context, sections: options.site.sections });
  registerStatsRoutes(app, { store: options.store, context, sections: options.site.sections });
  registerEntityRoutes(app, { store: options.store, context });
  registerStoryRoutes(app, { store: options.store, context, sections: options.site.sections });
  registerCommentQueueRoutes(app, { store: options.store, context });
  registerLiveDeskRoutes(app, { store: options.store, context });
  registerSignInRoutes(app, { ...deps, sessionTimes, limits: options.signInLimits ?? DEFAULT_SIGN_IN_LIMITS });
  registerAccountRoutes(app, deps);
  registerUsersRoutes(app, deps);
  registerResetRoutes(app, deps);
  await registerArticleRoutes(app, { ...deps, store: options.store, site: options.site });
  registerTokensRoutes(app, deps);
  registerWebhooksRoutes(app, { store: options.store, context });
  await registerMediaRoutes(app, {
    context,
    store: options.store,
    media: { ...options.media, ...(options.mediaUploadLimit ? { uploadLimit: options.mediaUploadLimit } : {}) },
  });
}

/** What went wrong, as a refusal; anything unforeseen is a 500 and is logged. */
function refusalFor(error: FastifyError | Error, request: FastifyRequest): Refusal {
  const failed = error as FastifyError;
  if (error instanceof NewsroomHttpError) {
    return { status: error.statusCode, code: error.code, en: error.message, ar: error.messageAr };
  }
  if (error instanceof MediaError)
    return { status: error.status, code: error.code, en: error.message, ar: error.messageAr };
  if (error instanceof NewsroomError)
    return { status: error.status, code: error.code, en: error.message, ar: error.messageAr };
  if (error instanceof AccountError)
    return { status: 400, code: 'account_refused', en: error.message, ar: error.messageAr };
  if (failed.code === 'FST_CSRF_INVALID_TOKEN' || failed.code === 'FST_CSRF_MISSING_SECRET') {
    return {
      status: 403,
      code: 'csrf_refused',
      en: 'The form token is missing or invalid: reload the page and try again.',
      ar: CSRF_REFUSED,
      title: 'نموذج غير مقبول',
    };
  }
  if (failed.code === 'FST_FILES_LIMIT' || failed.code === 'FST_PARTS_LIMIT' || failed.code === 'FST_FIELDS_LIMIT') {
    return {
      status: 413,
      code: 'too_many_parts',
      en: 'Send one file per request, with at most a few fields.',
      ar: 'أرسل صورة واحدة في كل طلب.',
    };
  }
  if (failed.code === 'FST_REQ_FILE_TOO_LARGE' || failed.statusCode === 413) {
    return { status: 413, code: 'file_too_large', en: 'The upload is too large.', ar: TOO_LARGE };
  }
  if (failed.statusCode === 429) {
    return {
      status: 429,
      code: 'rate_limited',
      en: 'Too many attempts: wait a few minutes.',
      ar: 'محاولات كثيرة في وقت قصير. انتظر بضع دقائق ثم أعد المحاولة.',
    };
  }
  if (failed.statusCode && failed.statusCode >= 400 && failed.statusCode < 500) {
    return {
      status: 400,
      code: 'bad_request',
      en: 'The request could not be understood.',
      ar: 'تعذر فهم هذا الطلب. عد إلى الصفحة السابقة وحاول مرة أخرى.',
    };
  }
  request.log.error({ err: error, url: request.url }, 'newsroom request failed');
  return {
    status: 500,
    code: 'internal_error',
    en: 'Something went wrong on our side.',
    ar: 'حدث خلل من جهتنا. أعد المحاولة بعد قليل.',
  };
}

const TOO_LARGE = 'الملف أكبر من الحد المسموح به. صغّر الصورة أو اضغطها ثم أعد رفعها.';

/** Every refusal as an Arabic page (or JSON, for the newsroom's JSON endpoints) with the right status; never a stack trace. */
function sendNewsroomError(
  error: FastifyError | NewsroomHttpError | NewsroomError,
  request: FastifyRequest,
  reply: FastifyReply,
  context: NewsroomContext,
): FastifyReply {
  const refusal = refusalFor(error, request);
  // A refused upload may still be arriving: the connection is closed rather than read to its end.
  if (refusal.status === 413) closeAfterAnswer(request, reply);
  if (wantsJson(request)) return sendJsonRefusal(reply, refusal);
  const title = refusal.title ?? TITLES[refusal.status] ?? 'حدث خطأ';
  return sendNewsroomPage(
    reply,
    context,
    { title, user: request.user },
    <MessagePage title={title} text={refusal.ar} link={{ href: '/newsroom', label: 'العودة إلى غرفة الأخبار' }} />,
    refusal.status,
  );
}

const TITLES: Record<number, string> = {
  400: 'طلب غير صالح',
  401: 'انتهت الجلسة',
  413: 'الملف كبير جدا',
  415: 'نوع ملف غير مقبول',
  422: 'صورة غير صالحة',
  403: 'غير مسموح',
  404: 'الصفحة غير موجودة',
  409: 'تعارض',
  410: 'انتهت صلاحية الرابط',
  429: 'محاولات كثيرة',
};
