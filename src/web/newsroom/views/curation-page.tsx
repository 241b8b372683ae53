import type { ArticleSummary, Section } from '../../../content/article.ts';
import { BidiText } from '../../bidi-text.tsx';
import { ActionForm } from './action-form.tsx';
import { CsrfField } from './csrf-field.tsx';
import { NewsroomTime } from './newsroom-time.tsx';
import { Notice } from './notice.tsx';

export interface CurationModel {
  /** The pinned top stories, in order. */
  pins: ArticleSummary[];
  /** Published articles to pick from: the newest, or what the search `q` found. */
  candidates: ArticleSummary[];
  q: string;
  /** Sections in the order of the home page's blocks. */
  sections: Section[];
  allSections: readonly Section[];
  breaking: { id: number; headline: string; until: Date }[];
  maxPins: number;
  maxBreakingHours: number;
  timeZone: string;
  error?: string | undefined;
  done?: string | undefined;
}

export function CurationPage({ model, csrfToken }: { model: CurationModel; csrfToken: string }) {
  const sectionName = (id: number) => model.allSections.find((s) => s.id === id)?.name ?? '';
  const pinned = new Set(model.pins.map((p) => p.id));
  const breaking = new Set(model.breaking.map((b) => b.id));
  return (
    <>
      <section class="panel" aria-labelledby="curation-title">
        <h1 id="curation-title">الصفحة الرئيسية والأخبار العاجلة</h1>
        <Notice kind="done">{model.done}</Notice>
        <Notice kind="error">{model.error}</Notice>
      </section>

      <section class="panel" aria-labelledby="breaking-title">
        <h2 id="breaking-title">الأخبار العاجلة</h2>
        {model.breaking.length === 0 ? (
          <p class="empty">لا خبر عاجل الآن. اختر مقالا منشورا من القائمة أدناه لإبرازه.</p>
        ) : (
          <ol class="curation-list" data-list="breaking">
            {model.breaking.map((story) => (
              <li key={story.id} data-article={String(story.id)}>
                <span class="curation-list__headline">
                  <BidiText text={story.headline} />
                </span>
                <span class="curation-list__meta">
                  عاجل حتى <NewsroomTime date={story.until} timeZone={model.timeZone} />
                </span>
                <ActionForm
                  action="/newsroom/curation/breaking/clear"
                  csrfToken={csrfToken}
                  fields={{ articleId: String(story.id) }}
                  label="إنهاء العاجل"
                  kind="danger"
                />
              </li>
            ))}
          </ol>
        )}
      </section>

      <section class="panel" aria-labelledby="pins-title">
        <h2 id="pins-title">
          المقالات المثبتة في الصدارة{' '}
          <span class="count">
            ({model.pins.length} من {model.maxPins})
          </span>
        </h2>
        {model.pins.length === 0 ? (
          <p class="empty">لا مقالات مثبتة: تتصدر الصفحة الرئيسية أحدث المقالات.</p>
        ) : (
          <ol class="curation-list" data-list="pins">
            {model.pins.map((pin, i) => (
              <li key={pin.id} data-article={String(pin.id)}>
                <span class="curation-list__headline">
                  <BidiText text={pin.headline} />
                </span>
                <span class="curation-list__meta">{sectionName(pin.sectionId)}</span>
                <span class="curation-list__actions">
                  <ActionForm
                    action="/newsroom/curation/pins/move"
                    csrfToken={csrfToken}
                    fields={{ articleId: String(pin.id), direction: 'up' }}
                    label="↑"
                    title="إلى الأعلى"
                    disabled={i === 0}
                  />
                  <ActionForm
                    action="/newsroom/curation/pins/move"
                    csrfToken={csrfToken}
                    fields={{ articleId: String(pin.id), direction: 'down' }}
                    label="↓"
                    title="إلى الأسفل"
                    disabled={i === model.pins.length - 1}
                  />
                  <ActionForm
                    action="/newsroom/curation/pins/remove"
                    csrfToken={csrfToken}
                    fields={{ articleId: String(pin.id) }}
                    label="إزالة"
                    kind="danger"
                  />
                </span>
              </li>
            ))}
          </ol>
        )}
      </section>

      <section class="panel" aria-labelledby="pick-title">
        <h2 id="pick-title">اختر مقالا منشورا</h2>
        <search>
          <form method="get" action="/newsroom/curation" class="desk-filters">
            <label>
              <span>ابحث</span>
              <input type="search" name="q" value={model.q} dir="auto" maxLength={200} placeholder="كلمات من العنوان" />
            </label>
            <button type="submit">بحث</button>
            {model.q && <a href="/newsroom/curation">أحدث المقالات</a>}
          </form>
        </search>
        {model.candidates.length === 0 ? (
          <p class="empty">لا مقالات منشورة تطابق هذا البحث.</p>
        ) : (
          <ol class="curation-list" data-list="candidates">
            {model.candidates.map((article) => (
              <li key={article.id} data-article={String(article.id)}>
                <span class="curation-list__headline" dir="auto">
                  {article.headline}
                </span>
                <span class="curation-list__meta">
                  {sectionName(article.sectionId)}
                  {article.publishedAt && (
                    <>
                      {' · '}
                      <NewsroomTime date={article.publishedAt} timeZone={model.timeZone} />
                    </>
                  )}
                </span>
                <span class="curation-list__actions">
                  <ActionForm
                    action="/newsroom/curation/pins/add"
                    csrfToken={csrfToken}
                    fields={{ articleId: String(article.id) }}
                    label={pinned.has(article.id) ? 'مثبت' : 'تثبيت'}
                    disabled={pinned.has(article.id) || model.pins.length >= model.maxPins}
                  />
                  {!breaking.has(article.id) && (
                    <form method="post" action="/newsroom/curation/breaking" class="inline-form breaking-form">
                      <CsrfField token={csrfToken} />
                      <input type="hidden" name="articleId" value={String(article.id)} />
                      <label>
                        <span class="visually-hidden">مدة العاجل بالساعات</span>
                        <input
                          type="number"
                          name="hours"
                          min="1"
                          max={String(model.maxBreakingHours)}
                          value="2"
                          inputMode="numeric"
                        />
                      </label>
                      <span>ساعة</span>
                      <button type="submit">عاجل</button>
                    </form>
                  )}
                </span>
              </li>
            ))}
          </ol>
        )}
      </section>

      <section class="panel" aria-labelledby="sections-title">
        <h2 id="sections-title">ترتيب الأقسام في الصفحة الرئيسية</h2>
        <p class="muted" data-note="navigation">
          يرتب هذا كتل الأقسام في الصفحة الرئيسية حسب أهمية اليوم. أما قائمة الأقسام أعلى كل صفحة فتبقى بترتيبها الثابت،
          ليجد القراء كل قسم في مكانه.
        </p>
        <ol class="curation-list" data-list="sections">
          {model.sections.map((section, i) => (
            <li key={section.id} data-section={String(section.id)}>
              <span class="curation-list__headline">{section.name}</span>
              <span class="curation-list__actions">
                <ActionForm
                  action="/newsroom/curation/sections/move"
                  csrfToken={csrfToken}
                  fields={{ sectionId: String(section.id), direction: 'up' }}
                  label="↑"
                  title={`${section.name} إلى الأعلى`}
                  disabled={i === 0}
                />
                <ActionForm
                  action="/newsroom/curation/sections/move"
                  csrfToken={csrfToken}
                  fields={{ sectionId: String(section.id), direction: 'down' }}
                  label="↓"
                  title={`${section.name} إلى الأسفل`}
                  disabled={i === model.sections.length - 1}
                />
              </span>
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}
