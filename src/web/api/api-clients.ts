import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { User } from '../../newsroom/accounts.ts';
import type { ApiToken, ApiTokens } from '../../newsroom/api-tokens.ts';
import type { Actor } from '../../newsroom/policy.ts';
import { API_ERRORS, type ApiError, sendApiError } from './api-error.ts';

/**
 * Who calls the API. Reading is public, limited per client address; a content key (sent as
 * `Authorization: Bearer ghad_c_…` or `X-Api-Key: ghad_c_…`) identifies a partner and raises its limit; an admin token
 * (`ghad_a_…`, only in `Authorization: Bearer`) also writes, as its user. A token that is presented must be valid: an unknown,
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
    const presented = presentedToken(request);
    if (presented === undefined) return;
    const check = await tokens.check(presented.secret);
    if (check.status === 'valid') {
      // X-Api-Key is for content keys only: an admin token goes in Authorization, which
      // proxies and logs treat as a credential, and is refused (not downgraded) anywhere else.
      if (presented.via === 'x-api-key' && check.token.kind !== 'content') {
        return refuse(reply, 401, API_ERRORS.adminTokenInApiKey);
      }
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

/**
 * A route's own limit per client address, on top of the API's (search: 30 in 10 seconds), for
 * anonymous readers only. A request with a key is counted against the key's budget alone (above),
 * keyed by the key: a partner's servers behind one address get their key's limit, and two
 * partners behind one proxy do not share one.
 */
export function perAddressUnlessKey(max: number, timeWindow: string) {
  return { max, timeWindow, allowList: (request: FastifyRequest) => request.apiClient !== null };
}

/** preValidation of the admin API (before the body is checked): an admin token is required. */
export async function requireAdminToken(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const client = request.apiClient;
  if (!client) return refuse(reply, 401, API_ERRORS.tokenRequired);
  if (client.token.kind !== 'admin') return refuse(reply, 403, API_ERRORS.adminTokenRequired);
}

/**
 * `Authorization: Bearer <token>` (any token) or `X-Api-Key: <token>` (content keys only), and
 * which header carried it; undefined when absent.
 */
function presentedToken(request: FastifyRequest): { secret: string; via: 'bearer' | 'x-api-key' } | undefined {
  const authorization = request.headers.authorization;
  if (typeof authorization === 'string' && authorization.trim() !== '') {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    return { secret: match?.[1] ?? '', via: 'bearer' };
  }
  const key = request.headers['x-api-key'];
  return typeof key === 'string' && key.trim() !== '' ? { secret: key.trim(), via: 'x-api-key' } : undefined;
}

function refuse(reply: FastifyReply, status: 401 | 403, error: ApiError): FastifyReply {
  if (status === 401) reply.header('www-authenticate', `Bearer realm="ghad", error="${error.code}"`);
  return sendApiError(reply, status, error);
}
