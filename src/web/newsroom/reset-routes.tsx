import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AccountError } from '../../newsroom/account-error.ts';
import type { NewsroomAccounts } from '../../newsroom/newsroom-accounts.ts';
import type { ResetLinkState } from '../../newsroom/password-resets.ts';
import { formField } from './form-fields.ts';
import type { NewsroomContext } from './newsroom-context.ts';
import { sendNewsroomPage } from './newsroom-page.ts';
import { SESSION_COOKIE, sessionCookieOptions } from './sign-in-routes.tsx';
import { NewsroomHttpError } from './signed-in-user.ts';
import { ResetPage } from './views/reset-page.tsx';

/** /newsroom/reset/<token>: the page an administrator's link opens, to choose a new password. */
export function registerResetRoutes(
  app: FastifyInstance,
  { parts, context }: { parts: NewsroomAccounts; context: NewsroomContext },
): void {
  function sendResetPage(
    request: FastifyRequest,
    reply: FastifyReply,
    state: ResetLinkState & { status: 'valid' },
    error?: string,
  ) {
    return sendNewsroomPage(
      reply,
      context,
      { title: 'اختيار كلمة مرور جديدة', user: null },
      (csrfToken) => (
        <ResetPage
          model={{
            action: request.url.split('?')[0] ?? '',
            displayName: state.user.displayName,
            email: state.user.email,
            csrfToken,
            error,
          }}
        />
      ),
      error ? 400 : 200,
    );
  }

  app.get('/reset/:token', async (request, reply) => {
    const state = await parts.resets.check(tokenParam(request));
    if (state.status !== 'valid') throw unusableLink(state.status);
    return sendResetPage(request, reply, state);
  });

  app.post('/reset/:token', async (request, reply) => {
    const token = tokenParam(request);
    const state = await parts.resets.check(token);
    if (state.status !== 'valid') throw unusableLink(state.status);
    const password = formField(request.body, 'newPassword', 257);
    if (password !== formField(request.body, 'confirmPassword', 257)) {
      return sendResetPage(request, reply, state, 'كلمتا المرور غير متطابقتين.');
    }
    let result: ResetLinkState;
    try {
      result = await parts.resets.use(token, password);
    } catch (error) {
      if (error instanceof AccountError) return sendResetPage(request, reply, state, error.messageAr);
      throw error;
    }
    if (result.status !== 'valid') throw unusableLink(result.status);
    // Every session of the account has ended, this browser's included.
    if (request.user?.id === result.user.id)
      reply.clearCookie(SESSION_COOKIE, sessionCookieOptions(context.secureCookies));
    return reply.redirect('/newsroom/sign-in?done=password-set', 303);
  });
}

function tokenParam(request: FastifyRequest): string {
  const token = (request.params as Record<string, unknown>).token;
  return typeof token === 'string' ? token : '';
}

function unusableLink(status: 'unknown' | 'expired' | 'used'): NewsroomHttpError {
  switch (status) {
    case 'expired':
      return new NewsroomHttpError(
        410,
        'reset_link_expired',
        'This link has expired.',
        'انتهت صلاحية هذا الرابط. اطلب رابطا جديدا من مدير غرفة الأخبار.',
      );
    case 'used':
      return new NewsroomHttpError(
        410,
        'reset_link_used',
        'This link has already been used.',
        'استُعمل هذا الرابط من قبل، ولا يصلح إلا مرة واحدة. اطلب رابطا جديدا من مدير غرفة الأخبار.',
      );
    default:
      return new NewsroomHttpError(
        404,
        'reset_link_unknown',
        'This link is not valid.',
        'هذا الرابط غير صحيح. تأكد من نسخه كاملا، أو اطلب رابطا جديدا من مدير غرفة الأخبار.',
      );
  }
}
