import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { User } from '../../newsroom/accounts.ts';
import type { ApiToken, ApiTokens } from '../../newsroom/api-tokens.ts';
import type { Actor } from '../../newsroom/policy.ts';
import { API_ERRORS, type ApiError, sendApiError } from './api-error.ts';

/**
 * Who calls the API. Reading is public, limited per client address; a content key (sent as
 * `Authorization: Bearer ghad_c_…`) identifies a partner and raises its limit; an admin token
 * (`ghad_a_…`) also writes, as its user. A token that is presented must be valid: an unknown,
 * revoked or disabled one (its user or its maker disabled) is refused (401) rather than read as
 * no token, so that a partner learns at once that its key stopped working.
 */
export interface ApiClient {
  token: ApiToken;
  user: User;
  /** The token's user with the role it acts with, for the permission policy. */
  actor: Actor;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The checked token, or null for an anonymous reader. Set for every request under /api/v1. */
    apiClient: ApiClient | null;
  }
}

/** Requests per minute: per address for anonymous readers, per token for keys without their own limit. */
export interface ApiLimits {
  anonymousPerMinute: number;
  contentKeyPerMinute: number;
  adminTokenPerMinute: number;
}

export const DEFAULT_API_LIMITS: ApiLimits = {
  anonymousPerMinute: 120,
  contentKeyPerMinute: 1200,
  adminTokenPerMinute: 300,
};

/** Reads the token of each request and counts it against its limit (429 past it). */
export function registerApiClients(app: FastifyInstance, tokens: ApiTokens, limits: ApiLimits): void {
  app.decorateRequest('apiClient', null);
  app.addHook('onRequest', async (request, reply) => {
    const secret = presentedToken(request);
    if (secret === undefined) return;
    const check = await tokens.check(secret);
    if (check.status === 'valid') {
      request.apiClient = { token: check.token, user: check.user, actor: check.actor };
      return;
    }
    const error =
      check.status === 'revoked'
        ? API_ERRORS.tokenRevoked
        : check.status === 'disabled_user'
          ? API_ERRORS.accountDisabled
          : check.status === 'disabled_creator'
            ? API_ERRORS.creatorDisabled
            : API_ERRORS.invalidToken;
    return refuse(reply, 401, error);
  });
  // One budget per client for the whole API (routes may add their own, as search does).
  const limit = app.createRateLimit({
    timeWindow: 60_000,
    keyGenerator: (request: FastifyRequest) =>
      request.apiClient ? `api-token:${request.apiClient.token.id}` : `api-address:${request.ip}`,
    max: (request: FastifyRequest) => {
      const client = request.apiClient;
      if (!client) return limits.anonymousPerMinute;
      if (client.token.rateLimit !== null) return client.token.rateLimit;
      return client.token.kind === 'admin' ? limits.adminTokenPerMinute : limits.contentKeyPerMinute;
    },
  });
  app.addHook('onRequest', async (request, reply) => {
    const outcome = await limit(request);
    if (outcome.isAllowed) return;
    reply.header('x-ratelimit-limit', outcome.max);
    reply.header('x-ratelimit-remaining', outcome.remaining);
    reply.header('x-ratelimit-reset', outcome.ttlInSeconds);
    if (!outcome.isExceeded) return;
    reply.header('retry-after', outcome.ttlInSeconds);
    return sendApiError(reply, 429, API_ERRORS.rateLimited);
  });
}

/** preValidation of the admin API (before the body is checked): an admin token is required. */
export async function requireAdminToken(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const client = request.apiClient;
  if (!client) return refuse(reply, 401, API_ERRORS.tokenRequired);
  if (client.token.kind !== 'admin') return refuse(reply, 403, API_ERRORS.adminTokenRequired);
}

/** `Authorization: Bearer <token>` (or `X-Api-Key: <token>` for content keys); undefined when absent. */
function presentedToken(request: FastifyRequest): string | undefined {
  const authorization = request.headers.authorization;
  if (typeof authorization === 'string' && authorization.trim() !== '') {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    return match ? match[1] : '';
  }
  const key = request.headers['x-api-key'];
  return typeof key === 'string' && key.trim() !== '' ? key.trim() : undefined;
}

function refuse(reply: FastifyReply, status: 401 | 403, error: ApiError): FastifyReply {
  if (status === 401) reply.header('www-authenticate', `Bearer realm="ghad", error="${error.code}"`);
  return sendApiError(reply, status, error);
}
