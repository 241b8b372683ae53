import type { FastifyInstance, FastifyReply } from 'fastify';
import { AccountError } from '../../newsroom/account-error.ts';
import type { User } from '../../newsroom/accounts.ts';
import type { NewsroomAccounts } from '../../newsroom/newsroom-accounts.ts';
import { DEFAULT_RESET_HOURS } from '../../newsroom/password-resets.ts';
import type { Role } from '../../newsroom/roles.ts';
import { newSecretToken } from '../../newsroom/secret-token.ts';
import { formField, idParam } from './form-fields.ts';
import type { NewsroomContext } from './newsroom-context.ts';
import { sendNewsroomPage } from './newsroom-page.ts';
import { NewsroomHttpError, requireRole, type SignedInRequest, USER_MANAGER_ROLES } from './signed-in-user.ts';
import { type IssuedLink, type UsersModel, UsersPage } from './views/users-page.tsx';

/** There is one owner (made on first start or with the command line); the page gives the other roles. */
const ASSIGNABLE_ROLES: readonly Role[] = ['administrator', 'editor', 'author', 'contributor'];

const DONE: Record<string, string> = {
  disabled: 'عُطّل الحساب وأُنهيت جلساته.',
  enabled: 'أعيد تفعيل الحساب. يدخل صاحبه بكلمة مروره السابقة.',
};

/** User management, for the owner and administrators: list, add, disable, issue reset links. */
export function registerUsersRoutes(
  app: FastifyInstance,
  { parts, context }: { parts: NewsroomAccounts; context: NewsroomContext },
): void {
  const guard = { preHandler: requireRole(...USER_MANAGER_ROLES) };

  async function sendUsersPage(
    request: SignedInRequest,
    reply: FastifyReply,
    extra: Partial<Pick<UsersModel, 'issued' | 'error' | 'done' | 'draft'>>,
    status = 200,
  ) {
    const users = await parts.accounts.list();
    return sendNewsroomPage(
      reply,
      context,
      { title: 'المستخدمون', user: request.user, current: 'users' },
      (csrfToken) => (
        <UsersPage
          model={{
            viewer: request.user,
            users,
            csrfToken,
            timeZone: context.timeZone,
            assignableRoles: ASSIGNABLE_ROLES,
            ...extra,
          }}
        />
      ),
      status,
    );
  }

  async function issueLink(viewer: User, user: User, newUser: boolean): Promise<IssuedLink> {
    const { token, expiresAt } = await parts.resets.issue(user.id, viewer.id, DEFAULT_RESET_HOURS);
    return { user, url: `${context.siteUrl}/newsroom/reset/${token}`, expiresAt, newUser };
  }

  /** The user a path names, if the viewer may act on them (only the owner acts on the owner). */
  async function targetUser(request: SignedInRequest): Promise<User> {
    const id = idParam(request.params);
    const user = id === undefined ? undefined : await parts.accounts.findById(id);
    if (!user) throw new NewsroomHttpError(404, 'unknown_user', 'There is no such user.', 'هذا الحساب غير موجود.');
    if (user.role === 'owner' && request.user.role !== 'owner') {
      throw new NewsroomHttpError(
        403,
        'forbidden',
        'Only the owner manages the owner account.',
        'حساب المالك يديره المالك وحده.',
      );
    }
    return user;
  }

  app.get('/users', guard, async (request, reply) => {
    const done = DONE[String((request.query as Record<string, unknown>).done)];
    return sendUsersPage(request as SignedInRequest, reply, done ? { done } : {});
  });

  app.post('/users', guard, async (request, reply) => {
    const signedIn = request as SignedInRequest;
    const draft = {
      email: formField(request.body, 'email', 254),
      displayName: formField(request.body, 'displayName', 200),
      role: formField(request.body, 'role', 40),
    };
    if (!ASSIGNABLE_ROLES.includes(draft.role as Role)) {
      return sendUsersPage(signedIn, reply, { error: 'اختر دورا من القائمة.', draft }, 400);
    }
    let user: User;
    try {
      // Nobody knows this password: the new user chooses theirs through the link.
      user = await parts.accounts.create({ ...draft, password: newSecretToken() });
    } catch (error) {
      if (error instanceof AccountError) return sendUsersPage(signedIn, reply, { error: error.messageAr, draft }, 400);
      throw error;
    }
    return sendUsersPage(signedIn, reply, { issued: await issueLink(signedIn.user, user, true) }, 201);
  });

  app.post('/users/:id/reset-link', guard, async (request, reply) => {
    const signedIn = request as SignedInRequest;
    const user = await targetUser(signedIn);
    if (user.disabledAt) {
      return sendUsersPage(signedIn, reply, { error: 'هذا الحساب معطل: أعد تفعيله قبل إصدار رابط.' }, 400);
    }
    return sendUsersPage(signedIn, reply, { issued: await issueLink(signedIn.user, user, false) });
  });

  app.post('/users/:id/disable', guard, async (request, reply) => {
    const signedIn = request as SignedInRequest;
    const user = await targetUser(signedIn);
    if (user.id === signedIn.user.id) {
      return sendUsersPage(signedIn, reply, { error: 'لا يمكنك تعطيل حسابك بنفسك.' }, 400);
    }
    try {
      await parts.accounts.disable(user.id);
    } catch (error) {
      if (error instanceof AccountError) return sendUsersPage(signedIn, reply, { error: error.messageAr }, 400);
      throw error;
    }
    return reply.redirect('/newsroom/users?done=disabled', 303);
  });

  app.post('/users/:id/enable', guard, async (request, reply) => {
    const user = await targetUser(request as SignedInRequest);
    await parts.accounts.enable(user.id);
    return reply.redirect('/newsroom/users?done=enabled', 303);
  });
}
