import { Ajv, type ErrorObject } from 'ajv';
import type { FastifyInstance, FastifySchema } from 'fastify';
import { compiledOnFirstUse } from '../lazy-schema-compilers.ts';
import type { ApiError } from './api-error.ts';
import { SHARED_SCHEMAS } from './api-schemas.ts';

/**
 * Request checking for the API, from the routes' JSON schemas (the same schemas the OpenAPI
 * document is made of). Unlike Fastify's defaults, unknown fields are refused, not dropped,
 * and bodies are taken as sent: a number where text is expected is an error, not text. Query
 * strings and paths are text by nature, so their numbers are read from it.
 */
export function useApiValidation(app: FastifyInstance): void {
  // Formats are documentation only: the patterns of the schemas do the checking.
  const common = {
    removeAdditional: false,
    useDefaults: true,
    allErrors: false,
    strict: false,
    validateFormats: false,
    schemas: SHARED_SCHEMAS as unknown as object[],
  } as const;
  // Made, and each route's validator compiled, on first use (lazy-schema-compilers.ts).
  const ajvs = new Map<'text' | 'sent', Ajv>();
  const ajvFor = (part: 'text' | 'sent') => {
    let ajv = ajvs.get(part);
    if (!ajv) {
      ajv = new Ajv({ ...common, coerceTypes: part === 'sent' ? false : 'array' });
      ajvs.set(part, ajv);
    }
    return ajv;
  };
  app.setValidatorCompiler(({ schema, httpPart }) =>
    compiledOnFirstUse(() => ajvFor(httpPart === 'body' ? 'sent' : 'text').compile(schema as FastifySchema & object)),
  );
}

/** The first problem Ajv found, as the API's error: a stable code, the field, and why. */
export function validationError(errors: readonly ErrorObject[], context: string | undefined): ApiError {
  const error = errors[0];
  if (!error) return { code: 'invalid_request', en: 'The request is not valid.', ar: 'الطلب غير صالح.' };
  const path = error.instancePath
    .split('/')
    .filter(Boolean)
    .map((part) => (/^\d+$/.test(part) ? `[${part}]` : `.${part}`))
    .join('')
    .replace(/^\./, '');
  const params = error.params as Record<string, unknown>;
  const child = (name: unknown) => (path ? `${path}.${String(name)}` : String(name));
  const where = context === 'querystring' ? 'parameter' : context === 'params' ? 'path segment' : 'field';
  const whereAr = context === 'querystring' ? 'المعامل' : context === 'params' ? 'جزء العنوان' : 'الحقل';
  if (context === 'querystring' || context === 'params') {
    // Query strings and paths: one code for an unknown parameter, one for a bad value (as the search API always said).
    const field = error.keyword === 'additionalProperties' ? String(params.additionalProperty) : path;
    if (error.keyword === 'additionalProperties') {
      return {
        code: 'unknown_parameter',
        field,
        en: `Unknown ${where} "${field}".`,
        ar: `${whereAr} «${field}» غير معروف.`,
      };
    }
    const rule = describeRule(error);
    return {
      code: 'bad_parameter',
      field,
      en: `The ${where} "${field}" is repeated or malformed${rule.en}.`,
      ar: `${whereAr} «${field}» مكرر أو غير صالح${rule.ar}.`,
    };
  }
  switch (error.keyword) {
    case 'additionalProperties': {
      const field = child(params.additionalProperty);
      return {
        code: 'unknown_field',
        field,
        en: `Unknown ${where} "${field}".`,
        ar: `${whereAr} «${field}» غير معروف.`,
      };
    }
    case 'required': {
      const field = child(params.missingProperty);
      return { code: 'missing_field', field, en: `"${field}" is required.`, ar: `«${field}» مطلوب.` };
    }
    case 'type': {
      const expected = String(params.type);
      if (path === '') {
        return {
          code: 'wrong_type',
          en: `The body must be one JSON ${expected}.`,
          ar: `نص الطلب يجب أن يكون ${TYPE_NAMES[expected] ?? expected} JSON واحدا.`,
        };
      }
      return {
        code: 'wrong_type',
        field: path,
        en: `"${path}" must be ${expected}.`,
        ar: `«${path}» من نوع غير صحيح (المطلوب: ${TYPE_NAMES[expected] ?? expected}).`,
      };
    }
    case 'maxItems':
      return {
        code: 'too_many_items',
        field: path,
        en: `"${path}" has more than ${String(params.limit)} items.`,
        ar: `«${path}» فيه أكثر من ${String(params.limit)} عنصر.`,
      };
    case 'maxLength':
      return {
        code: 'too_long',
        field: path,
        en: `"${path}" is longer than ${String(params.limit)} characters.`,
        ar: `«${path}» أطول من ${String(params.limit)} حرف.`,
      };
    case 'minLength':
      return {
        code: 'too_short',
        field: path,
        en: `"${path}" is empty or too short.`,
        ar: `«${path}» فارغ أو قصير جدا.`,
      };
    case 'enum':
      return {
        code: 'invalid_value',
        field: path,
        en: `"${path}" must be one of: ${(params.allowedValues as unknown[]).join(', ')}.`,
        ar: `قيمة «${path}» غير مقبولة؛ القيم الممكنة: ${(params.allowedValues as unknown[]).join('، ')}.`,
      };
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return {
        code: 'out_of_range',
        field: path,
        en: `"${path}" must be ${String(params.comparison)} ${String(params.limit)}.`,
        ar: `«${path}» خارج الحدود المسموح بها (${String(params.comparison)} ${String(params.limit)}).`,
      };
    case 'pattern':
    case 'format':
      return {
        code: 'invalid_format',
        field: path,
        en: `"${path}" is not in the expected form.`,
        ar: `صيغة «${path}» غير صحيحة.`,
      };
    default:
      return {
        code: 'invalid_request',
        field: path || undefined,
        en: `${path ? `"${path}" ` : ''}${error.message ?? 'is not valid'}.`,
        ar: path ? `«${path}» غير صالح.` : 'الطلب غير صالح.',
      };
  }
}

/** What the value should have been, for a parameter's message. */
function describeRule(error: ErrorObject): { en: string; ar: string } {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'minimum':
    case 'maximum':
      return {
        en: `: it must be ${String(params.comparison)} ${String(params.limit)}`,
        ar: ` (${String(params.comparison)} ${String(params.limit)})`,
      };
    case 'type':
      return { en: `: it must be one ${String(params.type)}`, ar: '' };
    case 'maxLength':
      return { en: `: at most ${String(params.limit)} characters`, ar: ` (${String(params.limit)} حرف على الأكثر)` };
    default:
      return { en: '', ar: '' };
  }
}

const TYPE_NAMES: Record<string, string> = {
  string: 'نص',
  integer: 'عدد صحيح',
  number: 'عدد',
  boolean: 'قيمة منطقية',
  array: 'قائمة',
  object: 'كائن',
  null: 'لا شيء',
};
