import type { FastifyReply } from 'fastify';

/**
 * The JSON API's one error format: a stable code for programs, and the message in Arabic
 * and English for people.
 * { "error": { "code": "unknown_section", "message": "There is no section…", "messageAr": "لا يوجد قسم…" } }
 */
export interface ApiError {
  code: string;
  en: string;
  ar: string;
}

export function sendApiError(reply: FastifyReply, status: number, error: ApiError): FastifyReply {
  return reply
    .code(status)
    .header('cache-control', 'no-store')
    .send({ error: { code: error.code, message: error.en, messageAr: error.ar } });
}

export const API_ERRORS = {
  notFound: { code: 'not_found', en: 'No such API endpoint.', ar: 'لا توجد نقطة وصول بهذا العنوان.' },
  badRequest: { code: 'bad_request', en: 'The request is malformed.', ar: 'الطلب غير صالح.' },
  rateLimited: {
    code: 'rate_limited',
    en: 'Too many requests: wait a moment and try again.',
    ar: 'طلبات كثيرة جدا: انتظر قليلا ثم أعد المحاولة.',
  },
  internal: { code: 'internal_error', en: 'Something went wrong on our side.', ar: 'حدث خطأ من جهتنا.' },
} satisfies Record<string, ApiError>;
