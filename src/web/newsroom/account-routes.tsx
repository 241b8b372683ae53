import type { FastifyInstance } from 'fastify';
import { AccountError } from '../../newsroom/account-error.ts';
import type { NewsroomAccounts } from '../../newsroom/newsroom-accounts.ts';
import { formField } from './form-fields.ts';
import type { NewsroomContext } from './newsroom-context.ts';
import { sendNewsroomPage } from './newsroom-page.ts';
import { requireSignedIn, type SignedInRequest } from './signed-in-user.ts';
import { AccountPage } from './views/account-page.tsx';

const DONE: Record<string, string> = {
  password: 'حُفظت كلمة المرور الجديدة، وخرجت من الأجهزة الأخرى.',
  'signed-out-elsewhere': 'خرجت من كل الأجهزة الأخرى.',
};

/** The signed-in user's own page: "my account" (password, sessions). */
export function registerAccountRoutes(
  app: FastifyInstance,
  { parts, context }: { parts: NewsroomAccounts; context: NewsroomContext },
): void {
  async function sendAccountPage(
    request: SignedInRequest,
    reply: Parameters<typeof sendNewsroomPage>[0],
    extra: { error?: string; done?: string },
    status = 200,
  ) {
    const sessions = await parts.sessions.listForUser(request.user.id);
    return sendNewsroomPage(
      reply,
      context,
      { title: 'حسابي', user: request.user, current: 'account' },
      (csrfToken) => (
        <AccountPage
          model={{
            user: request.user,
            currentSessionId: request.newsroomSession.id,
            sessions,
            csrfToken,
            timeZone: context.timeZone,
            ...extra,
          }}
        />
      ),
      status,
    );
  }

  app.get('/account', { preHandler: requireSignedIn }, async (request, reply) => {
    const done = DONE[String((request.query as Record<string, unknown>).done)];
    return sendAccountPage(request as SignedInRequest, reply, done ? { done } : {});
  });

  app.post('/account/password', { preHandler: requireSignedIn }, async (request, reply) => {
    const signedIn = request as SignedInRequest;
    const current = formField(request.body, 'currentPassword', 257);
    const next = formField(request.body, 'newPassword', 257);
    const confirm = formField(request.body, 'confirmPassword', 257);
    if (!(await parts.accounts.passwordMatches(signedIn.user.id, current))) {
      return sendAccountPage(signedIn, reply, { error: 'كلمة المرور الحالية غير صحيحة.' }, 400);
    }
    if (next !== confirm)
      return sendAccountPage(signedIn, reply, { error: 'كلمتا المرور الجديدتان غير متطابقتين.' }, 400);
    try {
      await parts.accounts.setPassword(signedIn.user.id, next);
    } catch (error) {
      if (error instanceof AccountError) return sendAccountPage(signedIn, reply, { error: error.messageAr }, 400);
      throw error;
    }
    // Whoever knew the old password is signed out too.
    await parts.sessions.signOutEverywhere(signedIn.user.id, signedIn.newsroomSession.id);
    return reply.redirect('/newsroom/account?done=password', 303);
  });

  app.post('/account/sign-out-everywhere', { preHandler: requireSignedIn }, async (request, reply) => {
    const signedIn = request as SignedInRequest;
    await parts.sessions.signOutEverywhere(signedIn.user.id, signedIn.newsroomSession.id);
    return reply.redirect('/newsroom/account?done=signed-out-elsewhere', 303);
  });
}
