import type { FastifyReply } from 'fastify';

/**
 * The JSON API's one error format: a stable code for programs, the message in English and
 * Arabic for people, and the field at fault when there is one.
 * { "error": { "code": "unknown_section", "message": "There is no section…", "messageAr": "لا يوجد قسم…", "field": "section" } }
 * Some errors carry more (a revision conflict: the current revision); they add it beside `code`.
 */
export interface ApiError {
  code: string;
  en: string;
  ar: string;
  field?: string | undefined;
  /** More about the error, for programs (kept beside `code`). */
  details?: Record<string, unknown> | undefined;
}

export function sendApiError(reply: FastifyReply, status: number, error: ApiError): FastifyReply {
  return reply
    .code(status)
    .header('cache-control', 'no-store')
    .type('application/json; charset=utf-8')
    .send({
      error: {
        code: error.code,
        message: error.en,
        messageAr: error.ar,
        ...(error.field ? { field: error.field } : {}),
        ...error.details,
      },
    });
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
  invalidJson: {
    code: 'invalid_json',
    en: 'The body is not valid JSON.',
    ar: 'نص الطلب ليس JSON صالحا.',
  },
  bodyTooLarge: {
    code: 'body_too_large',
    en: 'The body is too large.',
    ar: 'نص الطلب أكبر من المسموح به.',
  },
  unsupportedMediaType: {
    code: 'unsupported_media_type',
    en: 'Send the body as application/json.',
    ar: 'أرسل نص الطلب بصيغة application/json.',
  },
  tokenRequired: {
    code: 'token_required',
    en: 'This endpoint needs an admin token: Authorization: Bearer <token>.',
    ar: 'تتطلب نقطة الوصول هذه مفتاح إدارة في الترويسة Authorization: Bearer.',
  },
  invalidToken: {
    code: 'invalid_token',
    en: 'The token is not known.',
    ar: 'هذا المفتاح غير معروف.',
  },
  tokenRevoked: {
    code: 'token_revoked',
    en: 'The token was revoked.',
    ar: 'أُلغي هذا المفتاح.',
  },
  accountDisabled: {
    code: 'account_disabled',
    en: 'The account this token belongs to is disabled.',
    ar: 'الحساب الذي يتبعه هذا المفتاح معطل.',
  },
  creatorDisabled: {
    code: 'token_creator_disabled',
    en: 'The person who made this token is disabled: their tokens stopped working with them.',
    ar: 'عُطّل حساب من أصدر هذا المفتاح، فتوقف المفتاح معه.',
  },
  adminTokenInApiKey: {
    code: 'admin_token_in_api_key',
    en: 'X-Api-Key takes content keys only: send an admin token as Authorization: Bearer <token>.',
    ar: 'الترويسة X-Api-Key لمفاتيح القراءة فقط: أرسل مفتاح الإدارة في الترويسة Authorization: Bearer.',
  },
  adminTokenRequired: {
    code: 'admin_token_required',
    en: 'A content key reads only: writing needs an admin token.',
    ar: 'مفتاح القراءة لا يسمح بالكتابة: استعمل مفتاح إدارة.',
  },
  articleNotFound: {
    code: 'article_not_found',
    en: 'There is no published article with this id.',
    ar: 'لا يوجد مقال منشور بهذا الرقم.',
  },
  entityNotFound: {
    code: 'entity_not_found',
    en: 'There is no entity with this id in the published articles.',
    ar: 'لا يوجد كيان بهذا الرقم في المقالات المنشورة.',
  },
  invalidCursor: {
    code: 'invalid_cursor',
    en: 'The cursor is not one this API gave: start again without it.',
    ar: 'المؤشر غير صالح: ابدأ من جديد من غير المعامل cursor.',
    field: 'cursor',
  },
} satisfies Record<string, ApiError>;
