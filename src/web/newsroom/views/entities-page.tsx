import type { Entity, EntityStatus } from '../../../entities/entity.ts';
import type { EntityType } from '../../../entities/found-entity.ts';
import type { SuspectedDuplicate } from '../../../store/entities.ts';
import { ENTITY_STATUS_NAMES, ENTITY_TYPE_CHOICES, ENTITY_TYPE_NAMES, newsroomEntityPath } from '../entity-labels.ts';
import { ActionForm } from './action-form.tsx';
import { Notice } from './notice.tsx';
import { arabicCount, NumberedPager } from './numbered-pager.tsx';

export interface EntitiesListModel {
  type: EntityType | undefined;
  status: EntityStatus | undefined;
  /** The search box: spellings (store.entities.findBySpelling). */
  q: string;
  /** The most written about (or what the search found), a page of them. */
  listed: { entities: Entity[]; total: number; page: number; pages: number };
  /** Not yet confirmed, the most written about first. */
  proposed: Entity[];
  proposedTotal: number;
  duplicates: SuspectedDuplicate[];
  /** May the user decide (entities.decide)? Else the page only shows. */
  canDecide: boolean;
  error?: string | undefined;
  done?: string | undefined;
}

/** «3 مقالات», «12 مقالا», «مقال واحد»: how many articles, in Arabic. */
export function articleCount(n: number): string {
  if (n === 0) return 'لا مقالات';
  if (n === 1) return 'مقال واحد';
  if (n === 2) return 'مقالان';
  if (n % 100 >= 3 && n % 100 <= 10) return `${arabicCount.format(n)} مقالات`;
  return `${arabicCount.format(n)} مقالا`;
}

/** An entity's name (a link to its page), its kind and its status. */
export function EntityName({ entity }: { entity: Pick<Entity, 'id' | 'name' | 'type' | 'status'> }) {
  return (
    <>
      <a href={newsroomEntityPath(entity.id)} class="entity-name">
        <bdi>{entity.name}</bdi>
      </a>{' '}
      <span class="entity-kind">{ENTITY_TYPE_NAMES[entity.type]}</span>{' '}
      <span class={`entity-status entity-status--${entity.status}`}>{ENTITY_STATUS_NAMES[entity.status]}</span>
    </>
  );
}

/** /newsroom/entities: the entities with the most articles, the unconfirmed ones, and suspected duplicates. */
export function EntitiesListPage({ model, csrfToken }: { model: EntitiesListModel; csrfToken: string }) {
  const pageLink = (page: number) => {
    const params = new URLSearchParams();
    if (model.type) params.set('type', model.type);
    if (model.status) params.set('status', model.status);
    if (page > 1) params.set('page', String(page));
    const search = params.toString();
    return search ? `/newsroom/entities?${search}` : '/newsroom/entities';
  };
  const { listed } = model;
  return (
    <>
      <section class="panel" aria-labelledby="entities-title">
        <h1 id="entities-title">الكيانات</h1>
        <p class="muted">
          الأشخاص والهيئات والأماكن التي تذكرها المقالات، كما يجدها الاستخراج في كل مقال يُحفظ.
          {model.canDecide
            ? ' أكّد الصحيح منها، وارفض الخطأ، وادمج ما تكرر: كل قرار يمكن التراجع عنه من صفحة الكيان.'
            : ' يمكنك الاطلاع عليها؛ أما القرارات (التأكيد والرفض والدمج والفصل) فللمحررين.'}
        </p>
        <Notice kind="done">{model.done}</Notice>
        <Notice kind="error">{model.error}</Notice>
        <search>
          <form method="get" action="/newsroom/entities" class="desk-filters">
            <label>
              <span>ابحث عن اسم</span>
              <input type="search" name="q" value={model.q} dir="auto" maxLength={200} placeholder="بأي صيغة كُتب" />
            </label>
            <label>
              <span>النوع</span>
              <select name="type">
                <option value="">الكل</option>
                {ENTITY_TYPE_CHOICES.map((type) => (
                  <option key={type} value={type} selected={model.type === type}>
                    {ENTITY_TYPE_NAMES[type]}
                  </option>
                ))}
              </select>
            </label>
            <label>
              <span>الحالة</span>
              <select name="status">
                <option value="">الكل</option>
                {(['proposed', 'confirmed', 'rejected'] as const).map((status) => (
                  <option key={status} value={status} selected={model.status === status}>
                    {ENTITY_STATUS_NAMES[status]}
                  </option>
                ))}
              </select>
            </label>
            <button type="submit">عرض</button>
            {(model.q || model.type || model.status) && <a href="/newsroom/entities">الكل</a>}
          </form>
        </search>
      </section>

      <section class="panel" aria-labelledby="top-title">
        <h2 id="top-title">
          {model.q ? `نتائج البحث عن «${model.q}»` : 'الأكثر ذكرا في المقالات'}{' '}
          <span class="count">({arabicCount.format(listed.total)})</span>
        </h2>
        {listed.entities.length === 0 ? (
          <p class="empty">{model.q ? 'لا كيان بهذه الصيغة.' : 'لا كيانات بعد.'}</p>
        ) : (
          <ol class="curation-list" data-list="top">
            {listed.entities.map((entity) => (
              <li key={entity.id} data-entity={String(entity.id)}>
                <span class="curation-list__headline">
                  <EntityName entity={entity} />
                </span>
                <span class="curation-list__meta">
                  {articleCount(entity.articleCount)}
                  {entity.names.length > 1 && ` · ${arabicCount.format(entity.names.length)} صيغ`}
                </span>
              </li>
            ))}
          </ol>
        )}
        <NumberedPager page={listed.page} pages={listed.pages} pathFor={pageLink} label="صفحات الكيانات" />
      </section>

      <section class="panel" aria-labelledby="proposed-title">
        <h2 id="proposed-title">
          في انتظار التأكيد <span class="count">({arabicCount.format(model.proposedTotal)})</span>
        </h2>
        {model.proposed.length === 0 ? (
          <p class="empty">لا كيانات في انتظار التأكيد.</p>
        ) : (
          <ol class="curation-list" data-list="proposed">
            {model.proposed.map((entity) => (
              <li key={entity.id} data-entity={String(entity.id)}>
                <span class="curation-list__headline">
                  <EntityName entity={entity} />
                </span>
                <span class="curation-list__meta">{articleCount(entity.articleCount)}</span>
                {model.canDecide && (
                  <span class="curation-list__actions">
                    <ActionForm
                      action={`${newsroomEntityPath(entity.id)}/confirm`}
                      csrfToken={csrfToken}
                      fields={{ back: 'list' }}
                      label="✓"
                      title={`تأكيد «${entity.name}»`}
                    />
                    <ActionForm
                      action={`${newsroomEntityPath(entity.id)}/reject`}
                      csrfToken={csrfToken}
                      fields={{ back: 'list' }}
                      label="✗"
                      title={`رفض «${entity.name}»`}
                      kind="danger"
                    />
                  </span>
                )}
              </li>
            ))}
          </ol>
        )}
        {model.proposedTotal > model.proposed.length && (
          <p class="more">
            <a href="/newsroom/entities?status=proposed">كل الكيانات في انتظار التأكيد</a>
          </p>
        )}
      </section>

      <section class="panel" aria-labelledby="duplicates-title">
        <h2 id="duplicates-title">قد تكون مكررة</h2>
        <p class="muted">
          كيانان من النوع نفسه يشتركان في الاسم أو اللقب، وتذكرهما المقالات نفسها أو مع الأسماء نفسها. «دمج» يضم الأقل
          مقالات إلى الأكثر.
        </p>
        {model.duplicates.length === 0 ? (
          <p class="empty">لا كيانات يُشتبه في تكرارها.</p>
        ) : (
          <ol class="curation-list" data-list="duplicates">
            {model.duplicates.map((pair) => {
              const [from, into] = smallerFirst(pair.entities);
              return (
                <li key={`${from.id}-${into.id}`} data-from={String(from.id)} data-into={String(into.id)}>
                  <span class="curation-list__headline">
                    <EntityName entity={from} /> <span class="muted">({articleCount(from.articleCount)})</span> ←{' '}
                    <EntityName entity={into} /> <span class="muted">({articleCount(into.articleCount)})</span>
                  </span>
                  <span class="curation-list__meta">
                    {pair.sameKey ? 'الاسم نفسه بكتابة أخرى' : 'اللقب نفسه'}
                    {pair.sharedArticles > 0 && ` · معا في ${articleCount(pair.sharedArticles)}`}
                    {pair.sharedNeighbours > 0 && ` · ${arabicCount.format(pair.sharedNeighbours)} أسماء مشتركة حولهما`}
                  </span>
                  {model.canDecide && (
                    <span class="curation-list__actions">
                      <ActionForm
                        action={`${newsroomEntityPath(from.id)}/merge`}
                        csrfToken={csrfToken}
                        fields={{ into: String(into.id), back: 'list' }}
                        label="دمج"
                        title={`دمج «${from.name}» في «${into.name}»`}
                      />
                    </span>
                  )}
                </li>
              );
            })}
          </ol>
        )}
      </section>
    </>
  );
}

/**
 * The pair as a merge takes it: the one with fewer articles first (it is merged into the
 * other); of two with as many, the newer (higher id) into the older.
 */
export function smallerFirst([a, b]: readonly [Entity, Entity]): [Entity, Entity] {
  if (a.articleCount !== b.articleCount) return a.articleCount < b.articleCount ? [a, b] : [b, a];
  return a.id > b.id ? [a, b] : [b, a];
}
