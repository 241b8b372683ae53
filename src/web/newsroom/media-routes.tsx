import type { Readable } from 'node:stream';
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { MEDIA_ERRORS, MediaError } from '../../media/media-error.ts';
import { MediaFiles } from '../../media/media-files.ts';
import type { MediaStorage } from '../../media/media-storage.ts';
import { checkMediaText, type MediaLimits, MediaUploads, TEXT_LIMITS } from '../../media/uploads.ts';
import { authorize } from '../../newsroom/policy.ts';
import type { MediaEntry } from '../../store/media.ts';
import type { Store } from '../../store/store.ts';
import { scriptNonce } from '../security-headers.ts';
import { closeAfterAnswer } from './close-after-answer.ts';
import { idParam } from './form-fields.ts';
import { wantsJson } from './json-answers.ts';
import { mediaJson } from './media-json.ts';
import { registerMediaLibraryScript } from './media-script.ts';
import type { NewsroomContext } from './newsroom-context.ts';
import { sendNewsroomPage } from './newsroom-page.ts';
import { NewsroomHttpError, requireSignedIn, type SignedInRequest } from './signed-in-user.ts';
import { MediaLibraryPage } from './views/media-library-page.tsx';
import { MediaPage } from './views/media-page.tsx';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route reads a multipart body whose form token comes as a field: it checks the token itself. */
    csrfInMultipart?: boolean;
  }
}

export interface MediaOptions {
  /** The data directory: files go to <dataDir>/media (src/media/media-files.ts) unless `storage` is given. */
  dataDir: string;
  /** Where uploads are kept (the app's, GHAD_MEDIA_STORAGE); the data directory when absent. */
  storage?: MediaStorage;
  limits: MediaLimits;
  /** Uploads one user may send per window (MEDIA_UPLOAD_LIMIT unless a test sets its own). */
  uploadLimit?: { max: number; windowMs: number };
}

/**
 * Uploads per user: each may cost a second of CPU (decoding, ten variants), so one account
 * (or a stolen session) cannot keep the server busy; a photo desk's batch of dozens still goes
 * through. Past it: 429 with Retry-After, in Arabic.
 */
export const MEDIA_UPLOAD_LIMIT = { max: 60, windowMs: 10 * 60_000 } as const;

/** Images a library page shows, and a picker's page of JSON. */
export const MEDIA_PER_PAGE = 24;

/** Room for a multipart body's boundaries and fields around the file itself. */
const MULTIPART_OVERHEAD = 64 * 1024;

const DONE: Record<string, string> = {
  uploaded: 'رُفعت الصورة وأُعدّت بكل المقاسات.',
  existing: 'هذه الصورة موجودة في المكتبة من قبل: لم تُضف نسخة ثانية.',
  saved: 'حُفظ وصف الصورة.',
};

/**
 * The media library at /newsroom/media: upload (multipart, one file per request; the page's
 * script sends dropped files one by one), search and pages of images, each image's page with
 * its alt text, caption and credit, and the same as JSON for the article editor's picker:
 *
 *     POST /newsroom/media              multipart: _csrf (or X-CSRF-Token), file, alt?, caption?, credit?
 *     GET  /newsroom/media.json?q=&page=   { items: [MediaJson], total, page, pages, perPage }
 *     GET  /newsroom/media/:id          (Accept: application/json) → the image
 *     POST /newsroom/media/:id          alt, caption, credit (form or JSON) → the image
 *
 * JSON answers (Accept: application/json, or .json) refuse with { error: { code, message, messageAr } }.
 */
export async function registerMediaRoutes(
  app: FastifyInstance,
  { context, store, media }: { context: NewsroomContext; store: Store; media: MediaOptions },
): Promise<void> {
  const uploads = new MediaUploads(store.media, media.storage ?? new MediaFiles(media.dataDir), media.limits);
  const { maxBytes } = media.limits;
  await app.register(multipart, {
    limits: { fileSize: maxBytes, files: 1, fields: 10, fieldSize: 4096, parts: 12, headerPairs: 50 },
  });
  const script = registerMediaLibraryScript(app);

  const signedIn = { preHandler: requireSignedInOrJson };
  const uploadLimit = media.uploadLimit ?? MEDIA_UPLOAD_LIMIT;
  const uploadsPerUser = app.createRateLimit({
    max: uploadLimit.max,
    timeWindow: uploadLimit.windowMs,
    keyGenerator: (request) => `media-upload:${(request as SignedInRequest).user.id}`,
  });

  async function sendLibrary(
    request: SignedInRequest,
    reply: FastifyReply,
    extra: { error?: string; done?: string } = {},
    status = 200,
  ) {
    const { query, page } = listQuery(request);
    const result = await store.media.list({ query, page, perPage: MEDIA_PER_PAGE });
    const pages = Math.max(1, Math.ceil(result.total / MEDIA_PER_PAGE));
    return sendNewsroomPage(
      reply,
      context,
      { title: 'مكتبة الصور', user: request.user, current: 'media' },
      (csrfToken) => (
        <MediaLibraryPage
          model={{
            items: result.items,
            total: result.total,
            query,
            page,
            pages,
            csrfToken,
            maxBytes,
            timeZone: context.timeZone,
            script,
            scriptNonce: scriptNonce(reply),
            ...extra,
          }}
        />
      ),
      status,
    );
  }

  app.get('/media', signedIn, async (request, reply) => {
    const done = DONE[String((request.query as Record<string, unknown>).done)];
    return sendLibrary(request as SignedInRequest, reply, done ? { done } : {});
  });

  app.get('/media.json', signedIn, async (request, reply) => {
    const { query, page } = listQuery(request);
    const result = await store.media.list({ query, page, perPage: MEDIA_PER_PAGE });
    return reply.header('cache-control', 'no-store').send({
      items: result.items.map(mediaJson),
      total: result.total,
      page,
      pages: Math.max(1, Math.ceil(result.total / MEDIA_PER_PAGE)),
      perPage: MEDIA_PER_PAGE,
    });
  });

  app.post(
    '/media',
    {
      config: { csrfInMultipart: true },
      // A declared size past the limit is refused before a byte of the body is read.
      onRequest: async (request) => {
        const declared = Number(request.headers['content-length']);
        if (declared > maxBytes + MULTIPART_OVERHEAD) throw MEDIA_ERRORS.fileTooLarge(maxBytes);
      },
      preHandler: requireSignedInOrJson,
    },
    async (request, reply) => {
      const user = (request as SignedInRequest).user;
      authorize({ id: user.id, role: user.role }, 'media.upload');
      let result: { media: MediaEntry; created: boolean };
      try {
        // Counted per user before a byte of the file is read.
        const allowance = await uploadsPerUser(request);
        if (!allowance.isAllowed && allowance.isExceeded) {
          reply.header('retry-after', String(allowance.ttlInSeconds));
          throw MEDIA_ERRORS.tooManyUploads(allowance.ttlInSeconds);
        }
        const { file, fields } = await readUpload(app, request, reply, maxBytes);
        result = await uploads.upload({
          bytes: file.bytes,
          originalName: file.name,
          uploadedBy: user.id,
          text: { alt: fields.alt ?? '', caption: fields.caption ?? null, credit: fields.credit ?? null },
        });
      } catch (error) {
        closeAfterAnswer(request, reply);
        if (error instanceof MediaError && !wantsJson(request)) {
          return sendLibrary(request as SignedInRequest, reply, { error: error.messageAr }, error.status);
        }
        throw error;
      }
      if (wantsJson(request)) {
        return reply.code(result.created ? 201 : 200).send({ ...mediaJson(result.media), created: result.created });
      }
      return reply.redirect(`/newsroom/media/${result.media.id}?done=${result.created ? 'uploaded' : 'existing'}`, 303);
    },
  );

  app.get('/media/:id', signedIn, async (request, reply) => {
    const entry = await findEntry(request);
    if (wantsJson(request)) return reply.send(mediaJson(entry));
    const done = DONE[String((request.query as Record<string, unknown>).done)];
    return sendMediaPage(request as SignedInRequest, reply, entry, done ? { done } : {});
  });

  app.post('/media/:id', signedIn, async (request, reply) => {
    const user = (request as SignedInRequest).user;
    authorize({ id: user.id, role: user.role }, 'media.edit');
    const entry = await findEntry(request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const text = (name: string) => (typeof body[name] === 'string' ? (body[name] as string) : '');
    let updated: MediaEntry | undefined;
    try {
      updated = await store.media.updateText(
        entry.id,
        checkMediaText({ alt: text('alt'), caption: text('caption'), credit: text('credit') }),
      );
    } catch (error) {
      if (error instanceof MediaError && !wantsJson(request)) {
        return sendMediaPage(request as SignedInRequest, reply, entry, { error: error.messageAr }, error.status);
      }
      throw error;
    }
    if (!updated) throw mediaNotFound();
    if (wantsJson(request)) return reply.send(mediaJson(updated));
    return reply.redirect(`/newsroom/media/${updated.id}?done=saved`, 303);
  });

  async function findEntry(request: FastifyRequest): Promise<MediaEntry> {
    const id = idParam(request.params);
    const entry = id === undefined ? undefined : await store.media.findById(id);
    if (!entry) throw mediaNotFound();
    return entry;
  }

  function sendMediaPage(
    request: SignedInRequest,
    reply: FastifyReply,
    entry: MediaEntry,
    extra: { error?: string; done?: string },
    status = 200,
  ) {
    return sendNewsroomPage(
      reply,
      context,
      { title: entry.alt || 'صورة', user: request.user, current: 'media' },
      (csrfToken) => (
        <MediaPage
          model={{
            entry,
            csrfToken,
            timeZone: context.timeZone,
            siteUrl: context.siteUrl,
            limits: TEXT_LIMITS,
            ...extra,
          }}
        />
      ),
      status,
    );
  }
}

function mediaNotFound(): NewsroomHttpError {
  return new NewsroomHttpError(404, 'media_not_found', 'There is no such image.', 'هذه الصورة غير موجودة في المكتبة.');
}

/** Like requireSignedIn, but a JSON caller gets 401 with a code instead of the sign-in page. */
async function requireSignedInOrJson(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (request.user) return;
  if (!wantsJson(request)) return requireSignedIn(request, reply);
  closeAfterAnswer(request, reply);
  throw request.sessionEnded
    ? new NewsroomHttpError(
        401,
        'session_expired',
        'Your session has ended: sign in again.',
        'انتهت جلستك في غرفة الأخبار. سجّل الدخول من جديد ثم أعد المحاولة؛ لم يُحفظ شيء من هذا الطلب.',
      )
    : new NewsroomHttpError(401, 'not_signed_in', 'Sign in first.', 'سجّل الدخول إلى غرفة الأخبار أولا.');
}

function listQuery(request: FastifyRequest): { query: string; page: number } {
  const raw = request.query as Record<string, unknown>;
  const query = typeof raw.q === 'string' ? raw.q.slice(0, 200) : '';
  const pageText = typeof raw.page === 'string' ? raw.page : '1';
  const page = /^[1-9]\d{0,5}$/.test(pageText) ? Number(pageText) : 1;
  return { query, page };
}

/**
 * Reads the multipart body: fields before the file (the form token first), then the file,
 * at most `maxBytes` of it (@fastify/multipart stops reading there and throws), then any
 * fields after it. The form token is checked before the file is read.
 */
async function readUpload(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  maxBytes: number,
): Promise<{ file: { bytes: Buffer; name: string }; fields: Record<string, string> }> {
  if (!request.isMultipart()) {
    await checkCsrf(app, request, reply, undefined);
    throw MEDIA_ERRORS.fileMissing();
  }
  const fields: Record<string, string> = {};
  let file: { bytes: Buffer; name: string } | undefined;
  let checked = false;
  for await (const part of request.parts()) {
    if (part.type === 'field') {
      if (typeof part.value === 'string') fields[part.fieldname] = part.value;
      continue;
    }
    if (!checked) {
      await checkCsrf(app, request, reply, fields._csrf);
      checked = true;
    }
    if (part.fieldname !== 'file' || file) {
      part.file.resume();
      continue;
    }
    file = { bytes: await readLimited(part.file, maxBytes), name: part.filename };
  }
  if (!checked) await checkCsrf(app, request, reply, fields._csrf);
  if (!file || file.bytes.length === 0) {
    throw MEDIA_ERRORS.fileMissing();
  }
  return { file, fields };
}

/**
 * The file's bytes, refused the moment they pass `maxBytes`: busboy would otherwise read (and
 * drop) the rest of the part before ending the stream, all 2 GB of it. Destroying the stream
 * stops the parsing; the answer then closes the connection (closeAfterAnswer).
 */
function readLimited(file: Readable & { truncated?: boolean }, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const refuse = () => {
      chunks.length = 0;
      file.destroy();
      reject(MEDIA_ERRORS.fileTooLarge(maxBytes));
    };
    // The limit may have been reached while the part waited for this reader (its 'limit' event gone).
    if (file.truncated) return refuse();
    file.on('data', (chunk: Buffer) => {
      if (file.truncated) return refuse();
      chunks.push(chunk);
    });
    file.once('limit', refuse);
    file.once('end', () => (file.truncated ? refuse() : resolve(Buffer.concat(chunks))));
    file.once('error', reject);
  });
}

/** The form token of a multipart request (a field, or the X-CSRF-Token header), checked as every other POST's. */
function checkCsrf(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  fieldToken: string | undefined,
): Promise<void> {
  if (fieldToken !== undefined) request.body = { _csrf: fieldToken };
  return new Promise((resolve, reject) => {
    // @fastify/csrf-protection answers a bad token with reply.send(error): taken here as a rejection.
    const refusing = { send: (error: Error) => reject(error) } as unknown as FastifyReply;
    app.csrfProtection(request, Object.assign(Object.create(reply), refusing), () => resolve());
  });
}
