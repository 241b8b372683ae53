import { useEffect, useState } from 'preact/hooks';
import { type EditorApi, EditorRequestError } from './editor-api.ts';

/**
 * The media library in the editor: a search of the library (GET /newsroom/media.json) to pick
 * from, and an upload (POST /newsroom/media, the same route the library page uses) that picks
 * what it uploaded (LibraryChooser), for the featured image (ImagePicker: what comes back is the
 * image's library id; its alt text, caption and credit fill the article's fields where those are
 * empty or still hold the text of the image chosen before) and for body images (body-editor.tsx).
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

  const pick = (image: LibraryImage | null) => {
    const previous = chosen;
    setChosen(image);
    onPick(image, previous);
  };

  return (
    <LibraryChooser
      chosen={chosen}
      none="لا صورة رئيسية."
      disabled={disabled}
      api={api}
      csrfToken={csrfToken}
      onPick={pick}
      onRemove={() => pick(null)}
    />
  );
}

/**
 * The media library's chooser, for the featured image (ImagePicker) and for body images
 * (body-editor.tsx's image panel): the chosen image's thumbnail, a search of the library to pick
 * from, and an upload that picks what it uploaded. `onRemove`, when given, offers to drop the
 * chosen image.
 */
export function LibraryChooser({
  chosen,
  none,
  disabled,
  api,
  csrfToken,
  onPick,
  onRemove,
}: {
  chosen: LibraryImage | null;
  /** What shows while no image is chosen. */
  none: string;
  disabled: boolean;
  api: EditorApi;
  csrfToken: string;
  onPick: (image: LibraryImage) => void;
  onRemove?: () => void;
}) {
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState('');
  const [page, setPage] = useState<LibraryPage | null>(null);
  const [message, setMessage] = useState('');
  const [uploading, setUploading] = useState(false);

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

  const pick = (image: LibraryImage) => {
    setOpen(false);
    onPick(image);
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
        <p class="image-picker__none">{none}</p>
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
        {chosen && onRemove && (
          <button type="button" class="secondary" disabled={disabled} onClick={onRemove}>
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
            // Enter searches as typing does; it does not send the form around the chooser (the body's image panel).
            onKeyDown={(e) => e.key === 'Enter' && e.preventDefault()}
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

/**
 * The text a field takes when an image is picked: the library's, where the field is empty or
 * still holds the previous image's library text; otherwise what the journalist wrote stays.
 */
export function libraryText(
  field: 'alt' | 'caption' | 'credit',
  current: string,
  image: LibraryImage | null,
  previous: LibraryImage | null,
): string {
  return current === '' || current === (previous?.[field] ?? '') ? (image?.[field] ?? '') : current;
}

function refusal(error: unknown): string {
  return error instanceof EditorRequestError ? error.message : 'تعذر فتح مكتبة الصور.';
}
