import type { EditorApiError } from './editor-model.ts';

/**
 * The editor's requests to the newsroom: JSON both ways, the page's form token in the
 * X-CSRF-Token header, the session cookie sent along. A refusal becomes an EditorRequestError
 * that carries the server's answer (its Arabic message, and both versions on a 409).
 */
export class EditorRequestError extends Error {
  constructor(
    readonly status: number,
    readonly body: EditorApiError,
  ) {
    super(body.error.messageAr);
  }
}

export function editorApi(csrfToken: string) {
  async function request<T>(method: string, url: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        credentials: 'same-origin',
        headers: {
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          'x-csrf-token': csrfToken,
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch {
      throw new EditorRequestError(0, {
        error: {
          code: 'offline',
          message: 'The newsroom could not be reached.',
          messageAr: 'تعذر الاتصال بغرفة الأخبار: تحقق من الاتصال. نصك محفوظ في هذا المتصفح.',
        },
      });
    }
    const json = (await response.json().catch(() => null)) as (T & EditorApiError) | null;
    if (!response.ok || json === null) {
      throw new EditorRequestError(
        response.status,
        json?.error
          ? json
          : { error: { code: 'bad_answer', message: 'Unexpected answer.', messageAr: 'ردّ غير متوقع من الخادم.' } },
      );
    }
    return json;
  }
  return {
    get: <T>(url: string) => request<T>('GET', url),
    post: <T>(url: string, body: unknown) => request<T>('POST', url, body),
    put: <T>(url: string, body: unknown) => request<T>('PUT', url, body),
  };
}

export type EditorApi = ReturnType<typeof editorApi>;
