import type { FastifyInstance, FastifyReply } from 'fastify';
import { ApiTokenError, type TokenKind } from '../../newsroom/api-tokens.ts';
import type { NewsroomAccounts } from '../../newsroom/newsroom-accounts.ts';
import { isRole } from '../../newsroom/roles.ts';
import { formField, idParam } from './form-fields.ts';
import type { NewsroomContext } from './newsroom-context.ts';
import { sendNewsroomPage } from './newsroom-page.ts';
import { NewsroomHttpError, requireRole, type SignedInRequest, USER_MANAGER_ROLES } from './signed-in-user.ts';
import { type TokensModel, TokensPage } from './views/tokens-page.tsx';

/** The API's keys, for the owner and administrators: list, make (the secret shown once), revoke. */
export function registerTokensRoutes(
  app: FastifyInstance,
  { parts, context }: { parts: NewsroomAccounts; context: NewsroomContext },
): void {
  const guard = { preHandler: requireRole(...USER_MANAGER_ROLES) };

  async function sendTokensPage(
    request: SignedInRequest,
    reply: FastifyReply,
    extra: Partial<Pick<TokensModel, 'issued' | 'error' | 'done' | 'draft'>>,
    status = 200,
  ) {
    const [tokens, users] = await Promise.all([parts.apiTokens.list(), parts.accounts.list()]);
    return sendNewsroomPage(
      reply,
      context,
      { title: 'مفاتيح واجهة البرمجة', user: request.user, current: 'tokens' },
      (csrfToken) => (
        <TokensPage
          model={{
            tokens,
            users: users.filter((user) => !user.disabledAt && (user.role !== 'owner' || request.user.role === 'owner')),
            viewer: request.user,
            csrfToken,
            timeZone: context.timeZone,
            ...extra,
          }}
        />
      ),
      status,
    );
  }

  app.get('/tokens', guard, async (request, reply) => {
    const done =
      (request.query as Record<string, unknown>).done === 'revoked' ? 'أُلغي المفتاح: يُرفض من الآن.' : undefined;
    return sendTokensPage(request as SignedInRequest, reply, done ? { done } : {});
  });

  app.post('/tokens', guard, async (request, reply) => {
    const signedIn = request as SignedInRequest;
    const draft = {
      name: formField(request.body, 'name', 200),
      kind: formField(request.body, 'kind', 20),
      userId: formField(request.body, 'userId', 12),
      role: formField(request.body, 'role', 40),
      rateLimit: formField(request.body, 'rateLimit', 12).trim(),
    };
    const refuse = (error: string) => sendTokensPage(signedIn, reply, { error, draft }, 400);
    if (draft.kind !== 'content' && draft.kind !== 'admin') return refuse('اختر نوع المفتاح من القائمة.');
    const userId = idParam({ id: draft.userId });
    const user = userId === undefined ? undefined : await parts.accounts.findById(userId);
    if (!user) return refuse('اختر مستخدما من القائمة.');
    if (user.role === 'owner' && signedIn.user.role !== 'owner') return refuse('مفاتيح المالك يصدرها المالك وحده.');
    if (draft.role !== '' && !isRole(draft.role)) return refuse('اختر دورا من القائمة.');
    if (draft.rateLimit !== '' && !/^\d{1,6}$/.test(draft.rateLimit)) return refuse('حد الطلبات عدد صحيح في الدقيقة.');
    try {
      const { token, secret } = await parts.apiTokens.create({
        kind: draft.kind as TokenKind,
        name: draft.name,
        userId: user.id,
        role: draft.role === '' ? null : (draft.role as never),
        rateLimit: draft.rateLimit === '' ? null : Number(draft.rateLimit),
        createdBy: signedIn.user.id,
      });
      return sendTokensPage(signedIn, reply, { issued: { name: token.name, kind: token.kind, secret } }, 201);
    } catch (error) {
      if (error instanceof ApiTokenError) return refuse(error.messageAr);
      throw error;
    }
  });

  app.post('/tokens/:id/revoke', guard, async (request, reply) => {
    const id = idParam(request.params);
    const token = id === undefined ? undefined : await parts.apiTokens.findById(id);
    if (!token) throw new NewsroomHttpError(404, 'unknown_token', 'There is no such token.', 'هذا المفتاح غير موجود.');
    await parts.apiTokens.revoke(token.id);
    return reply.redirect('/newsroom/tokens?done=revoked', 303);
  });
}
