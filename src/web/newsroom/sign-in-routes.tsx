import type { CookieSerializeOptions } from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { NewsroomAccounts } from '../../newsroom/newsroom-accounts.ts';
import type { SessionTimes } from '../../newsroom/sessions.ts';
import { formField } from './form-fields.ts';
import type { NewsroomContext } from './newsroom-context.ts';
import { sendNewsroomPage } from './newsroom-page.ts';
import { isNewsroomPath, NewsroomHttpError } from './signed-in-user.ts';
import { SignInPage } from './views/sign-in-page.tsx';

export const SESSION_COOKIE = 'ghad_session';

/** Sign-in attempts allowed per client address and per email address within the window. */
export interface SignInLimits {
  perAddress: number;
  perEmail: number;
  windowMs: number;
}

/** An office behind one address gets room for its whole staff; one account far less. */
export const DEFAULT_SIGN_IN_LIMITS: SignInLimits = { perAddress: 30, perEmail: 10, windowMs: 15 * 60 * 1000 };

/** The session cookie: never readable by scripts, sent on top-level links, Secure over HTTPS. */
export function sessionCookieOptions(maxAgeSeconds?: number): CookieSerializeOptions {
  return {
    path: '/newsroom',
    httpOnly: true,
    sameSite: 'lax',
    secure: 'auto',
    ...(maxAgeSeconds ? { maxAge: maxAgeSeconds } : {}),
  };
}

const WRONG_CREDENTIALS = 'البريد الإلكتروني أو كلمة المرور غير صحيحة.';
const NOTICES: Record<string, string> = {
  'signed-out': 'خرجت من غرفة الأخبار.',
  'password-set': 'حُفظت كلمة المرور الجديدة. سجّل الدخول بها.',
};

export function registerSignInRoutes(
  app: FastifyInstance,
  {
    parts,
    context,
    sessionTimes,
    limits,
  }: { parts: NewsroomAccounts; context: NewsroomContext; sessionTimes: SessionTimes; limits: SignInLimits },
): void {
  // Two counters on one route: @fastify/rate-limit runs only one of its own hooks per request,
  // so the route asks both limiters itself.
  const limiters = [
    app.createRateLimit({
      max: limits.perAddress,
      timeWindow: limits.windowMs,
      keyGenerator: (request) => `sign-in:${request.ip}`,
    }),
    app.createRateLimit({
      max: limits.perEmail,
      timeWindow: limits.windowMs,
      keyGenerator: (request) => `sign-in-email:${formField(request.body, 'email', 254).trim().toLowerCase()}`,
    }),
  ];
  async function limitSignIns(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    for (const limiter of limiters) {
      const result = await limiter(request);
      if (result.isAllowed || !result.isExceeded) continue;
      reply.header('retry-after', String(result.ttlInSeconds));
      throw new NewsroomHttpError(
        429,
        'too_many_sign_in_attempts',
        'Too many sign-in attempts: wait a few minutes.',
        `محاولات دخول كثيرة في وقت قصير. أعد المحاولة بعد ${Math.max(1, Math.ceil(result.ttlInSeconds / 60))} دقيقة.`,
      );
    }
  }

  app.get('/sign-in', async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const next = nextPath(query.next);
    if (request.user) return reply.redirect(next ?? '/newsroom', 303);
    const info =
      request.sessionEnded || query.expired === '1' ? 'انتهت جلستك. سجّل الدخول من جديد.' : NOTICES[String(query.done)];
    return sendNewsroomPage(reply, context, { title: 'تسجيل الدخول', user: null }, (csrfToken) => (
      <SignInPage model={{ csrfToken, email: '', next, info }} />
    ));
  });

  app.post('/sign-in', { preHandler: limitSignIns }, async (request, reply) => {
    const email = formField(request.body, 'email', 254).trim();
    const password = formField(request.body, 'password', 257);
    const next = nextPath(formField(request.body, 'next'));
    const refuse = (status: number, error: string) =>
      sendNewsroomPage(
        reply,
        context,
        { title: 'تسجيل الدخول', user: null },
        (csrfToken) => <SignInPage model={{ csrfToken, email, next, error }} />,
        status,
      );
    if (!email || !password) return refuse(400, 'أدخل البريد الإلكتروني وكلمة المرور.');
    const result = await parts.accounts.signIn(email, password);
    if (!result.ok) {
      return result.reason === 'disabled'
        ? refuse(403, 'هذا الحساب معطل. تواصل مع مدير غرفة الأخبار.')
        : refuse(401, WRONG_CREDENTIALS);
    }
    // A new session on every sign-in: a session token planted before sign-in is worth nothing.
    if (request.newsroomSession) await parts.sessions.signOut(request.newsroomSession.id);
    const { token } = await parts.sessions.create(result.user.id, userAgent(request));
    reply.setCookie(SESSION_COOKIE, token, sessionCookieOptions(Math.floor(sessionTimes.maxAgeMs / 1000)));
    return reply.redirect(next ?? '/newsroom', 303);
  });

  app.post('/sign-out', async (request, reply) => {
    if (request.newsroomSession) await parts.sessions.signOut(request.newsroomSession.id);
    reply.clearCookie(SESSION_COOKIE, sessionCookieOptions());
    return reply.redirect('/newsroom/sign-in?done=signed-out', 303);
  });
}

function nextPath(value: unknown): string | undefined {
  return typeof value === 'string' && isNewsroomPath(value) && !value.startsWith('/newsroom/sign-') ? value : undefined;
}

function userAgent(request: FastifyRequest): string | undefined {
  const agent = request.headers['user-agent'];
  return typeof agent === 'string' ? agent : undefined;
}
