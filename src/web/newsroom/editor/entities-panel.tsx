import { useEffect, useState } from 'preact/hooks';
import { ENTITY_STATUS_NAMES, newsroomEntityPath } from '../entity-labels.ts';
import type { EditorApi } from './editor-api.ts';
import type { EditorEntity, EntityDecisionAnswer } from './editor-model.ts';
import { PanelNotices } from './panel-notices.tsx';

/**
 * «ما وجدناه في النص»: the people, organisations and places the saved text names, as every
 * save finds them (the save's answer carries them), each linked to its page in
 * /newsroom/entities. An editor (entities.decide) confirms (✓) or rejects (✗) one right here;
 * the list is then read again from GET /newsroom/articles/:id/entities.
 */
export function EntitiesPanel({
  api,
  articleId,
  entities: saved,
  canDecide,
}: {
  api: EditorApi;
  articleId: number;
  /** What the last save (or the page) found. */
  entities: EditorEntity[];
  canDecide: boolean;
}) {
  const [entities, setEntities] = useState(saved);
  const [busy, setBusy] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  // Every save brings the text's entities anew.
  useEffect(() => setEntities(saved), [saved]);

  async function decide(entity: EditorEntity, action: 'confirm' | 'reject'): Promise<void> {
    setBusy(entity.id);
    setError(null);
    setNotice(null);
    try {
      await api.post<EntityDecisionAnswer>(`${newsroomEntityPath(entity.id)}/${action}`, {});
      const answer = await api.get<{ entities: EditorEntity[] }>(`/newsroom/articles/${articleId}/entities`);
      setEntities(answer.entities);
      setNotice(
        action === 'confirm'
          ? `أُكّد «${entity.name}».`
          : `رُفض «${entity.name}»: لن يُقترح بعد الآن. يمكن التراجع عن ذلك من صفحته في «الكيانات».`,
      );
    } catch (e) {
      setError(e instanceof Error ? e.message : 'تعذر تنفيذ القرار.');
    } finally {
      setBusy(null);
    }
  }

  return (
    <section class="side-panel entities-panel" aria-labelledby="entities-panel-title" data-entities-panel>
      <h2 id="entities-panel-title">ما وجدناه في النص</h2>
      <PanelNotices error={error} notice={notice} />
      {entities.length === 0 ? (
        <p class="muted">لم نجد في النص المحفوظ أسماء أشخاص أو هيئات أو أماكن.</p>
      ) : (
        <ul class="entity-list">
          {entities.map((entity) => {
            const otherForms = entity.names.filter((n) => n !== entity.name);
            return (
              <li key={entity.id} class="entity-list__item" data-entity={String(entity.id)}>
                <span class="entity-list__name">
                  <a href={newsroomEntityPath(entity.id)}>
                    <bdi>{entity.name}</bdi>
                  </a>{' '}
                  <span class="entity-kind">{entity.typeName}</span>{' '}
                  <span class={`entity-status entity-status--${entity.status}`}>
                    {ENTITY_STATUS_NAMES[entity.status]}
                  </span>
                </span>
                {otherForms.length > 0 && (
                  <span class="entity-list__forms muted">
                    كما ورد:{' '}
                    {entity.names.map((form, i) => (
                      <span key={form}>
                        {i > 0 && '، '}
                        <bdi>{form}</bdi>
                      </span>
                    ))}
                  </span>
                )}
                {canDecide && (
                  <span class="entity-list__actions">
                    {entity.status !== 'confirmed' && (
                      <button
                        type="button"
                        class="secondary"
                        title={`تأكيد «${entity.name}»`}
                        aria-label={`تأكيد «${entity.name}»`}
                        disabled={busy !== null}
                        onClick={() => void decide(entity, 'confirm')}
                      >
                        ✓
                      </button>
                    )}
                    <button
                      type="button"
                      class="secondary"
                      title={`رفض «${entity.name}»`}
                      aria-label={`رفض «${entity.name}»`}
                      disabled={busy !== null}
                      onClick={() => void decide(entity, 'reject')}
                    >
                      ✗
                    </button>
                  </span>
                )}
              </li>
            );
          })}
        </ul>
      )}
      <p class="muted entities-panel__hint">تُحدَّث هذه القائمة بعد كل حفظ.</p>
    </section>
  );
}
