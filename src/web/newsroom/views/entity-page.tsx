import type { Entity } from '../../../entities/entity.ts';
import type { EntityDecision } from '../../../entities/entity-decision.ts';
import { MAX_ENTITY_NAME_LENGTH } from '../../../entities/entity-error.ts';
import { BidiText } from '../../bidi-text.tsx';
import { entityPath } from '../../site/urls.ts';
import { DECISION_NAMES, ENTITY_STATUS_NAMES, ENTITY_TYPE_NAMES, newsroomEntityPath } from '../entity-labels.ts';
import { ActionForm } from './action-form.tsx';
import { CsrfField } from './csrf-field.tsx';
import { articleCount, EntityName } from './entities-page.tsx';
import { NewsroomTime } from './newsroom-time.tsx';
import { Notice } from './notice.tsx';
import { arabicCount, NumberedPager } from './numbered-pager.tsx';

/** What a refused form had in it, shown again so that nothing typed is lost. */
export interface EntityFormValues {
  renameName?: string;
  into?: string;
  splitName?: string;
  splitNames?: string[];
  splitArticleIds?: number[];
}

export interface EntityPageModel {
  entity: Entity & { mergedInto?: number };
  /** The entity this one was merged into, at the end of its merges. */
  mergedInto: { id: number; name: string } | undefined;
  /** Every spelling, the canonical name first, with how many of its published articles write it. */
  spellings: { name: string; articles: number }[];
  /** Whether the counts are over all its articles (else over the first 20,000 read). */
  spellingsCounted: boolean;
  /** Its newest published articles, a page, with the forms each writes it in. */
  articles: { id: number; headline: string; publishedAt: Date | null; forms: string[] }[];
  articlesTotal: number;
  page: number;
  pages: number;
  /** The decisions about it, newest first. */
  log: EntityDecision[];
  /** The other entities the log names, by id. */
  others: Map<number, { id: number; name: string }>;
  /** The merge form's search, and what it found. */
  intoQuery: string;
  mergeCandidates: Entity[];
  canDecide: boolean;
  timeZone: string;
  values: EntityFormValues;
  error?: string | undefined;
  done?: string | undefined;
}

/** /newsroom/entities/<id>: the entity, its spellings and articles, the decisions to take and those taken. */
export function EntityPage({ model, csrfToken }: { model: EntityPageModel; csrfToken: string }) {
  const { entity } = model;
  const path = newsroomEntityPath(entity.id);
  const live = entity.mergedInto === undefined;
  const decide = model.canDecide && live;
  const pageLink = (page: number) => (page > 1 ? `${path}?page=${page}` : path);
  const chosenNames = new Set(model.values.splitNames ?? []);
  const chosenArticles = new Set(model.values.splitArticleIds ?? []);
  const otherName = (id: number | null) =>
    id === null ? undefined : (model.others.get(id) ?? (id === entity.id ? entity : undefined));
  return (
    <>
      <section class="panel" aria-labelledby="entity-title" data-entity={String(entity.id)}>
        <p class="muted">
          <a href="/newsroom/entities">الكيانات</a> ‹ رقم {entity.id}
        </p>
        <h1 id="entity-title">
          <bdi>{entity.name}</bdi>
        </h1>
        <dl class="facts">
          <dt>النوع</dt>
          <dd data-fact="type">{ENTITY_TYPE_NAMES[entity.type]}</dd>
          <dt>الحالة</dt>
          <dd data-fact="status">
            <span class={`entity-status entity-status--${entity.status}`}>{ENTITY_STATUS_NAMES[entity.status]}</span>
          </dd>
          <dt>المقالات المنشورة</dt>
          <dd data-fact="articles">{articleCount(entity.articleCount)}</dd>
        </dl>
        {live && entity.status !== 'rejected' && (
          <p>
            <a href={entityPath(entity)}>صفحته في الموقع</a>
          </p>
        )}
        {!live && (
          <p class="notice notice--info" data-merged-into={String(entity.mergedInto)}>
            دُمج هذا الكيان في{' '}
            <a href={newsroomEntityPath(entity.mergedInto as number)}>
              <bdi>{model.mergedInto?.name ?? `رقم ${entity.mergedInto}`}</bdi>
            </a>
            : صفحته في الموقع تحيل إليه. للتراجع عن الدمج، ألغِ القرار في السجل أدناه.
          </p>
        )}
        <Notice kind="done">{model.done}</Notice>
        <Notice kind="error">{model.error}</Notice>
        {!model.canDecide && <p class="muted">يمكنك الاطلاع على هذا الكيان؛ أما القرارات بشأنه فللمحررين.</p>}
        {decide && (
          <div class="actions" data-actions="status">
            {entity.status !== 'confirmed' && (
              <ActionForm action={`${path}/confirm`} csrfToken={csrfToken} label="تأكيد ✓" />
            )}
            {entity.status !== 'rejected' && (
              <ActionForm action={`${path}/reject`} csrfToken={csrfToken} label="رفض ✗" kind="danger" />
            )}
          </div>
        )}
      </section>

      <section class="panel" aria-labelledby="spellings-title">
        <h2 id="spellings-title">
          الصيغ <span class="count">({arabicCount.format(model.spellings.length)})</span>
        </h2>
        {model.spellings.length === 0 ? (
          <p class="empty">لا صيغ: انتقلت كلها إلى الكيان الذي دُمج فيه.</p>
        ) : (
          <ul class="curation-list" data-list="spellings">
            {model.spellings.map((spelling) => (
              <li key={spelling.name} data-spelling={spelling.name}>
                <span class="curation-list__headline">
                  <bdi>{spelling.name}</bdi>
                  {spelling.name === entity.name && <span class="badge">الاسم المعتمد</span>}
                </span>
                <span class="curation-list__meta">
                  {spelling.articles === 0 ? 'لم ترد في مقال منشور' : `في ${articleCount(spelling.articles)}`}
                  {!model.spellingsCounted && ' على الأقل'}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section class="panel" aria-labelledby="articles-title">
        <h2 id="articles-title">
          أحدث المقالات <span class="count">({arabicCount.format(model.articlesTotal)})</span>
        </h2>
        {model.articles.length === 0 ? (
          <p class="empty">لا مقالات منشورة تذكره.</p>
        ) : (
          <ol class="curation-list" data-list="articles">
            {model.articles.map((article) => (
              <li key={article.id} data-article={String(article.id)}>
                <span class="curation-list__headline">
                  <a href={`/newsroom/articles/${article.id}`}>
                    <BidiText text={article.headline} />
                  </a>
                </span>
                <span class="curation-list__meta">
                  {article.publishedAt && <NewsroomTime date={article.publishedAt} timeZone={model.timeZone} />}
                  {article.forms.length > 0 && (
                    <>
                      {article.publishedAt && ' · '}
                      كما ورد: <bdi>{article.forms.join('، ')}</bdi>
                    </>
                  )}
                </span>
              </li>
            ))}
          </ol>
        )}
        <NumberedPager
          page={model.page}
          pages={model.pages}
          pathFor={pageLink}
          label="صفحات المقالات"
          previous="الأحدث"
          next="الأقدم"
        />
      </section>

      {decide && (
        <>
          <section class="panel" aria-labelledby="rename-title">
            <h2 id="rename-title">تغيير الاسم المعتمد</h2>
            <form method="post" action={`${path}/rename`} class="form form--inline">
              <CsrfField token={csrfToken} />
              <label>
                الاسم الجديد
                <input
                  type="text"
                  name="name"
                  value={model.values.renameName ?? entity.name}
                  dir="auto"
                  maxLength={MAX_ENTITY_NAME_LENGTH}
                />
              </label>
              <button type="submit">تغيير الاسم</button>
            </form>
            <p class="hint muted">يبقى الاسم الحالي بين صيغه، فيُعثر عليه به.</p>
          </section>

          <section class="panel" aria-labelledby="merge-title">
            <h2 id="merge-title">الدمج في كيان آخر</h2>
            <p class="muted">
              إن كان هذا الكيان والآخر شخصا (أو هيئة أو مكانا) واحدا: تنتقل صيغ هذا ومقالاته إلى الآخر، وتحيل صفحته
              إليه.
            </p>
            <search>
              <form method="get" action={path} class="desk-filters">
                <label>
                  <span>ابحث عن الكيان الآخر</span>
                  <input type="search" name="into_q" value={model.intoQuery} dir="auto" maxLength={200} />
                </label>
                <button type="submit">بحث</button>
              </form>
            </search>
            {model.intoQuery &&
              (model.mergeCandidates.length === 0 ? (
                <p class="empty">لا كيان آخر بهذه الصيغة.</p>
              ) : (
                <ol class="curation-list" data-list="merge-candidates">
                  {model.mergeCandidates.map((candidate) => (
                    <li key={candidate.id} data-entity={String(candidate.id)}>
                      <span class="curation-list__headline">
                        <EntityName entity={candidate} />
                      </span>
                      <span class="curation-list__meta">{articleCount(candidate.articleCount)}</span>
                      <span class="curation-list__actions">
                        <ActionForm
                          action={`${path}/merge`}
                          csrfToken={csrfToken}
                          fields={{ into: String(candidate.id) }}
                          label="دمج فيه"
                          title={`دمج «${entity.name}» في «${candidate.name}»`}
                        />
                      </span>
                    </li>
                  ))}
                </ol>
              ))}
            <form method="post" action={`${path}/merge`} class="form form--inline">
              <CsrfField token={csrfToken} />
              <label>
                أو رقم الكيان الآخر
                <input type="text" name="into" value={model.values.into ?? ''} inputMode="numeric" dir="ltr" />
              </label>
              <button type="submit">دمج</button>
            </form>
          </section>

          <section class="panel" aria-labelledby="split-title">
            <h2 id="split-title">فصل كيان جديد</h2>
            <p class="muted">
              إن جمع هذا الكيان شخصين (أو أكثر): اختر الصيغ التي تخص الآخر، أو مقالاته، أو كليهما، وسمّه. تنتقل إليه
              المقالات المختارة وكل مقال يكتب إحدى الصيغ المختارة.
            </p>
            <form method="post" action={`${path}/split`} class="form">
              <CsrfField token={csrfToken} />
              {model.spellings.length > 1 && (
                <fieldset class="checks">
                  <legend>الصيغ</legend>
                  {model.spellings
                    .filter((s) => s.name !== entity.name)
                    .map((spelling) => (
                      <label key={spelling.name}>
                        <input
                          type="checkbox"
                          name="names"
                          value={spelling.name}
                          checked={chosenNames.has(spelling.name)}
                        />{' '}
                        <bdi>{spelling.name}</bdi>
                      </label>
                    ))}
                </fieldset>
              )}
              {model.articles.length > 0 && (
                <fieldset class="checks">
                  <legend>المقالات (من هذه الصفحة)</legend>
                  {model.articles.map((article) => (
                    <label key={article.id}>
                      <input
                        type="checkbox"
                        name="articleIds"
                        value={String(article.id)}
                        checked={chosenArticles.has(article.id)}
                      />{' '}
                      <BidiText text={article.headline} />
                    </label>
                  ))}
                </fieldset>
              )}
              <label>
                اسم الكيان الجديد
                <input
                  type="text"
                  name="name"
                  value={model.values.splitName ?? ''}
                  dir="auto"
                  maxLength={MAX_ENTITY_NAME_LENGTH}
                />
              </label>
              <button type="submit">فصل</button>
            </form>
          </section>
        </>
      )}

      <section class="panel" aria-labelledby="log-title">
        <h2 id="log-title">سجل القرارات</h2>
        {model.log.length === 0 ? (
          <p class="empty">لم يُتخذ أي قرار بشأن هذا الكيان بعد.</p>
        ) : (
          <ol class="curation-list decision-log" data-list="log">
            {model.log.map((decision) => (
              <li
                key={decision.id}
                data-decision={String(decision.id)}
                data-action={decision.action}
                data-undone={decision.undoneBy === null ? undefined : String(decision.undoneBy)}
              >
                <span class="curation-list__headline">
                  <span class="decision-log__number">رقم {decision.id}</span> {DECISION_NAMES[decision.action]}
                  {': '}
                  <DecisionText decision={decision} entityId={entity.id} otherName={otherName} />
                </span>
                <span class="curation-list__meta">
                  {decision.userName ?? 'دون مستخدم'} ·{' '}
                  <NewsroomTime date={decision.createdAt} timeZone={model.timeZone} />
                  {decision.undoneBy !== null && ` · أُلغي بالقرار رقم ${decision.undoneBy}`}
                </span>
                {model.canDecide && decision.undoneBy === null && decision.action !== 'undo' && (
                  <span class="curation-list__actions">
                    <ActionForm
                      action={`/newsroom/entities/decisions/${decision.id}/undo`}
                      csrfToken={csrfToken}
                      fields={{ entity: String(entity.id) }}
                      label="تراجع"
                      title={`التراجع عن القرار رقم ${decision.id}`}
                    />
                  </span>
                )}
              </li>
            ))}
          </ol>
        )}
      </section>
    </>
  );
}

/** What a decision did, in a line. */
function DecisionText({
  decision,
  entityId,
  otherName,
}: {
  decision: EntityDecision;
  entityId: number;
  otherName: (id: number | null) => { id: number; name: string } | undefined;
}) {
  const link = (id: number | null) => {
    if (id === null) return null;
    const other = otherName(id);
    return (
      <a href={newsroomEntityPath(id)}>
        <bdi>{other?.name ?? `رقم ${id}`}</bdi>
      </a>
    );
  };
  switch (decision.action) {
    case 'confirm':
    case 'reject':
      return <>كان «{ENTITY_STATUS_NAMES[decision.payload.statusBefore]}»</>;
    case 'rename':
      return (
        <>
          من «<bdi>{decision.payload.before.name}</bdi>» إلى «<bdi>{decision.payload.after.name}</bdi>»
        </>
      );
    case 'merge': {
      const moved = decision.payload.movedArticleIds.length + decision.payload.joined.length;
      return decision.entityId === entityId ? (
        <>
          دُمج في {link(decision.payload.intoId)} ({articleCount(moved)})
        </>
      ) : (
        <>
          دُمج فيه {link(decision.entityId)} ({articleCount(moved)})
        </>
      );
    }
    case 'split':
      return decision.entityId === entityId ? (
        <>
          فُصل عنه {link(decision.payload.newEntityId)} ({articleCount(decision.payload.articleCount)}
          {decision.payload.names.length > 0 && <>، الصيغ: {decision.payload.names.map((n) => n.name).join('، ')}</>})
        </>
      ) : (
        <>فُصل عن {link(decision.entityId)}</>
      );
    case 'undo':
      return (
        <>
          للقرار رقم {decision.payload.decisionId} ({DECISION_NAMES[decision.payload.action]})
        </>
      );
  }
}
