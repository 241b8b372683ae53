import type { ComponentChildren } from 'preact';
import { useMemo, useState } from 'preact/hooks';
import { blocksToText } from '../../../content/blocks.ts';
import {
  type BodyPart,
  type ClashChoice,
  defaultChoice,
  defaultFieldChoice,
  type FieldName,
  mergeDrafts,
  resolveDraft,
  sameValue,
} from './draft-merge.ts';
import { COMPARED_FIELDS, fieldText } from './draft-text.ts';
import type { EditorDraft } from './editor-model.ts';
import { WordDiff } from './word-diff.tsx';

export interface Conflict {
  message: string;
  currentRevision: number;
  keptAsRevision: number | null;
  /** The version someone else saved. */
  current: EditorDraft;
  /** The revision both started from, when known. */
  base: EditorDraft | null;
}

type Clash = Extract<BodyPart, { clash: true }>;

/**
 * Someone saved the article after this editor opened it: a three-way merge from the revision
 * both started from (draft-merge.ts). What only one side changed (a field, or a block of the
 * body: paragraph, heading, quote, list, image, embed) is taken from that side by itself; what
 * both changed differently is shown, block by block, and waits for the editor's choice
 * (nothing is settled silently). Fields that differ are listed with the side they start on,
 * which the editor may change. "Save the merge" saves the result from the other's revision.
 * This editor's text is already kept as a revision on the server and in this browser, and the
 * editor stays open meanwhile: `mine` is the text as it is now, typing included.
 */
export function ConflictView({
  conflict,
  mine,
  onMerge,
}: {
  conflict: Conflict;
  mine: EditorDraft;
  onMerge: (merged: EditorDraft) => void;
}) {
  const theirs = conflict.current;
  const merge = useMemo(() => mergeDrafts(conflict.base, mine, theirs), [conflict, mine]);
  const [fieldChoices, setFieldChoices] = useState<Partial<Record<FieldName, 'mine' | 'theirs'>>>({});
  const [blockChoices, setBlockChoices] = useState<Record<string, ClashChoice>>({});
  const labels = new Map<string, string>(COMPARED_FIELDS);
  const fields = merge.fields.filter(({ merge: m }) => m.clash || m.from !== 'both');
  const clashes = merge.body.filter((part): part is Clash => part.clash);
  const bodyChanged = clashes.length > 0 || !sameValue(mine.body, theirs.body);
  const merged = resolveDraft(merge, mine, theirs, fieldChoices, blockChoices);
  const open =
    fields.filter(({ field, merge: m }) => (fieldChoices[field] ?? defaultFieldChoice(m)) === undefined).length +
    clashes.filter((part) => (blockChoices[part.key] ?? defaultChoice(part)) === undefined).length;
  return (
    <section class="conflict" aria-labelledby="conflict-title">
      <h2 id="conflict-title">تعارض: عدّل شخص آخر هذا المقال</h2>
      <p role="alert">{conflict.message}</p>
      <p class="muted">
        لم يضع شيء: نصك محفوظ
        {conflict.keptAsRevision !== null ? ` في النسخة ${conflict.keptAsRevision} على الخادم` : ''} وفي هذا المتصفح.
        {conflict.base
          ? ' ما غيّره أحدكما وحده يُدمج تلقائيا، وما غيّره كلاكما بشكل مختلف يُعرض هنا لتختار ما يبقى منه.'
          : ' تعذر العثور على النسخة التي بدأتما منها: اختر لكل اختلاف ما يبقى.'}
      </p>
      {fields.length === 0 && !bodyChanged && <p>النسختان متطابقتان: احفظ لتأكيد ذلك.</p>}
      <div class="conflict__fields">
        {fields.map(({ field, merge: m }) => {
          const choice = fieldChoices[field] ?? defaultFieldChoice(m);
          const label = labels.get(field) ?? field;
          return (
            <fieldset key={field} class={m.clash ? 'conflict__field conflict__field--clash' : 'conflict__field'}>
              <legend>
                {label}
                {m.clash ? ' — غيّره كلاكما: اختر' : m.from === 'theirs' ? ' — من النسخة المحفوظة' : ' — من نسختك'}
              </legend>
              <div class="conflict__sides">
                <Side
                  name={`merge-${field}`}
                  chosen={choice === 'theirs'}
                  title={`النسخة المحفوظة (رقم ${conflict.currentRevision})`}
                  onChoose={() => setFieldChoices({ ...fieldChoices, [field]: 'theirs' })}
                >
                  <p class="side__text">{fieldText(theirs, field) || '—'}</p>
                </Side>
                <Side
                  name={`merge-${field}`}
                  chosen={choice === 'mine'}
                  title="نسختك"
                  onChoose={() => setFieldChoices({ ...fieldChoices, [field]: 'mine' })}
                >
                  <WordDiff before={fieldText(theirs, field)} after={fieldText(mine, field)} />
                </Side>
              </div>
            </fieldset>
          );
        })}
        {bodyChanged && (
          <fieldset class="conflict__field conflict__body">
            <legend>النص</legend>
            <p class="muted">
              {clashes.length === 0
                ? 'دُمجت تعديلات النص فقرة بفقرة: تعديلات النسخة المحفوظة وتعديلاتك معا.'
                : `دُمج ما عدّله أحدكما وحده. ${clashes.length === 1 ? 'فقرة واحدة غيّرها' : `${clashes.length} فقرات غيّرها`} كلاكما: اختر لكل منها ما يبقى.`}
            </p>
            {clashes.map((part) => (
              <BlockClash
                key={part.key}
                part={part}
                number={positionOf(merge.body, part)}
                revision={conflict.currentRevision}
                choice={blockChoices[part.key] ?? defaultChoice(part)}
                onChoose={(choice) => setBlockChoices({ ...blockChoices, [part.key]: choice })}
              />
            ))}
          </fieldset>
        )}
      </div>
      {open > 0 && (
        <p class="field-error" role="status">
          {open === 1 ? 'بقي اختلاف واحد لم تختر له بعد.' : `بقيت ${open} اختلافات لم تختر لها بعد.`}
        </p>
      )}
      <button type="button" class="primary" disabled={merged === null} onClick={() => merged && onMerge(merged)}>
        حفظ الدمج
      </button>
    </section>
  );
}

/** One side of a choice: a radio and what it keeps. */
function Side({
  name,
  chosen,
  title,
  onChoose,
  children,
}: {
  name: string;
  chosen: boolean;
  title: string;
  onChoose: () => void;
  children: ComponentChildren;
}) {
  return (
    <label class={chosen ? 'side side--chosen' : 'side'}>
      <span class="side__title">
        <input type="radio" name={name} checked={chosen} onChange={onChoose} /> {title}
      </span>
      {children}
    </label>
  );
}

/** A block both changed differently (or both wrote new blocks at one place): the saved version, this one, or both. */
function BlockClash({
  part,
  number,
  revision,
  choice,
  onChoose,
}: {
  part: Clash;
  number: number;
  revision: number;
  choice: ClashChoice | undefined;
  onChoose: (choice: ClashChoice) => void;
}) {
  const name = `merge-block-${part.key}`;
  const theirsText = blocksToText(part.theirs);
  const mineText = blocksToText(part.mine);
  return (
    <div class="conflict__block" data-clash={part.key}>
      <h3 class="conflict__block-title">
        {part.base === null ? `إضافات في الموضع نفسه (بعد الفقرة ${number})` : `الفقرة ${number + 1}`}
      </h3>
      {part.base !== null && <p class="muted conflict__base">كانت: {blocksToText([part.base]) || '—'}</p>}
      <div class="conflict__sides">
        <Side
          name={name}
          chosen={choice === 'theirs'}
          title={`النسخة المحفوظة (رقم ${revision})`}
          onChoose={() => onChoose('theirs')}
        >
          <p class="side__text">{part.theirs.length === 0 ? '(حُذفت)' : theirsText || '—'}</p>
        </Side>
        <Side name={name} chosen={choice === 'mine'} title="نسختك" onChoose={() => onChoose('mine')}>
          {part.mine.length === 0 ? (
            <p class="side__text">(حذفتها)</p>
          ) : (
            <WordDiff before={theirsText} after={mineText} />
          )}
        </Side>
      </div>
      <Side
        name={name}
        chosen={choice === 'both'}
        title="الاثنتان: المحفوظة ثم نسختك"
        onChoose={() => onChoose('both')}
      >
        {null}
      </Side>
    </div>
  );
}

/** How many blocks of the merged body come before a clash (its place, for the person). */
function positionOf(parts: readonly BodyPart[], clash: Clash): number {
  let count = 0;
  for (const part of parts) {
    if (part === clash) break;
    count += part.clash ? Math.max(part.theirs.length, part.mine.length) : part.blocks.length;
  }
  return count;
}
