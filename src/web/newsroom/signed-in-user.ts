import type { FastifyReply, FastifyRequest } from 'fastify';
import type { User } from '../../newsroom/accounts.ts';
import { authorize, PermissionDeniedError, type PolicyAction } from '../../newsroom/policy.ts';
import type { Role } from '../../newsroom/roles.ts';
import type { Session } from '../../newsroom/sessions.ts';

/**
 * What the rest of the newsroom uses: every request under /newsroom knows its signed-in user
 * (`request.user`, null when nobody is signed in), and routes declare who may use them with
 * `preHandler: requireSignedIn` or `preHandler: requireRole('editor', …)`. What each role may
 * do beyond managing users is the permission policy's business, not this file's.
 */
declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in user, or null. Set for every request under /newsroom. */
    user: User | null;
    /** Their session (to sign it out, or keep it when signing out everywhere else). */
    newsroomSession: Session | null;
    /** A session cookie came that no longer signs anyone in (expired, signed out, disabled). */
    sessionEnded: boolean;
  }
}

/** A signed-in request, once a guard has let it through. */
export type SignedInRequest = FastifyRequest & { user: User; newsroomSession: Session };

/** Who may add, disable and reset the passwords of newsroom users. */
export const USER_MANAGER_ROLES: readonly Role[] = ['owner', 'administrator'];

export function mayManageUsers(user: User): boolean {
  return USER_MANAGER_ROLES.includes(user.role);
}

/** An answer the newsroom gives as an Arabic page (or, for the API, a stable code). */
export class NewsroomHttpError extends Error {
  constructor(
    readonly statusCode: 400 | 401 | 403 | 404 | 410 | 413 | 429,
    readonly code: string,
    message: string,
    readonly messageAr: string,
  ) {
    super(message);
  }
}

export const SIGN_IN_PATH = '/newsroom/sign-in';

/** The sign-in page, returning to `next` afterwards; `ended` says the session ran out. */
export function signInPath(next?: string, ended = false): string {
  const query = new URLSearchParams();
  if (next && isNewsroomPath(next) && next !== '/newsroom') query.set('next', next);
  if (ended) query.set('expired', '1');
  const search = query.toString();
  return search ? `${SIGN_IN_PATH}?${search}` : SIGN_IN_PATH;
}

/**
 * Only newsroom pages of this site are followed after sign-in (no open redirect), and only as
 * a URL may be written in a Location header: printable ASCII of a path and query (RFC 3986),
 * `%` only before two hex digits, no dot segment. Anything else — NUL, control characters,
 * U+2028, raw non-ASCII (a browser sends it percent-encoded), a backslash — is not a path we
 * made, and is ignored rather than sent back.
 */
export function isNewsroomPath(path: string): boolean {
  if (!/^\/newsroom(?:\/[A-Za-z0-9\-._~!$&'()*+,;=:@/?%]*)?$/.test(path)) return false;
  if (/%(?![0-9A-Fa-f]{2})/.test(path)) return false;
  const pathPart = path.split('?', 1)[0] as string;
  return !pathPart.split('/').some((segment) => segment === '.' || segment === '..');
}

/** preHandler: sends anyone not signed in to the sign-in page, then back. */
export async function requireSignedIn(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (request.user) return;
  // Only pages are worth returning to; a refused POST goes to the sign-in page alone.
  const next = request.method === 'GET' ? request.url : undefined;
  await reply.redirect(signInPath(next, request.sessionEnded), 303);
}

/** preHandler: only users with one of `roles` get through; others get the Arabic 403 page. */
export function requireRole(...roles: Role[]) {
  return async function requireRoleHandler(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    if (!request.user) return requireSignedIn(request, reply);
    if (!roles.includes(request.user.role)) {
      throw new NewsroomHttpError(
        403,
        'forbidden',
        'Your role does not allow this.',
        'لا يسمح دورك في غرفة الأخبار بهذه الصفحة أو بهذا الإجراء.',
      );
    }
  };
}

/**
 * preHandler: only users the permission policy lets do `action` (one that concerns no single
 * article: home curation, breaking news) get through; others get the policy's Arabic refusal.
 */
export function requirePermission(action: PolicyAction) {
  return async function requirePermissionHandler(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    if (!request.user) return requireSignedIn(request, reply);
    try {
      authorize({ id: request.user.id, role: request.user.role }, action);
    } catch (error) {
      if (error instanceof PermissionDeniedError) {
        throw new NewsroomHttpError(403, error.code, error.message, error.messageAr);
      }
      throw error;
    }
  };
}
