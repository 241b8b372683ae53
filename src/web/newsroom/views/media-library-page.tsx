import { megabytes } from '../../../media/media-error.ts';
import { mediaSrcset, mediaUrlAtLeast } from '../../../media/media-urls.ts';
import type { MediaEntry } from '../../../store/media.ts';
import { BidiText } from '../../bidi-text.tsx';
import { CsrfField } from './csrf-field.tsx';
import { NewsroomTime } from './newsroom-time.tsx';
import { Notice } from './notice.tsx';
import { arabicCount, NumberedPager } from './numbered-pager.tsx';

export interface MediaLibraryModel {
  items: MediaEntry[];
  total: number;
  query: string;
  page: number;
  pages: number;
  csrfToken: string;
  maxBytes: number;
  timeZone: string;
  /** URL of media-library.js. */
  script: string;
  /** The response's script nonce (security-headers.ts), which the script element must carry to run. */
  scriptNonce: string;
  error?: string | undefined;
  done?: string | undefined;
}

const ACCEPT = 'image/jpeg,image/png,image/webp,image/gif,image/avif';

/** The library: the upload form (a drop zone with the script), search, the images newest first, pages. */
export function MediaLibraryPage({ model }: { model: MediaLibraryModel }) {
  const pageLink = (page: number) => {
    const params = new URLSearchParams();
    if (model.query) params.set('q', model.query);
    if (page > 1) params.set('page', String(page));
    const search = params.toString();
    return search ? `/newsroom/media?${search}` : '/newsroom/media';
  };
  return (
    <>
      <section class="panel" aria-labelledby="media-title">
        <h1 id="media-title">مكتبة الصور</h1>
        <Notice kind="done">{model.done}</Notice>
        <Notice kind="error">{model.error}</Notice>
        <form
          class="media-upload"
          method="post"
          action="/newsroom/media"
          enctype="multipart/form-data"
          data-max-bytes={String(model.maxBytes)}
        >
          <CsrfField token={model.csrfToken} />
          <div class="media-upload__zone" data-drop-zone>
            <p>
              <strong>اسحب الصور وأفلتها هنا</strong> أو اخترها من جهازك.
            </p>
            <label>
              الصورة
              <input type="file" name="file" accept={ACCEPT} required />
            </label>
            <p class="hint">
              JPEG أو PNG أو WebP أو GIF أو AVIF، حتى {megabytes(model.maxBytes)} ميغابايت للصورة. تُزال بيانات الكاميرا
              والموقع الجغرافي (EXIF) من كل صورة.
            </p>
          </div>
          <div class="media-upload__fields">
            <label>
              النص البديل (لمن لا يرى الصورة)
              <input type="text" name="alt" maxLength={500} dir="auto" />
            </label>
            <label>
              التعليق
              <input type="text" name="caption" maxLength={1000} dir="auto" />
            </label>
            <label>
              حقوق الصورة
              <input type="text" name="credit" maxLength={200} dir="auto" />
            </label>
          </div>
          <button type="submit">رفع</button>
          <ul class="media-upload__status" aria-live="polite" data-upload-status />
        </form>
      </section>
      <section class="panel" aria-labelledby="media-list-title">
        <h2 id="media-list-title">الصور</h2>
        <form class="form--inline media-search" method="get" action="/newsroom/media">
          <label>
            بحث في النص البديل والتعليق والحقوق واسم الملف
            <input type="search" name="q" value={model.query} dir="auto" />
          </label>
          <button type="submit">بحث</button>
        </form>
        <p class="hint" data-media-count data-total={String(model.total)}>
          {model.total === 0
            ? model.query
              ? 'لا توجد صورة تطابق هذا البحث.'
              : 'لا توجد صور في المكتبة بعد.'
            : `${arabicCount.format(model.total)} ${model.total === 1 ? 'صورة' : 'صور'}`}
        </p>
        <ul class="media-grid" data-media-grid>
          {model.items.map((item) => (
            <li key={item.id} class="media-card">
              <a href={`/newsroom/media/${item.id}`}>
                <img
                  src={mediaUrlAtLeast(item, 320)}
                  srcset={mediaSrcset(item, 'jpeg') || undefined}
                  sizes="(min-width: 40rem) 12rem, 45vw"
                  width={item.width ?? undefined}
                  height={item.height ?? undefined}
                  alt={item.alt}
                  loading="lazy"
                  decoding="async"
                />
              </a>
              <p>{item.alt ? <BidiText text={item.alt} /> : <span class="media-card__missing">بلا نص بديل</span>}</p>
              <small>
                {item.originalName && (
                  <>
                    <bdi>{item.originalName}</bdi> ·{' '}
                  </>
                )}
                {item.width && item.height && (
                  <>
                    <bdi>
                      {item.width}×{item.height}
                    </bdi>{' '}
                    ·{' '}
                  </>
                )}
                <NewsroomTime date={item.createdAt} timeZone={model.timeZone} />
              </small>
            </li>
          ))}
        </ul>
        <NumberedPager
          class="pages"
          page={model.page}
          pages={model.pages}
          pathFor={pageLink}
          label="صفحات المكتبة"
          previous="الصفحة السابقة"
          next="الصفحة التالية"
        />
      </section>
      <script src={model.script} defer nonce={model.scriptNonce} />
    </>
  );
}
