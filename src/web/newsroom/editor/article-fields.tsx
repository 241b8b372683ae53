import { useEffect, useRef, useState } from 'preact/hooks';
import type { EditorApi } from './editor-api.ts';
import type { EditorBoot, EditorDraft } from './editor-model.ts';
import { ImagePicker } from './image-picker.tsx';

type Patch = (patch: Partial<EditorDraft>) => void;

/** Characters as a reader counts them (an Arabic letter with its haraka is two, as search engines count). */
export function characters(value: string): number {
  return [...value].length;
}

/** The headline, kicker and dek above the body. */
export function HeadFields({ draft, update, boot, disabled }: FieldProps) {
  return (
    <div class="head-fields">
      <label class="field field--kicker">
        <span class="field__label">العنوان العلوي</span>
        <input
          name="kicker"
          value={draft.kicker}
          maxLength={boot.limits.kicker}
          disabled={disabled}
          onInput={(e) => update({ kicker: e.currentTarget.value })}
        />
      </label>
      <label class="field field--headline">
        <span class="field__label">العنوان</span>
        <textarea
          name="headline"
          rows={2}
          value={draft.headline}
          maxLength={boot.limits.headline}
          disabled={disabled}
          placeholder="عنوان المقال"
          onInput={(e) => update({ headline: e.currentTarget.value.replace(/\n/g, ' ') })}
        />
      </label>
      <label class="field field--dek">
        <span class="field__label">الموجز</span>
        <textarea
          name="dek"
          rows={2}
          value={draft.dek}
          maxLength={boot.limits.dek}
          disabled={disabled}
          onInput={(e) => update({ dek: e.currentTarget.value })}
        />
      </label>
    </div>
  );
}

/**
 * Other sections whose pages also list the article: a box per section, the own one left out,
 * in the sections' order; at most `limits.secondarySections`.
 */
function SecondarySectionsField({ draft, update, boot, disabled }: FieldProps) {
  const chosen = new Set(draft.secondarySectionSlugs);
  const max = boot.limits.secondarySections ?? 5;
  const full = chosen.size >= max;
  return (
    <fieldset class="field-group secondary-sections">
      <legend>يُنشر أيضا في</legend>
      <p class="hint">أقسام أخرى تعرض المقال في صفحاتها (حتى {max})؛ يبقى رابطه ومساره في قسمه الأساسي.</p>
      <div class="secondary-sections__choices">
        {boot.sections
          .filter((s) => s.slug !== draft.sectionSlug)
          .map((s) => (
            <label key={s.slug} class="check">
              <input
                type="checkbox"
                name="secondarySectionSlugs"
                value={s.slug}
                checked={chosen.has(s.slug)}
                disabled={disabled || (full && !chosen.has(s.slug))}
                onChange={(e) => {
                  const on = e.currentTarget.checked;
                  // Kept in the sections' order, whatever the order of the clicks.
                  const next = boot.sections
                    .map((section) => section.slug)
                    .filter((slug) => (slug === s.slug ? on : chosen.has(slug)));
                  update({ secondarySectionSlugs: next });
                }}
              />
              {s.name}
            </label>
          ))}
      </div>
    </fieldset>
  );
}

/** A field that reads suggestions or the media library as it is edited. */
type ListFieldProps = Pick<FieldProps, 'draft' | 'update' | 'disabled'> & { api: EditorApi };

interface FieldProps {
  draft: EditorDraft;
  update: Patch;
  boot: EditorBoot;
  disabled: boolean;
}

/** Section, dateline, slug, bylines, tags, featured image and what search engines show. */
export function MetaFields({ draft, update, boot, disabled, api }: FieldProps & { api: EditorApi }) {
  return (
    <div class="meta-fields">
      <label class="field">
        <span class="field__label">القسم</span>
        <select
          name="sectionSlug"
          value={draft.sectionSlug}
          disabled={disabled}
          onChange={(e) => {
            const sectionSlug = e.currentTarget.value;
            // The new own section is no longer a secondary one.
            update({
              sectionSlug,
              secondarySectionSlugs: draft.secondarySectionSlugs.filter((slug) => slug !== sectionSlug),
            });
          }}
        >
          {boot.sections.map((s) => (
            <option key={s.slug} value={s.slug}>
              {s.name}
            </option>
          ))}
        </select>
      </label>
      <SecondarySectionsField draft={draft} update={update} boot={boot} disabled={disabled} />
      <label class="field">
        <span class="field__label">مكان الخبر</span>
        <input
          name="dateline"
          value={draft.dateline}
          maxLength={boot.limits.dateline}
          disabled={disabled}
          placeholder="الرباط"
          onInput={(e) => update({ dateline: e.currentTarget.value })}
        />
      </label>
      <BylinesField draft={draft} update={update} disabled={disabled} api={api} />
      <TagsField draft={draft} update={update} disabled={disabled} api={api} />
      <fieldset class="field-group">
        <legend>الصورة الرئيسية</legend>
        <ImagePicker
          mediaId={draft.featuredMediaId}
          disabled={disabled}
          api={api}
          csrfToken={boot.csrfToken}
          onPick={(image, previous) => {
            // The library's text fills a field that is empty or still holds the previous image's.
            const text = (field: 'alt' | 'caption' | 'credit', current: string) =>
              current === '' || current === (previous?.[field] ?? '') ? (image?.[field] ?? '') : current;
            update({
              featuredMediaId: image?.id ?? null,
              featuredAlt: text('alt', draft.featuredAlt),
              featuredCaption: text('caption', draft.featuredCaption),
              featuredCredit: text('credit', draft.featuredCredit),
            });
          }}
        />
        <label class="field">
          <span class="field__label">رقم الصورة في مكتبة الصور</span>
          <input
            dir="ltr"
            inputMode="numeric"
            name="featuredMediaId"
            value={draft.featuredMediaId === null ? '' : String(draft.featuredMediaId)}
            disabled={disabled}
            onInput={(e) => {
              const raw = e.currentTarget.value.trim();
              update({ featuredMediaId: raw === '' ? null : /^\d+$/.test(raw) ? Number(raw) : (raw as never) });
            }}
          />
        </label>
        <TextField
          label="الوصف البديل"
          name="featuredAlt"
          draft={draft}
          update={update}
          boot={boot}
          disabled={disabled}
        />
        <TextField
          label="التعليق"
          name="featuredCaption"
          draft={draft}
          update={update}
          boot={boot}
          disabled={disabled}
        />
        <TextField label="المصدر" name="featuredCredit" draft={draft} update={update} boot={boot} disabled={disabled} />
      </fieldset>
      <fieldset class="field-group">
        <legend>محركات البحث والرابط</legend>
        <CountedField
          label="عنوان محركات البحث"
          name="seoTitle"
          advice={boot.seoAdvice.seoTitle}
          draft={draft}
          update={update}
          boot={boot}
          disabled={disabled}
          placeholder={draft.headline}
        />
        <CountedField
          label="وصف محركات البحث"
          name="seoDescription"
          advice={boot.seoAdvice.seoDescription}
          draft={draft}
          update={update}
          boot={boot}
          disabled={disabled}
          placeholder={draft.dek}
          multiline
        />
        <label class="field">
          <span class="field__label">الرابط المختصر (يُشتق من العنوان إن تُرك فارغا)</span>
          <input
            name="slug"
            value={draft.slug}
            maxLength={boot.limits.slug}
            disabled={disabled}
            onInput={(e) => update({ slug: e.currentTarget.value })}
          />
        </label>
      </fieldset>
    </div>
  );
}

type TextName = 'featuredAlt' | 'featuredCaption' | 'featuredCredit' | 'seoTitle' | 'seoDescription';

function TextField({ label, name, draft, update, boot, disabled }: FieldProps & { label: string; name: TextName }) {
  return (
    <label class="field">
      <span class="field__label">{label}</span>
      <input
        name={name}
        value={draft[name]}
        maxLength={boot.limits[name]}
        disabled={disabled}
        onInput={(e) => update({ [name]: e.currentTarget.value })}
      />
    </label>
  );
}

/** A field with its length beside it, red past what search engines show. */
function CountedField({
  label,
  name,
  advice,
  draft,
  update,
  boot,
  disabled,
  placeholder,
  multiline,
}: FieldProps & { label: string; name: TextName; advice: number; placeholder: string; multiline?: boolean }) {
  const count = characters(draft[name]);
  const id = `field-${name}`;
  const counter = (
    <span id={`${id}-count`} class={count > advice ? 'counter counter--over' : 'counter'} aria-live="polite">
      {count} / {advice} حرفا
    </span>
  );
  const common = {
    id,
    name,
    value: draft[name],
    maxLength: boot.limits[name],
    disabled,
    placeholder,
    'aria-describedby': `${id}-count`,
    onInput: (e: Event) => update({ [name]: (e.currentTarget as HTMLInputElement).value }),
  };
  return (
    <div class="field">
      <label class="field__label" for={id}>
        {label}
      </label>
      {multiline ? <textarea rows={3} {...common} /> : <input {...common} />}
      {counter}
    </div>
  );
}

/** Suggestions for a name typed into a field: existing tags or authors, asked after a short pause. */
function useSuggestions(api: EditorApi, kind: 'tags' | 'authors', query: string): string[] {
  const [names, setNames] = useState<string[]>([]);
  useEffect(() => {
    if (query.trim() === '') {
      setNames([]);
      return;
    }
    const timer = setTimeout(() => {
      api
        .get<{ names: string[] }>(`/newsroom/suggestions/${kind}?q=${encodeURIComponent(query)}`)
        .then((answer) => setNames(answer.names))
        .catch(() => setNames([]));
    }, 200);
    return () => clearTimeout(timer);
  }, [query]);
  return names;
}

function TagsField({ draft, update, disabled, api }: ListFieldProps) {
  const [typed, setTyped] = useState('');
  const suggestions = useSuggestions(api, 'tags', typed);
  const add = (value: string) => {
    const tag = value.replace(/[،,]/g, ' ').trim();
    if (tag && !draft.tags.includes(tag)) update({ tags: [...draft.tags, tag] });
    setTyped('');
  };
  return (
    <div class="field">
      <label class="field__label" for="tag-input">
        الوسوم
      </label>
      <ul class="chips" aria-label="وسوم المقال">
        {draft.tags.map((tag) => (
          <li key={tag} class="chip">
            {tag}
            {!disabled && (
              <button
                type="button"
                class="chip__remove"
                aria-label={`إزالة الوسم ${tag}`}
                onClick={() => update({ tags: draft.tags.filter((t) => t !== tag) })}
              >
                ×
              </button>
            )}
          </li>
        ))}
      </ul>
      {!disabled && (
        <>
          <input
            id="tag-input"
            list="tag-suggestions"
            value={typed}
            placeholder="اكتب وسما ثم اضغط زر الإدخال"
            onInput={(e) => {
              const value = e.currentTarget.value;
              if (/[،,]$/.test(value)) add(value);
              else setTyped(value);
            }}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                add(typed);
              }
            }}
            onChange={(e) => {
              // Picking a suggestion from the list adds it.
              if (suggestions.includes(e.currentTarget.value)) add(e.currentTarget.value);
            }}
          />
          <datalist id="tag-suggestions">
            {suggestions.map((name) => (
              <option key={name} value={name} />
            ))}
          </datalist>
        </>
      )}
    </div>
  );
}

function BylinesField({ draft, update, disabled, api }: ListFieldProps) {
  const [typed, setTyped] = useState('');
  const suggestions = useSuggestions(api, 'authors', typed);
  const bylines = draft.bylines;
  const set = (next: EditorDraft['bylines']) => update({ bylines: next });
  const move = (from: number, to: number) => {
    const next = [...bylines];
    const [moved] = next.splice(from, 1);
    if (moved) next.splice(to, 0, moved);
    set(next);
  };
  const lastInput = useRef<HTMLInputElement>(null);
  return (
    <fieldset class="field-group bylines">
      <legend>التوقيعات (بالترتيب)</legend>
      <ol>
        {bylines.map((byline, index) => (
          <li key={index} class="byline-row">
            <input
              aria-label={`اسم التوقيع ${index + 1}`}
              list="author-suggestions"
              value={byline.name}
              disabled={disabled}
              ref={index === bylines.length - 1 ? lastInput : undefined}
              onInput={(e) => {
                setTyped(e.currentTarget.value);
                set(bylines.map((b, i) => (i === index ? { ...b, name: e.currentTarget.value } : b)));
              }}
            />
            <select
              aria-label={`نوع التوقيع ${index + 1}`}
              value={byline.kind}
              disabled={disabled}
              onChange={(e) =>
                set(
                  bylines.map((b, i) =>
                    i === index
                      ? { ...b, kind: e.currentTarget.value === 'organization' ? 'organization' : 'person' }
                      : b,
                  ),
                )
              }
            >
              <option value="person">صحفي</option>
              <option value="organization">وكالة أو مؤسسة</option>
            </select>
            <input
              aria-label={`صفة التوقيع ${index + 1}`}
              placeholder="الصفة (تصوير، ترجمة…)"
              value={byline.role ?? ''}
              disabled={disabled}
              onInput={(e) =>
                set(bylines.map((b, i) => (i === index ? { ...b, role: e.currentTarget.value || null } : b)))
              }
            />
            {!disabled && (
              <span class="byline-row__actions">
                <button
                  type="button"
                  aria-label="قدّم التوقيع"
                  disabled={index === 0}
                  onClick={() => move(index, index - 1)}
                >
                  ↑
                </button>
                <button
                  type="button"
                  aria-label="أخّر التوقيع"
                  disabled={index === bylines.length - 1}
                  onClick={() => move(index, index + 1)}
                >
                  ↓
                </button>
                <button
                  type="button"
                  aria-label="احذف التوقيع"
                  onClick={() => set(bylines.filter((_, i) => i !== index))}
                >
                  ×
                </button>
              </span>
            )}
          </li>
        ))}
      </ol>
      <datalist id="author-suggestions">
        {suggestions.map((name) => (
          <option key={name} value={name} />
        ))}
      </datalist>
      {!disabled && (
        <button
          type="button"
          class="secondary"
          onClick={() => {
            set([...bylines, { name: '', kind: 'person', role: null }]);
            setTimeout(() => lastInput.current?.focus(), 0);
          }}
        >
          إضافة توقيع
        </button>
      )}
    </fieldset>
  );
}
