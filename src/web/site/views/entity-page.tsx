import { formatMoroccanMonth, isoCalendarDate } from '../../../arabic/dates.ts';
import type { Entity } from '../../../entities/entity.ts';
import type { RelatedEntity } from '../../../store/entities.ts';
import type { TimelineMonth } from '../../../store/entity-timeline.ts';
import { BidiText } from '../../bidi-text.tsx';
import { articlePath, entityPath, FEED_FILES, type FeedFormat, feedPath } from '../urls.ts';
import { articleCount } from './article-list-page.tsx';
import { ENTITY_KINDS } from './entity-kinds.ts';

/**
 * The parts of an entity's page around its list of articles (ArticleListPage shows the name,
 * the count and the articles), and the entity's card on the search page.
 */

/** Under the name: what it is, and every spelling the archive has seen. */
export function EntityIntro({ entity }: { entity: Entity }) {
  return (
    <div class="entity-intro">
      <p class="entity-kind">{ENTITY_KINDS[entity.type].one}</p>
      {entity.names.length > 1 && <Spellings label="الصيغ الواردة في الأخبار" names={entity.names} />}
    </div>
  );
}

/**
 * «السياق» on an entity's page (store/entity-timeline.ts): its coverage month by month, oldest
 * first, each month with its count and the article that leads it. Shown from two months up.
 */
export function EntityContext({ entity, months }: { entity: Entity; months: readonly TimelineMonth[] }) {
  if (months.length < 2) return null;
  return (
    <aside class="story-context" aria-labelledby="entity-context-title">
      <h2 class="section-title" id="entity-context-title">
        <span>السياق</span>
      </h2>
      <p class="story-context__intro">{entity.name} في الأخبار، شهرا بشهر:</p>
      <ol class="story-context__list">
        {months.map(({ year, month, count, lead }) => (
          <li key={`${year}-${month}`}>
            <time class="story-context__when" dateTime={isoCalendarDate({ year, month })}>
              {formatMoroccanMonth(year, month)}
            </time>
            <a class="story-context__text" href={articlePath(lead)}>
              <BidiText text={lead.headline} />
            </a>
            <span class="story-context__count">{articleCount(count)}</span>
          </li>
        ))}
      </ol>
    </aside>
  );
}

/** After the list: the entities most often named with this one, and the page's feeds. */
export function EntityAside({ entity, related }: { entity: Entity; related: readonly RelatedEntity[] }) {
  return (
    <>
      {related.length > 0 && (
        <aside class="related-entities" aria-labelledby="related-entities-title">
          <h2 id="related-entities-title">يُذكر معه كثيرا</h2>
          <ul class="chips">
            {related.map(({ entity: other }) => (
              <li key={other.id}>
                <a class="chip" href={entityPath(other)}>
                  {other.name}
                  <span class="visually-hidden"> ({ENTITY_KINDS[other.type].one})</span>
                </a>
              </li>
            ))}
          </ul>
        </aside>
      )}
      <FeedLinks listPath={entityPath(entity)} />
    </>
  );
}

const FEED_NAMES: Record<FeedFormat, string> = { rss: 'RSS', atom: 'Atom', json: 'JSON Feed' };

/** The list's three feeds as links (the head announces them too); a story's page shows them too. */
export function FeedLinks({ listPath }: { listPath: string }) {
  return (
    <nav class="feed-links" aria-labelledby="feed-links-title">
      <h2 id="feed-links-title">خلاصات هذه الصفحة</h2>
      <ul>
        {(Object.keys(FEED_FILES) as FeedFormat[]).map((format) => (
          <li key={format}>
            <a href={feedPath(listPath, format)} dir="ltr">
              {FEED_NAMES[format]}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** The search page's card, above the results, for a query that names an entity. */
export function EntityCard({ entity }: { entity: Entity }) {
  const others = entity.names.filter((name) => name !== entity.name);
  return (
    <aside class="entity-card" aria-labelledby="entity-card-title">
      <p class="entity-kind">{ENTITY_KINDS[entity.type].one}</p>
      <h2 id="entity-card-title">
        <a href={entityPath(entity)}>{entity.name}</a>
      </h2>
      {others.length > 0 && <Spellings label="يُكتب أيضا" names={others} />}
      <p class="entity-card__count">
        {articleCount(entity.articleCount)} — <a href={entityPath(entity)}>كل المقالات ←</a>
      </p>
    </aside>
  );
}

/** Names in a line, each isolated (a Latin spelling keeps its place among Arabic ones): «بيني گانتز · گانتز · جانتس». */
function Spellings({ label, names }: { label: string; names: readonly string[] }) {
  return (
    <p class="spellings">
      {label}:{' '}
      {names.map((name, i) => (
        <span key={name}>
          {i > 0 && ' · '}
          <bdi>{name}</bdi>
        </span>
      ))}
    </p>
  );
}
