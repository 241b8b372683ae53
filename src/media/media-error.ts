/**
 * An upload or a media edit was refused: a stable code for programs, the reason in English
 * and in Arabic for people, and the HTTP status. The newsroom answers the JSON endpoints with
 * `{ error: { code, message, messageAr } }` and its pages with the Arabic message.
 */
export class MediaError extends Error {
  constructor(
    readonly code: MediaErrorCode,
    message: string,
    readonly messageAr: string,
    readonly status: 400 | 404 | 413 | 415 | 422 | 429 | 503,
  ) {
    super(message);
    this.name = 'MediaError';
  }
}

export type MediaErrorCode =
  | 'file_missing'
  | 'file_too_large'
  | 'not_an_image'
  | 'svg_refused'
  | 'unsupported_image_type'
  | 'too_many_pixels'
  | 'too_many_uploads'
  | 'image_damaged'
  | 'media_not_found'
  | 'field_too_long'
  | 'storage_unavailable';

/** Megabytes as a newsroom reads them: "20", "2.5". */
export function megabytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return Number.isInteger(mb) ? String(mb) : mb.toFixed(1);
}

export const MEDIA_ERRORS = {
  fileMissing: () =>
    new MediaError('file_missing', 'No file was sent.', 'لم يصل أي ملف. اختر صورة ثم أعد المحاولة.', 400),
  fileTooLarge: (maxBytes: number) =>
    new MediaError(
      'file_too_large',
      `The file is larger than ${megabytes(maxBytes)} MB.`,
      `حجم الملف أكبر من الحد المسموح به (${megabytes(maxBytes)} ميغابايت). صغّر الصورة أو اضغطها ثم أعد رفعها.`,
      413,
    ),
  notAnImage: () =>
    new MediaError(
      'not_an_image',
      'This file is not an image (its content is not JPEG, PNG, WebP, GIF or AVIF, whatever its name says).',
      'هذا الملف ليس صورة: محتواه ليس JPEG ولا PNG ولا WebP ولا GIF ولا AVIF، مهما كان امتداد اسمه.',
      415,
    ),
  svg: (hasScript: boolean) =>
    new MediaError(
      'svg_refused',
      hasScript
        ? 'SVG files are refused: this one contains a script, which could run on the site.'
        : 'SVG files are refused: they can carry scripts. Export the image as PNG or JPEG.',
      hasScript
        ? 'رُفض الملف: صور SVG غير مقبولة، وهذا الملف يحتوي على شيفرة (سكربت) قد تُنفَّذ في متصفح القارئ. صدّر الصورة بصيغة PNG أو JPEG.'
        : 'صور SVG غير مقبولة لأنها قد تحمل شيفرة تُنفَّذ في متصفح القارئ. صدّر الصورة بصيغة PNG أو JPEG.',
      415,
    ),
  unsupported: (format: string) =>
    new MediaError(
      'unsupported_image_type',
      `${format} images are not accepted: use JPEG, PNG, WebP, GIF or AVIF.`,
      `صيغة ${format} غير مقبولة. استعمل JPEG أو PNG أو WebP أو GIF أو AVIF.`,
      415,
    ),
  tooManyPixels: (maxPixels: number, width?: number, height?: number) =>
    new MediaError(
      'too_many_pixels',
      `The image has more than ${Math.round(maxPixels / 1e6)} million pixels${width && height ? ` (${width}×${height})` : ''}.`,
      `أبعاد الصورة أكبر من الحد المسموح به (${Math.round(maxPixels / 1e6)} مليون بكسل)${width && height ? `: ${width}×${height}` : ''}. صغّر أبعادها ثم أعد رفعها.`,
      422,
    ),
  emptyCanvas: (width: number, height: number, bytes: number) =>
    new MediaError(
      'too_many_pixels',
      `The image declares ${width}×${height} pixels in ${bytes} bytes: a canvas that large in so small a file is refused.`,
      `أبعاد الصورة (${width}×${height}) كبيرة جدا بالنسبة إلى حجم ملفها (${Math.ceil(bytes / 1024)} كيلوبايت)، فرُفضت قبل معالجتها. صدّرها من جديد بأبعاد أصغر.`,
      422,
    ),
  tooManyUploads: (seconds: number) =>
    new MediaError(
      'too_many_uploads',
      `Too many uploads: wait ${seconds} seconds and try again.`,
      `رفعت صورا كثيرة في وقت قصير. انتظر ${Math.max(1, Math.ceil(seconds / 60))} دقيقة ثم أعد المحاولة.`,
      429,
    ),
  damaged: () =>
    new MediaError(
      'image_damaged',
      'The image is damaged or incomplete and cannot be read.',
      'الصورة تالفة أو ناقصة (ربما لم يكتمل تنزيلها) ولا يمكن قراءتها. أعد حفظها ثم ارفعها من جديد.',
      422,
    ),
  notFound: () =>
    new MediaError('media_not_found', 'There is no such image.', 'هذه الصورة غير موجودة في المكتبة.', 404),
  /** The image store (an S3 bucket) refused or did not answer: nothing was kept, the upload can be sent again. */
  storageUnavailable: (reason: string) =>
    new MediaError(
      'storage_unavailable',
      `The image store is unavailable (${reason}): nothing was saved; try again later.`,
      'تعذّر حفظ الصورة لأن مخزن الصور لا يستجيب الآن، ولم يُحفظ منها شيء. أعد المحاولة بعد قليل، وإن تكرر ذلك فأخبر المسؤول التقني.',
      503,
    ),
  fieldTooLong: (field: string, max: number) =>
    new MediaError(
      'field_too_long',
      `${field} is longer than ${max} characters.`,
      `${FIELD_NAMES[field] ?? field} أطول من ${max} حرفا.`,
      400,
    ),
};

const FIELD_NAMES: Record<string, string> = {
  alt: 'النص البديل',
  caption: 'التعليق',
  credit: 'حقوق الصورة',
};
