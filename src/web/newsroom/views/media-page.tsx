import { mediaSrcset, mediaUrlAtLeast } from '../../../media/media-urls.ts';
import type { MediaEntry } from '../../../store/media.ts';
import { mediaPath, mediaUrl } from '../../site/urls.ts';
import { CsrfField } from './csrf-field.tsx';
import { NewsroomTime } from './newsroom-time.tsx';
import { Notice } from './notice.tsx';

export interface MediaPageModel {
  entry: MediaEntry;
  csrfToken: string;
  timeZone: string;
  siteUrl: string;
  limits: { alt: number; caption: number; credit: number };
  error?: string | undefined;
  done?: string | undefined;
}

/** One image: its preview, what the library knows of it, and the form for its alt text, caption and credit. */
export function MediaPage({ model }: { model: MediaPageModel }) {
  const { entry } = model;
  return (
    <section class="panel" aria-labelledby="media-image-title">
      <p>
        <a href="/newsroom/media">→ مكتبة الصور</a>
      </p>
      <h1 id="media-image-title">صورة من المكتبة</h1>
      <Notice kind="done">{model.done}</Notice>
      <Notice kind="error">{model.error}</Notice>
      <div class="media-detail">
        <img
          class="media-detail__image"
          src={mediaUrlAtLeast(entry, 960)}
          srcset={mediaSrcset(entry, 'jpeg') || undefined}
          sizes="(min-width: 60rem) 30rem, 90vw"
          width={entry.width ?? undefined}
          height={entry.height ?? undefined}
          alt={entry.alt}
        />
        <form class="form" method="post" action={`/newsroom/media/${entry.id}`}>
          <CsrfField token={model.csrfToken} />
          <label>
            النص البديل: ما تُظهره الصورة لمن لا يراها
            <textarea name="alt" rows={3} maxLength={model.limits.alt} dir="auto">
              {entry.alt}
            </textarea>
          </label>
          <label>
            التعليق
            <textarea name="caption" rows={2} maxLength={model.limits.caption} dir="auto">
              {entry.caption ?? ''}
            </textarea>
          </label>
          <label>
            حقوق الصورة
            <input type="text" name="credit" value={entry.credit ?? ''} maxLength={model.limits.credit} dir="auto" />
          </label>
          <button type="submit">حفظ</button>
        </form>
      </div>
      <dl class="facts">
        <dt>اسم الملف عند الرفع</dt>
        <dd>
          <bdi>{entry.originalName ?? '—'}</bdi>
        </dd>
        <dt>الأبعاد</dt>
        <dd>
          <bdi>
            {entry.width}×{entry.height}
          </bdi>
        </dd>
        <dt>المقاسات المحفوظة (WebP وJPEG)</dt>
        <dd>
          <bdi>{entry.variantWidths.join('، ') || '—'}</bdi>
        </dd>
        <dt>رُفعت في</dt>
        <dd>
          <NewsroomTime date={entry.createdAt} timeZone={model.timeZone} />
        </dd>
        <dt>الرابط</dt>
        <dd>
          <a href={mediaPath(entry)} dir="ltr">
            {mediaUrl(model.siteUrl, entry)}
          </a>
        </dd>
      </dl>
    </section>
  );
}
