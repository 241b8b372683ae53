import { useEffect, useState } from 'preact/hooks';
import { type EditorApi, EditorRequestError } from './editor-api.ts';

/**
 * The featured image's chooser: the chosen image's thumbnail, a search of the media library
 * (GET /newsroom/media.json) to pick from, and an upload (POST /newsroom/media, the same
 * route the library page uses) that picks what it uploaded. What comes back is the image's
 * library id; its alt text, caption and credit fill the article's fields where those are empty
 * or still hold the text of the image chosen before.
 */

/** An image as the newsroom's media JSON gives it (src/web/newsroom/media-json.ts). */
export interface LibraryImage {
  id: number;
  url: string;
  thumbnail: string;
  alt: string;
  caption: string | null;
  credit: string | null;
  width: number | null;
  height: number | null;
}

interface LibraryPage {
  items: LibraryImage[];
  page: number;
  pages: number;
  total: number;
}

export function ImagePicker({
  mediaId,
  disabled,
  api,
  csrfToken,
  onPick,
}: {
  mediaId: number | null;
  disabled: boolean;
  api: EditorApi;
  csrfToken: string;
  /** `previous`: the image chosen before, whose library text the article's fields may still hold. */
  onPick: (image: LibraryImage | null, previous: LibraryImage | null) => void;
}) {
  const [chosen, setChosen] = useState<LibraryImage | null>(null);
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState('');
  const [page, setPage] = useState<LibraryPage | null>(null);
  const [message, setMessage] = useState('');
  const [uploading, setUploading] = useState(false);

  // The chosen image's thumbnail, whenever the id changes (typed, picked or restored).
  useEffect(() => {
    if (mediaId === null || !Number.isInteger(mediaId)) {
      setChosen(null);
      return;
    }
    if (chosen?.id === mediaId) return;
    let current = true;
    api
      .get<LibraryImage>(`/newsroom/media/${mediaId}`)
      .then((image) => current && setChosen(image))
      .catch(() => current && setChosen(null));
    return () => {
      current = false;
    };
  }, [mediaId]);

  // The library's newest images, or those the search finds, while the chooser is open.
  useEffect(() => {
    if (!open) return;
    let current = true;
    const timer = setTimeout(() => {
      api
        .get<LibraryPage>(`/newsroom/media.json?q=${encodeURIComponent(query.trim())}&page=1`)
        .then((found) => {
          if (!current) return;
          setPage(found);
          setMessage(found.total === 0 ? 'لا صور تطابق هذا البحث.' : '');
        })
        .catch((error: unknown) => current && setMessage(refusal(error)));
    }, 250);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [open, query]);

  const pick = (image: LibraryImage | null) => {
    const previous = chosen;
    setChosen(image);
    setOpen(false);
    onPick(image, previous);
  };

  const upload = async (file: File) => {
    setUploading(true);
    setMessage('جارٍ رفع الصورة وإعداد مقاساتها…');
    try {
      const form = new FormData();
      form.append('file', file);
      const response = await fetch('/newsroom/media', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { accept: 'application/json', 'x-csrf-token': csrfToken },
        body: form,
      });
      const json = (await response.json().catch(() => null)) as
        | (LibraryImage & { error?: { messageAr: string } })
        | null;
      if (!response.ok || !json || json.error) {
        setMessage(json?.error?.messageAr ?? 'تعذر رفع الصورة.');
        return;
      }
      setMessage('');
      pick(json);
    } catch {
      setMessage('تعذر الاتصال بغرفة الأخبار: لم تُرفع الصورة.');
    } finally {
      setUploading(false);
    }
  };

  return (
    <div class="image-picker">
      {chosen ? (
        <figure class="image-picker__chosen">
          <img src={chosen.thumbnail} alt={chosen.alt} width={160} />
          <figcaption>{chosen.caption ?? chosen.alt}</figcaption>
        </figure>
      ) : (
        <p class="image-picker__none">لا صورة رئيسية.</p>
      )}
      <div class="image-picker__actions">
        <button type="button" class="secondary" disabled={disabled} onClick={() => setOpen(!open)}>
          {open ? 'إغلاق المكتبة' : 'اختيار من مكتبة الصور'}
        </button>
        <label class={`button secondary${disabled || uploading ? ' is-disabled' : ''}`}>
          رفع صورة
          <input
            type="file"
            accept="image/jpeg,image/png,image/webp,image/gif,image/avif"
            class="visually-hidden"
            disabled={disabled || uploading}
            onChange={(e) => {
              const file = e.currentTarget.files?.[0];
              e.currentTarget.value = '';
              if (file) void upload(file);
            }}
          />
        </label>
        {chosen && (
          <button type="button" class="secondary" disabled={disabled} onClick={() => pick(null)}>
            إزالة الصورة
          </button>
        )}
      </div>
      {message && (
        <p class="image-picker__message" role="status">
          {message}
        </p>
      )}
      {open && (
        <div class="image-picker__library">
          <input
            type="search"
            placeholder="ابحث في الوصف أو التعليق أو المصدر"
            value={query}
            onInput={(e) => setQuery(e.currentTarget.value)}
          />
          <ul class="image-picker__grid">
            {page?.items.map((image) => (
              <li key={image.id}>
                <button type="button" onClick={() => pick(image)} aria-label={`اختيار: ${image.alt || image.id}`}>
                  <img src={image.thumbnail} alt="" loading="lazy" />
                  <span>{image.alt || image.caption || `#${image.id}`}</span>
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

function refusal(error: unknown): string {
  return error instanceof EditorRequestError ? error.message : 'تعذر فتح مكتبة الصور.';
}
