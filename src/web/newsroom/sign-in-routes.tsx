import type { CookieSerializeOptions } from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { NewsroomAccounts } from '../../newsroom/newsroom-accounts.ts';
import type { SessionTimes } from '../../newsroom/sessions.ts';
import { formField } from './form-fields.ts';
import type { NewsroomContext } from './newsroom-context.ts';
import { sendNewsroomPage } from './newsroom-page.ts';
import { SignInThrottle } from './sign-in-throttle.ts';
import { isNewsroomPath, NewsroomHttpError } from './signed-in-user.ts';
import { SignInPage } from './views/sign-in-page.tsx';

export const SESSION_COOKIE = 'ghad_session';

/**
 * Sign-in limits: attempts per client address (any email), and wrong passwords per email from
 * one client address (`perEmail`) before that address waits, with a backoff (SignInThrottle).
 * There is no limit per email alone: anyone could then lock any account out.
 */
export interface SignInLimits {
  perAddress: number;
  perEmail: number;
  windowMs: number;
}

/** An office behind one address gets room for its whole staff; one account from one address far less. */
export const DEFAULT_SIGN_IN_LIMITS: SignInLimits = { perAddress: 30, perEmail: 10, windowMs: 15 * 60 * 1000 };

/**
 * The session cookie: never readable by scripts, sent on top-level links; Secure on an https site
 * (`secureCookies`), else when the request came over HTTPS.
 */
export function sessionCookieOptions(secureCookies: boolean, maxAgeSeconds?: number): CookieSerializeOptions {
  return {
    path: '/newsroom',
    httpOnly: true,
    sameSite: 'lax',
    secure: secureCookies || 'auto',
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
  // Attempts per address (@fastify/rate-limit), and wrong passwords per (email, address) with
  // a backoff: a guesser slows down only their own address, never the account's owner elsewhere.
  const perAddress = app.createRateLimit({
    max: limits.perAddress,
    timeWindow: limits.windowMs,
    keyGenerator: (request) => `sign-in:${request.ip}`,
  });
  const throttle = new SignInThrottle({ limit: limits.perEmail, windowMs: limits.windowMs });
  const tooMany = (reply: FastifyReply, seconds: number) => {
    reply.header('retry-after', String(seconds));
    return new NewsroomHttpError(
      429,
      'too_many_sign_in_attempts',
      'Too many sign-in attempts: wait a few minutes.',
      `محاولات دخول كثيرة في وقت قصير. أعد المحاولة بعد ${Math.max(1, Math.ceil(seconds / 60))} دقيقة.`,
    );
  };
  async function limitSignIns(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const result = await perAddress(request);
    if (!result.isAllowed && result.isExceeded) throw tooMany(reply, result.ttlInSeconds);
    const wait = throttle.waitSeconds(signInEmail(request), request.ip);
    if (wait > 0) throw tooMany(reply, wait);
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
    if (result.ok) throttle.succeeded(signInEmail(request), request.ip);
    else if (result.reason === 'unknown_email' || result.reason === 'wrong_password')
      throttle.failed(signInEmail(request), request.ip);
    if (!result.ok) {
      if (result.reason === 'disabled') return refuse(403, 'هذا الحساب معطل. تواصل مع مدير غرفة الأخبار.');
      if (result.reason === 'demo_off') {
        return refuse(403, 'الحسابات التجريبية لا تعمل إلا مع الجريدة التجريبية، وكلمات مرورها منشورة.');
      }
      return refuse(401, WRONG_CREDENTIALS);
    }
    // A new session on every sign-in: a session token planted before sign-in is worth nothing.
    if (request.newsroomSession) await parts.sessions.signOut(request.newsroomSession.id);
    const { token } = await parts.sessions.create(result.user.id, userAgent(request));
    reply.setCookie(
      SESSION_COOKIE,
      token,
      sessionCookieOptions(context.secureCookies, Math.floor(sessionTimes.maxAgeMs / 1000)),
    );
    return reply.redirect(next ?? '/newsroom', 303);
  });

  app.post('/sign-out', async (request, reply) => {
    if (request.newsroomSession) await parts.sessions.signOut(request.newsroomSession.id);
    reply.clearCookie(SESSION_COOKIE, sessionCookieOptions(context.secureCookies));
    return reply.redirect('/newsroom/sign-in?done=signed-out', 303);
  });
}

function signInEmail(request: FastifyRequest): string {
  return formField(request.body, 'email', 254).trim().toLowerCase();
}

function nextPath(value: unknown): string | undefined {
  return typeof value === 'string' && isNewsroomPath(value) && !value.startsWith('/newsroom/sign-') ? value : undefined;
}

function userAgent(request: FastifyRequest): string | undefined {
  const agent = request.headers['user-agent'];
  return typeof agent === 'string' ? agent : undefined;
}
