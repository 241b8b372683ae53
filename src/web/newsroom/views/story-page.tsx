import type { Section } from '../../../content/article.ts';
import { STATUS_NAMES } from '../../../content/workflow.ts';
import type { DeskItem } from '../../../store/newsroom-desk.ts';
import type { StoryMember } from '../../../store/stories.ts';
import type { Story } from '../../../stories/story.ts';
import { BidiText } from '../../bidi-text.tsx';
import { storyPath } from '../../site/urls.ts';
import { articleCount } from '../../site/views/article-list-page.tsx';
import { ActionForm } from './action-form.tsx';
import { CsrfField } from './csrf-field.tsx';
import { NewsroomTime } from './newsroom-time.tsx';
import { Notice } from './notice.tsx';
import { StoryFields } from './stories-page.tsx';

export interface StoryPageModel {
  story: Story;
  members: StoryMember[];
  /** Articles the headline search `q` found, published first. */
  found: DeskItem[];
  q: string;
  canManage: boolean;
  /** What the edit form held when it was refused. */
  form: { title: string; description: string };
  /** What the address form held when it was refused (the slug now otherwise). */
  slugForm: string;
  /** The story's earlier addresses, which answer 301 to its address now. */
  oldAddresses: string[];
  sections: readonly Section[];
  timeZone: string;
  error?: string | undefined;
  done?: string | undefined;
}

/** /newsroom/stories/:id: a story's name and description, its articles, and what editors do to it. */
export function StoryPage({ model, csrfToken }: { model: StoryPageModel; csrfToken: string }) {
  const { story } = model;
  const action = (rest: string) => `/newsroom/stories/${story.id}${rest}`;
  const inStory = new Set(model.members.map((m) => m.id));
  return (
    <>
      <section class="panel" aria-labelledby="story-title">
        <p class="muted">
          <a href="/newsroom/stories">الملفات</a> ←
        </p>
        <h1 id="story-title">
          <bdi>{story.title}</bdi>
        </h1>
        {story.description && <p class="lead">{story.description}</p>}
        <p class="muted">
          {articleCount(model.members.length)} · <a href={storyPath(story)}>صفحة الملف في الموقع</a>
        </p>
        <Notice kind="done">{model.done}</Notice>
        <Notice kind="error">{model.error}</Notice>
      </section>

      <section class="panel" aria-labelledby="members-title">
        <h2 id="members-title">مقالات الملف</h2>
        <p class="muted">
          يرى القراء المنشور منها: المرتّبة يدويا أولا بترتيبها، ثم البقية الأحدث أولا؛ وتظهر المسودات حين تُنشر. رتّب
          بالأزرار ↑ و↓ و«إلى الأعلى»، و«ترتيب تلقائي» يعيد المقال إلى مكانه بحسب تاريخه.
        </p>
        {model.members.length === 0 ? (
          <p class="empty">لا مقالات في هذا الملف بعد: ابحث عنها بعنوانها أدناه.</p>
        ) : (
          <ol class="curation-list" data-list="members">
            {model.members.map((member) => (
              <li key={member.id} data-article={String(member.id)}>
                <a class="curation-list__headline" href={`/newsroom/articles/${member.id}`}>
                  <BidiText text={member.headline} />
                </a>
                <span class="curation-list__meta">
                  <span class={`status status--${member.status}`}>{STATUS_NAMES[member.status] ?? member.status}</span>
                  {member.publishedAt && (
                    <>
                      {' · '}
                      <NewsroomTime date={member.publishedAt} timeZone={model.timeZone} />
                    </>
                  )}
                  {member.position !== null && (
                    <>
                      {' · '}
                      <span class="badge" data-position={String(member.position + 1)}>
                        مرتّب يدويا: {member.position + 1}
                      </span>
                    </>
                  )}
                </span>
                {model.canManage && (
                  <span class="curation-list__actions">
                    <MoveForms
                      action={action('/articles/move')}
                      csrfToken={csrfToken}
                      member={member}
                      first={member.position === 0}
                    />
                    <ActionForm
                      action={action('/articles/remove')}
                      csrfToken={csrfToken}
                      fields={{ articleId: String(member.id) }}
                      label="إخراج من الملف"
                      kind="danger"
                    />
                  </span>
                )}
              </li>
            ))}
          </ol>
        )}
      </section>

      {model.canManage && (
        <section class="panel" aria-labelledby="add-title">
          <h2 id="add-title">أضف مقالا</h2>
          <search>
            <form method="get" action={action('')} class="desk-filters">
              <label>
                <span>ابحث في العناوين</span>
                <input
                  type="search"
                  name="q"
                  value={model.q}
                  dir="auto"
                  maxLength={200}
                  placeholder="كلمات من عنوان المقال"
                />
              </label>
              <button type="submit">بحث</button>
            </form>
          </search>
          {model.q &&
            (model.found.length === 0 ? (
              <p class="empty">لا مقال بهذه الكلمات في عنوانه.</p>
            ) : (
              <ol class="curation-list" data-list="found">
                {model.found.map((item) => (
                  <li key={item.id} data-article={String(item.id)}>
                    <span class="curation-list__headline">
                      <BidiText text={item.headline} />
                    </span>
                    <span class="curation-list__meta">
                      <span class={`status status--${item.status}`}>{STATUS_NAMES[item.status] ?? item.status}</span>
                      {' · '}
                      {model.sections.find((s) => s.id === item.sectionId)?.name ?? ''}
                      {item.publishedAt && (
                        <>
                          {' · '}
                          <NewsroomTime date={item.publishedAt} timeZone={model.timeZone} />
                        </>
                      )}
                    </span>
                    <span class="curation-list__actions">
                      <ActionForm
                        action={action('/articles/add')}
                        csrfToken={csrfToken}
                        fields={{ articleId: String(item.id), q: model.q }}
                        label={inStory.has(item.id) ? 'في الملف' : 'أضف إلى الملف'}
                        disabled={inStory.has(item.id)}
                      />
                    </span>
                  </li>
                ))}
              </ol>
            ))}
        </section>
      )}

      {model.canManage && (
        <section class="panel" aria-labelledby="edit-title">
          <h2 id="edit-title">العنوان والوصف</h2>
          <form method="post" action={action('')} class="form">
            <CsrfField token={csrfToken} />
            <StoryFields title={model.form.title} description={model.form.description} />
            <button type="submit">احفظ</button>
          </form>
        </section>
      )}

      {model.canManage && (
        <section class="panel" aria-labelledby="address-title">
          <h2 id="address-title">رابط الملف</h2>
          <p class="muted">
            الرابط الآن:{' '}
            <a href={storyPath(story)}>
              <bdi dir="ltr">{decodeURI(storyPath(story))}</bdi>
            </a>
            . إن غيّرته بقي الرابط القديم يحيل القراء ومحركات البحث إلى الجديد (301).
          </p>
          {model.oldAddresses.length > 0 && (
            <p class="muted" data-list="old-addresses">
              روابط سابقة تحيل إليه:{' '}
              {model.oldAddresses.map((address, i) => (
                <>
                  {i > 0 && '، '}
                  <bdi key={address} dir="ltr">
                    {address}
                  </bdi>
                </>
              ))}
            </p>
          )}
          <form method="post" action={action('/slug')} class="form">
            <CsrfField token={csrfToken} />
            <label>
              <span>الرابط الجديد</span>
              <input type="text" name="slug" value={model.slugForm} dir="auto" maxLength={200} required />
            </label>
            <button type="submit">غيّر الرابط</button>
          </form>
        </section>
      )}

      {model.canManage && (
        <section class="panel" aria-labelledby="delete-title">
          <h2 id="delete-title">حذف الملف</h2>
          <p class="muted">تبقى المقالات كما هي؛ تختفي صفحة الملف وخلاصته وروابطه من المقالات.</p>
          <form method="post" action={action('/delete')} class="form">
            <CsrfField token={csrfToken} />
            <label class="confirm">
              <input type="checkbox" name="confirm" value="yes" required /> نعم، احذف ملف «{story.title}»
            </label>
            <button type="submit" class="button--danger">
              احذف الملف
            </button>
          </form>
        </section>
      )}
    </>
  );
}

/** ↑, ↓, «إلى الأعلى» and «ترتيب تلقائي» for an article of the story: small forms, no script needed. */
function MoveForms({
  action,
  csrfToken,
  member,
  first,
}: {
  action: string;
  csrfToken: string;
  member: StoryMember;
  first: boolean;
}) {
  const fields = (move: string) => ({ articleId: String(member.id), move });
  return (
    <>
      <ActionForm
        action={action}
        csrfToken={csrfToken}
        fields={fields('up')}
        label="↑"
        title={`قدّم «${member.headline}» درجة`}
        disabled={first}
      />
      <ActionForm
        action={action}
        csrfToken={csrfToken}
        fields={fields('down')}
        label="↓"
        title={`أخّر «${member.headline}» درجة`}
        disabled={member.position === null}
      />
      <ActionForm
        action={action}
        csrfToken={csrfToken}
        fields={fields('top')}
        label="إلى الأعلى"
        title={`اجعل «${member.headline}» أول الملف`}
        disabled={first}
      />
      {member.position !== null && (
        <ActionForm
          action={action}
          csrfToken={csrfToken}
          fields={fields('auto')}
          label="ترتيب تلقائي"
          title={`أعد «${member.headline}» إلى الترتيب بحسب التاريخ`}
        />
      )}
    </>
  );
}
