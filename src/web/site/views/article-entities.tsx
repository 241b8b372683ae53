import type { ArticleEntity } from '../../../entities/entity.ts';
import type { EntityType } from '../../../entities/found-entity.ts';
import { entityPath } from '../urls.ts';
import { ENTITY_KINDS } from './entity-kinds.ts';

/**
 * «في هذا المقال»: the people, organisations and places an article is about, each a link to
 * its page, grouped by kind. `entities` come prominent first (store/entities.ts forArticle):
 * the groups follow that order too, so the kind of the headline's first name leads.
 */
export function ArticleEntities({ entities }: { entities: readonly ArticleEntity[] }) {
  if (entities.length === 0) return null;
  const groups = new Map<EntityType, ArticleEntity[]>();
  for (const entity of entities) groups.set(entity.type, [...(groups.get(entity.type) ?? []), entity]);
  return (
    <section class="entities" aria-labelledby="entities-title">
      <h2 id="entities-title">في هذا المقال</h2>
      {[...groups].map(([type, members]) => (
        <div key={type} class="entities__group">
          <h3 id={`entities-${type}`}>{ENTITY_KINDS[type].many}</h3>
          <ul class="chips" aria-labelledby={`entities-${type}`}>
            {members.map((entity) => (
              <li key={entity.id}>
                <a class={entity.prominent ? 'chip chip--prominent' : 'chip'} href={entityPath(entity)}>
                  {entity.name}
                </a>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}
