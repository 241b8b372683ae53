import type { FastifyInstance, LightMyRequestResponse } from 'fastify';

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
