import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ARTICLE_STATUSES, type ArticleStatus } from '../../src/content/article.ts';
import { DraftError } from '../../src/content/article-draft.ts';
import { NewsroomError } from '../../src/content/newsroom-error.ts';
import {
  actionsFrom,
  checkBodyGoingOut,
  isEmptyBody,
  planTransition,
  WORKFLOW_ACTIONS,
  type WorkflowAction,
  WorkflowError,
} from '../../src/content/workflow.ts';

const NOW = new Date('2026-11-29T10:00:00Z');
const LATER = new Date('2026-11-29T18:00:00Z');

/**
 * The whole table as the newsroom expects it, written out independently of the code:
 * for each state and action, where the article goes, or null when the action is refused.
 */
const EXPECTED: Record<ArticleStatus, Record<WorkflowAction, ArticleStatus | null>> = {
  draft: {
    submit: 'in_review',
    return: null,
    schedule: 'scheduled',
    publish: 'published',
    unpublish: null,
    correct: null,
    withdraw: null,
  },
  in_review: {
    submit: null,
    return: 'draft',
    schedule: 'scheduled',
    publish: 'published',
    unpublish: null,
    correct: null,
    withdraw: 'draft',
  },
  scheduled: {
    submit: null,
    return: 'draft',
    schedule: 'scheduled',
    publish: 'published',
    unpublish: null,
    correct: null,
    withdraw: 'draft',
  },
  published: {
    submit: null,
    return: null,
    schedule: null,
    publish: null,
    unpublish: 'unpublished',
    correct: 'published',
    withdraw: null,
  },
  unpublished: {
    submit: null,
    return: null,
    schedule: 'scheduled',
    publish: 'published',
    unpublish: null,
    correct: null,
    withdraw: 'draft',
  },
};

/** A request that gives every action what it needs. */
function complete(action: WorkflowAction) {
  return { action, note: 'خطأ في اسم الوزير: صُحّح', at: LATER, now: NOW };
}

describe('the workflow table', () => {
  for (const status of ARTICLE_STATUSES) {
    for (const action of WORKFLOW_ACTIONS) {
      const expected = EXPECTED[status][action];
      it(`${status} → ${action}: ${expected ?? 'refused'}`, () => {
        if (expected === null) {
          assert.throws(
            () => planTransition(status, complete(action)),
            (error: unknown) =>
              error instanceof WorkflowError &&
              error instanceof NewsroomError &&
              error.code === 'invalid_transition' &&
              error.status === 409 &&
              /[\u0600-\u06ff]/.test(error.messageAr),
          );
        } else {
          const planned = planTransition(status, complete(action));
          assert.equal(planned.from, status);
          assert.equal(planned.to, expected);
          assert.equal(planned.action, action);
        }
      });
    }
  }

  it('lists the actions open from each state, as the table does', () => {
    for (const status of ARTICLE_STATUSES) {
      const open = WORKFLOW_ACTIONS.filter((action) => EXPECTED[status][action] !== null);
      assert.deepEqual(actionsFrom(status), open, status);
    }
  });
});

describe('what transitions need', () => {
  it('return to author needs a note, kept trimmed', () => {
    assert.throws(
      () => planTransition('in_review', { action: 'return', note: '   ', now: NOW }),
      (error: unknown) => error instanceof WorkflowError && error.code === 'note_required' && error.status === 400,
    );
    const planned = planTransition('in_review', { action: 'return', note: '  أضف مصدر الخبر  ', now: NOW });
    assert.equal(planned.note, 'أضف مصدر الخبر');
  });

  it('a correction needs its public note, and not an endless one', () => {
    assert.throws(
      () => planTransition('published', { action: 'correct', now: NOW }),
      (error: unknown) => error instanceof WorkflowError && error.code === 'note_required',
    );
    assert.throws(
      () => planTransition('published', { action: 'correct', note: 'ت'.repeat(2001), now: NOW }),
      (error: unknown) => error instanceof WorkflowError && error.code === 'note_too_long',
    );
  });

  it('scheduling needs a valid time in the future', () => {
    for (const at of [undefined, null, new Date('not a date')]) {
      assert.throws(
        () => planTransition('in_review', { action: 'schedule', at, now: NOW }),
        (error: unknown) => error instanceof WorkflowError && error.code === 'schedule_time_required',
      );
    }
    for (const at of [NOW, new Date(NOW.getTime() - 60_000)]) {
      assert.throws(
        () => planTransition('in_review', { action: 'schedule', at, now: NOW }),
        (error: unknown) =>
          error instanceof WorkflowError && error.code === 'schedule_time_in_past' && error.messageAr.includes('مضى'),
      );
    }
    assert.equal(planTransition('in_review', { action: 'schedule', at: LATER, now: NOW }).at, LATER);
  });

  it('an unknown action is a clear 400, not a crash', () => {
    assert.throws(
      () => planTransition('draft', { action: 'delete' as WorkflowAction, now: NOW }),
      (error: unknown) => error instanceof WorkflowError && error.code === 'unknown_action' && error.status === 400,
    );
  });
});

describe('an empty body does not go out', () => {
  it('is empty with no block, or only text blocks without text', () => {
    assert.equal(isEmptyBody([]), true);
    assert.equal(
      isEmptyBody([
        { type: 'paragraph', text: ' \n ' },
        { type: 'heading', level: 2, text: '' },
        { type: 'list', ordered: false, items: [' '] },
      ]),
      true,
    );
    assert.equal(isEmptyBody([{ type: 'paragraph', text: 'نص' }]), false);
    assert.equal(isEmptyBody([{ type: 'image', src: '/media/1.jpg', alt: '' }]), false, 'a picture is something');
    assert.equal(isEmptyBody([{ type: 'embed', provider: 'youtube', url: 'https://youtu.be/x' }]), false);
  });

  it('is refused with a stable code and an Arabic reason: publish and schedule as workflow steps, saves naming the body', () => {
    for (const what of ['publish', 'schedule'] as const) {
      assert.throws(
        () => checkBodyGoingOut([], what),
        (error: unknown) =>
          error instanceof WorkflowError &&
          error.code === 'empty_body' &&
          error.status === 400 &&
          /فارغ/.test(error.messageAr),
      );
    }
    for (const what of ['update_published', 'update_scheduled'] as const) {
      assert.throws(
        () => checkBodyGoingOut([{ type: 'paragraph', text: '' }], what),
        (error: unknown) => error instanceof DraftError && error.code === 'empty_body' && error.field === 'body',
      );
    }
    assert.doesNotThrow(() => checkBodyGoingOut([{ type: 'paragraph', text: 'نص' }], 'publish'));
  });
});
