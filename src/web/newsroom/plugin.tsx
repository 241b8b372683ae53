import cookie from '@fastify/cookie';
import csrfProtection from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { NewsroomError } from '../../content/newsroom-error.ts';
import { AccountError } from '../../newsroom/account-error.ts';
import { newsroomAccounts } from '../../newsroom/newsroom-accounts.ts';
import { DEFAULT_SESSION_TIMES, type SessionTimes } from '../../newsroom/sessions.ts';
import type { Store } from '../../store/store.ts';
import type { SiteContext } from '../site/site-context.ts';
import { registerAccountRoutes } from './account-routes.tsx';
import { registerArticleRoutes } from './article-routes.tsx';
import { registerCurationRoutes } from './curation-routes.tsx';
import { registerDeskRoutes } from './desk-routes.tsx';
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
}

export interface NewsroomPluginOptions extends Partial<NewsroomOptions> {
  store: Store;
  site: SiteContext;
}

const CSRF_REFUSED =
  'لم يُقبل هذا النموذج: ربما فُتحت الصفحة منذ وقت طويل أو من موقع آخر. أعد تحميل الصفحة وحاول مرة أخرى.';

/**
 * The newsroom at /newsroom: sign-in and sign-out, the desk (its home), the article editor, home
 * page curation and breaking news, the account page, user management, the API's keys and the
 * webhooks, with sessions in the database. Every request learns its user here (`request.user`);
 * every POST must carry the form token (403 otherwise); no page is cached.
 */
export async function newsroomPlugin(app: FastifyInstance, options: NewsroomPluginOptions): Promise<void> {
  const onRoute = options.onRoute;
  if (onRoute) app.addHook('onRoute', (route) => onRoute({ method: route.method, url: route.url }));
  const sessionTimes = options.sessionTimes ?? DEFAULT_SESSION_TIMES;
  const parts = newsroomAccounts(options.store.db, { sessionTimes });
  await app.register(cookie);
  await app.register(formbody);
  await app.register(csrfProtection, {
    cookieKey: 'ghad_csrf',
    cookieOpts: { path: '/newsroom', sameSite: 'lax', httpOnly: true, secure: 'auto' },
  });
  const assetsPrefix = `${app.prefix}/assets/`;
  const context: NewsroomContext = {
    siteName: options.site.name,
    siteUrl: options.site.url,
    timeZone: options.site.timeZone,
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
    } else {
      request.sessionEnded = true;
      reply.clearCookie(SESSION_COOKIE, sessionCookieOptions());
    }
  });

  // Every state-changing request carries the form token (the body's _csrf or an X-CSRF-Token header).
  app.addHook('preHandler', (request, reply, done) => {
    if (request.method === 'GET' || request.method === 'HEAD' || request.method === 'OPTIONS') return done();
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
  registerSignInRoutes(app, { ...deps, sessionTimes, limits: options.signInLimits ?? DEFAULT_SIGN_IN_LIMITS });
  registerAccountRoutes(app, deps);
  registerUsersRoutes(app, deps);
  registerResetRoutes(app, deps);
  await registerArticleRoutes(app, { ...deps, store: options.store, site: options.site });
  registerTokensRoutes(app, deps);
  registerWebhooksRoutes(app, { store: options.store, context });
}

/** Every refusal as an Arabic page with the right status; never a stack trace. */
function sendNewsroomError(
  error: FastifyError | NewsroomHttpError | NewsroomError,
  request: FastifyRequest,
  reply: FastifyReply,
  context: NewsroomContext,
): FastifyReply {
  let status = 500;
  let title = 'حدث خطأ';
  let text = 'حدث خلل من جهتنا. أعد المحاولة بعد قليل.';
  if (error instanceof NewsroomHttpError) {
    status = error.statusCode;
    title = TITLES[status] ?? title;
    text = error.messageAr;
  } else if (error instanceof NewsroomError) {
    // The workflow, the policy and the newsroom's store refuse with their own Arabic reason.
    status = error.status;
    title = TITLES[status] ?? title;
    text = error.messageAr;
  } else if (error instanceof AccountError) {
    status = 400;
    title = TITLES[400] as string;
    text = error.messageAr;
  } else if (error.code === 'FST_CSRF_INVALID_TOKEN' || error.code === 'FST_CSRF_MISSING_SECRET') {
    status = 403;
    title = 'نموذج غير مقبول';
    text = CSRF_REFUSED;
  } else if (error.statusCode === 429) {
    status = 429;
    title = TITLES[429] as string;
    text = 'محاولات كثيرة في وقت قصير. انتظر بضع دقائق ثم أعد المحاولة.';
  } else if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    status = 400;
    title = TITLES[400] as string;
    text = 'تعذر فهم هذا الطلب. عد إلى الصفحة السابقة وحاول مرة أخرى.';
  } else {
    request.log.error({ err: error, url: request.url }, 'newsroom request failed');
  }
  return sendNewsroomPage(
    reply,
    context,
    { title, user: request.user },
    <MessagePage title={title} text={text} link={{ href: '/newsroom', label: 'العودة إلى غرفة الأخبار' }} />,
    status,
  );
}

const TITLES: Record<number, string> = {
  400: 'طلب غير صالح',
  403: 'غير مسموح',
  404: 'الصفحة غير موجودة',
  409: 'تعارض',
  410: 'انتهت صلاحية الرابط',
  429: 'محاولات كثيرة',
};
