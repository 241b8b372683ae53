import type { Section } from '../../../content/article.ts';
import { STATUS_NAMES } from '../../../content/workflow.ts';
import type { User } from '../../../newsroom/accounts.ts';
import { ROLE_NAMES } from '../../../newsroom/roles.ts';
import type { DeskItem, DeskLane } from '../../../store/newsroom-desk.ts';
import { BidiText } from '../../bidi-text.tsx';
import { NewsroomTime } from './newsroom-time.tsx';
import { Notice } from './notice.tsx';

export const LANE_TITLES: Readonly<Record<DeskLane, string>> = {
  drafts: 'مسوداتي',
  returned: 'أعيدت إليّ',
  review: 'في انتظار المراجعة',
  sent_back: 'أعدتها إلى كتّابها',
  scheduled: 'مجدولة للنشر',
  published: 'نشرت مؤخرا',
  unpublished: 'غير منشورة',
};

const EMPTY: Readonly<Record<DeskLane, string>> = {
  drafts: 'لا مسودات لك الآن.',
  returned: 'لم يُعد إليك أي مقال.',
  review: 'لا مقالات تنتظر المراجعة.',
  sent_back: 'لم تُعِد أي مقال إلى كاتبه.',
  scheduled: 'لا مقالات مجدولة.',
  published: 'لا مقالات منشورة.',
  unpublished: 'لا مقالات غير منشورة.',
};

/** The filters as the form and the links carry them. */
export interface DeskQuery {
  section?: Section | undefined;
  author?: { id: number; name: string } | undefined;
  q: string;
}

export interface LaneView {
  lane: DeskLane;
  items: DeskItem[];
  count?: number | undefined;
  hasMore: boolean;
}

export type DeskModel = {
  user: User;
  sections: readonly Section[];
  authors: readonly { id: number; name: string }[];
  query: DeskQuery;
  timeZone: string;
  mayCurate: boolean;
  error?: string | undefined;
} & (
  | { mode: 'overview'; lanes: LaneView[] }
  | { mode: 'lane'; lane: LaneView; page: number }
  | {
      mode: 'search';
      unpublished: DeskItem[];
      published: DeskItem[];
      publishedTotal: number;
      hasMore: boolean;
      page: number;
    }
);

/** The URL of the desk with these filters (and a list, a page). */
export function deskPath(query: DeskQuery, extra: { lane?: DeskLane; page?: number } = {}): string {
  const params = new URLSearchParams();
  if (query.q) params.set('q', query.q);
  if (query.section) params.set('section', query.section.slug);
  if (query.author) params.set('author', String(query.author.id));
  if (extra.lane) params.set('lane', extra.lane);
  if (extra.page && extra.page > 1) params.set('page', String(extra.page));
  const search = params.toString();
  return search ? `/newsroom?${search}` : '/newsroom';
}

export function DeskPage({ model }: { model: DeskModel }) {
  const { user } = model;
  return (
    <>
      <section class="panel desk-head" aria-labelledby="desk-title">
        <div class="desk-head__top">
          <h1 id="desk-title">مكتب التحرير</h1>
          <a class="button button--primary" href="/newsroom/articles/new">
            مقال جديد
          </a>
        </div>
        <p class="lead">
          مرحبا، {user.displayName} — دورك: <strong>{ROLE_NAMES[user.role]}</strong>
          {model.mayCurate && (
            <>
              {' '}
              · <a href="/newsroom/curation">الصفحة الرئيسية والأخبار العاجلة</a>
            </>
          )}
        </p>
        {user.mustChangePassword && (
          <Notice kind="error">كلمة المرور الحالية مؤقتة: اختر كلمة مرور جديدة من صفحة حسابك.</Notice>
        )}
        {user.demo && <Notice kind="info">هذا حساب تجريبي، كلمة مروره منشورة في دليل المشروع.</Notice>}
        <Notice kind="error">{model.error}</Notice>
        <DeskFilters model={model} />
      </section>
      {model.mode === 'overview' &&
        model.lanes.map((lane) => (
          <Lane key={lane.lane} view={lane} model={model} moreHref={deskPath(model.query, { lane: lane.lane })} />
        ))}
      {model.mode === 'lane' && (
        <>
          <Lane view={model.lane} model={model} />
          <Pager
            page={model.page}
            hasMore={model.lane.hasMore}
            pathFor={(page) => deskPath(model.query, { lane: model.lane.lane, page })}
          />
        </>
      )}
      {model.mode === 'search' && <SearchResults model={model} />}
    </>
  );
}

function DeskFilters({ model }: { model: DeskModel }) {
  const { query } = model;
  return (
    <search>
      <form class="desk-filters" method="get" action="/newsroom">
        <label>
          <span>العنوان</span>
          <input type="search" name="q" value={query.q} dir="auto" maxLength={200} placeholder="ابحث في العناوين" />
        </label>
        <label>
          <span>القسم</span>
          <select name="section">
            <option value="">كل الأقسام</option>
            {model.sections.map((s) => (
              <option key={s.id} value={s.slug} selected={query.section?.id === s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>الكاتب</span>
          <select name="author">
            <option value="">كل الكتاب</option>
            {model.authors.map((a) => (
              <option key={a.id} value={String(a.id)} selected={query.author?.id === a.id}>
                {a.name}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">تصفية</button>
        {(query.q || query.section || query.author || model.mode !== 'overview') && <a href="/newsroom">مسح</a>}
      </form>
    </search>
  );
}

function Lane({ view, model, moreHref }: { view: LaneView; model: DeskModel; moreHref?: string }) {
  const id = `lane-${view.lane}`;
  return (
    <section class="panel lane" aria-labelledby={id} data-lane={view.lane}>
      <h2 id={id}>
        {LANE_TITLES[view.lane]}
        {view.count !== undefined && <span class="count"> ({view.count})</span>}
      </h2>
      {view.items.length === 0 ? (
        <p class="empty">{EMPTY[view.lane]}</p>
      ) : (
        <ItemList items={view.items} model={model} lane={view.lane} />
      )}
      {moreHref && view.hasMore && (
        <p class="more">
          <a href={moreHref}>القائمة كاملة: {LANE_TITLES[view.lane]}</a>
        </p>
      )}
    </section>
  );
}

function ItemList({ items, model, lane }: { items: DeskItem[]; model: DeskModel; lane?: DeskLane }) {
  return (
    <ol class="desk-items">
      {items.map((item) => (
        <li key={item.id} class="desk-item" data-article={String(item.id)}>
          <a class="desk-item__headline" href={`/newsroom/articles/${item.id}`} dir="auto">
            {item.headline}
          </a>
          <span class="desk-item__meta">
            <span class={`status status--${item.status}`}>{STATUS_NAMES[item.status] ?? item.status}</span>
            {' · '}
            {model.sections.find((s) => s.id === item.sectionId)?.name ?? ''}
            {(item.bylines.length > 0 || item.ownerName) && (
              <>
                {' · '}
                <span dir="auto">{item.bylines.length > 0 ? item.bylines.join('، ') : item.ownerName}</span>
              </>
            )}
            {' · '}
            <ItemTime item={item} lane={lane} timeZone={model.timeZone} />
          </span>
          {item.returned && (
            <span class="desk-item__note">
              {lane === 'sent_back'
                ? `ملاحظتك إلى ${item.ownerName ?? 'الكاتب'}:`
                : `ملاحظة ${item.returned.byName ? `المحرر ${item.returned.byName}` : 'المحرر'}:`}{' '}
              <span>
                <BidiText text={item.returned.note || '—'} />
              </span>
            </span>
          )}
        </li>
      ))}
    </ol>
  );
}

function ItemTime({ item, lane, timeZone }: { item: DeskItem; lane: DeskLane | undefined; timeZone: string }) {
  if (item.status === 'scheduled' && item.publishedAt) {
    return (
      <>
        يُنشر <NewsroomTime date={item.publishedAt} timeZone={timeZone} />
      </>
    );
  }
  if (item.status === 'published' && item.publishedAt) {
    return (
      <>
        نُشر <NewsroomTime date={item.publishedAt} timeZone={timeZone} />
      </>
    );
  }
  if ((lane === 'returned' || lane === 'sent_back') && item.returned) {
    return (
      <>
        أعيد <NewsroomTime date={item.returned.at} timeZone={timeZone} />
      </>
    );
  }
  return (
    <>
      عُدّل <NewsroomTime date={item.updatedAt} timeZone={timeZone} />
    </>
  );
}

function SearchResults({ model }: { model: Extract<DeskModel, { mode: 'search' }> }) {
  return (
    <>
      {model.page === 1 && (
        <section class="panel lane" aria-labelledby="found-unpublished">
          <h2 id="found-unpublished">
            غير منشورة <span class="count">({model.unpublished.length})</span>
          </h2>
          {model.unpublished.length === 0 ? (
            <p class="empty">لا مسودات ولا مقالات غير منشورة بهذا العنوان.</p>
          ) : (
            <ItemList items={model.unpublished} model={model} />
          )}
        </section>
      )}
      <section class="panel lane" aria-labelledby="found-published">
        <h2 id="found-published">
          منشورة <span class="count">({model.publishedTotal})</span>
        </h2>
        {model.published.length === 0 ? (
          <p class="empty">لا مقالات منشورة بهذا العنوان.</p>
        ) : (
          <ItemList items={model.published} model={model} />
        )}
      </section>
      <Pager page={model.page} hasMore={model.hasMore} pathFor={(page) => deskPath(model.query, { page })} />
    </>
  );
}

function Pager({ page, hasMore, pathFor }: { page: number; hasMore: boolean; pathFor: (page: number) => string }) {
  if (page === 1 && !hasMore) return null;
  return (
    <nav class="pager" aria-label="الصفحات">
      {page > 1 && (
        <a href={pathFor(page - 1)} rel="prev">
          السابق
        </a>
      )}
      <span>الصفحة {page}</span>
      {hasMore && (
        <a href={pathFor(page + 1)} rel="next">
          التالي
        </a>
      )}
    </nav>
  );
}
