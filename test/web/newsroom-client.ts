import assert from 'node:assert/strict';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Config } from '../../src/config.ts';
import type { NewUser, User } from '../../src/newsroom/accounts.ts';
import { newsroomAccounts } from '../../src/newsroom/newsroom-accounts.ts';
import { openStore, type Store } from '../../src/store/store.ts';
import { buildApp } from '../../src/web/app.ts';
import { testConfig } from '../helpers/config.ts';
import { type DIALECTS, freshDatabase } from '../helpers/databases.ts';

/**
 * One browser's worth of requests through `inject()`: it keeps the cookies the newsroom sets
 * (and drops the ones it clears), and reads the form token from the last page it saw.
 */
export class NewsroomClient {
  readonly cookies = new Map<string, string>();
  lastToken = '';

  constructor(
    private readonly app: FastifyInstance,
    private readonly headers: Record<string, string> = {},
  ) {}

  /**
   * A new client signed in through the form as `email` (the sign-in must succeed: 303), that
   * has then opened `open` when given (to hold that page's form token).
   */
  static async signedIn(app: FastifyInstance, email: string, password: string, open?: string): Promise<NewsroomClient> {
    const client = new NewsroomClient(app);
    const response = await client.signIn(email, password);
    assert.equal(response.statusCode, 303, response.body);
    if (open) await client.get(open);
    return client;
  }

  async get(url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    return this.send('GET', url, undefined, headers);
  }

  /** Posts a form; the page's form token is added unless `_csrf` is given (or set to null). */
  async post(
    url: string,
    form: Record<string, string | null> = {},
    headers: Record<string, string> = {},
  ): Promise<LightMyRequestResponse> {
    const fields: Record<string, string> = {};
    if (!('_csrf' in form)) fields._csrf = this.lastToken;
    for (const [name, value] of Object.entries(form)) if (value !== null) fields[name] = value;
    return this.send('POST', url, new URLSearchParams(fields).toString(), {
      'content-type': 'application/x-www-form-urlencoded',
      ...headers,
    });
  }

  /** Posts a multipart body (built by multipartBody), with headers such as Accept or X-CSRF-Token. */
  async postMultipart(
    url: string,
    body: { payload: Buffer; contentType: string },
    headers: Record<string, string> = {},
  ): Promise<LightMyRequestResponse> {
    return this.send('POST', url, body.payload, { 'content-type': body.contentType, ...headers });
  }

  /**
   * Sends JSON as the article editor does (Accept: application/json), with the page's form token
   * in the X-CSRF-Token header unless `token` is null.
   */
  async sendJson(
    method: 'POST' | 'PUT',
    url: string,
    body: unknown,
    { token = this.lastToken }: { token?: string | null } = {},
  ): Promise<LightMyRequestResponse> {
    return this.send(method, url, JSON.stringify(body), {
      'content-type': 'application/json',
      accept: 'application/json',
      ...(token === null ? {} : { 'x-csrf-token': token }),
    });
  }

  /** Signs in through the form (fetching it first for its token); returns the POST's response. */
  async signIn(email: string, password: string, next?: string): Promise<LightMyRequestResponse> {
    await this.get('/newsroom/sign-in');
    return this.post('/newsroom/sign-in', { email, password, ...(next ? { next } : {}) });
  }

  private async send(
    method: 'GET' | 'POST' | 'PUT',
    url: string,
    payload: string | Buffer | undefined,
    headers: Record<string, string>,
  ): Promise<LightMyRequestResponse> {
    const cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    const response = await this.app.inject({
      method,
      url,
      ...(payload === undefined ? {} : { payload }),
      headers: { ...this.headers, ...(cookie ? { cookie } : {}), ...headers },
    });
    for (const set of response.cookies as { name: string; value: string; expires?: Date; maxAge?: number }[]) {
      const cleared = set.value === '' || (set.expires && set.expires.getTime() <= Date.now()) || set.maxAge === 0;
      if (cleared) this.cookies.delete(set.name);
      else this.cookies.set(set.name, set.value);
    }
    const token = /name="_csrf" value="([^"]+)"/.exec(response.body);
    if (token) this.lastToken = token[1] as string;
    return response;
  }
}

/** Sign-in limits for a suite that signs in many times from one address (the limits have their own test). */
export const GENEROUS_SIGN_IN_LIMITS = { perAddress: 1000, perEmail: 1000, windowMs: 60_000 };

/** The newsroom's people of a suite, by key, created with one password. */
export type People<K extends string> = Record<K, Omit<NewUser, 'password'>>;

export interface NewsroomApp<K extends string> {
  store: Store;
  /** The app for inject(), page cache on, purge polling off, generous sign-in limits. */
  app: FastifyInstance;
  /** The accounts created from `people`, by the same keys. */
  users: Record<K, User>;
  /** Closes the app and the store and drops the database. */
  close(): Promise<void>;
}

/**
 * A store on a fresh database of `dialect` with the given people (in their order), whatever
 * `seed` writes, and the app over it (not listening): the setup of the newsroom's inject() suites.
 */
export async function openNewsroomApp<K extends string = never>(
  dialect: (typeof DIALECTS)[number],
  options: {
    people?: People<K>;
    password?: string;
    seed?: (store: Store, users: Record<K, User>) => Promise<unknown>;
    config?: Partial<Config>;
    /** The sign-in limits; generous unless a suite tests them. */
    signInLimits?: typeof GENEROUS_SIGN_IN_LIMITS;
    /** The app's clock (buildApp's `clock`): the banner's and readers' comments' time. */
    clock?: () => Date;
  } = {},
): Promise<NewsroomApp<K>> {
  const fresh = await freshDatabase(dialect);
  let store: Store | undefined;
  let app: FastifyInstance | undefined;
  const close = async (): Promise<void> => {
    await app?.close();
    await store?.close();
    await fresh.cleanup();
  };
  try {
    // The store asks the same allow-list of webhook hosts as the app's configuration holds.
    store = await openStore({ ...fresh.options, webhookAllowHosts: options.config?.webhookAllowHosts });
    const { accounts } = newsroomAccounts(store.db);
    const users = {} as Record<K, User>;
    for (const [key, person] of Object.entries(options.people ?? {}) as [K, Omit<NewUser, 'password'>][]) {
      users[key] = await accounts.create({ ...person, password: options.password ?? '' });
    }
    await options.seed?.(store, users);
    app = await buildApp({
      config: testConfig({ dataDir: fresh.options.dataDir, ...options.config }),
      store,
      invalidationPollMs: 0,
      newsroom: { signInLimits: options.signInLimits ?? GENEROUS_SIGN_IN_LIMITS },
      ...(options.clock ? { clock: options.clock } : {}),
    });
    return { store, app, users, close };
  } catch (error) {
    await close();
    throw error;
  }
}
