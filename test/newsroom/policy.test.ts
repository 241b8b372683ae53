import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ArticleStatus } from '../../src/content/article.ts';
import { WORKFLOW_ACTIONS } from '../../src/content/workflow.ts';
import {
  type Actor,
  ArticleHiddenError,
  authorize,
  can,
  PermissionDeniedError,
  POLICY_ACTIONS,
  type PolicyAction,
  WORKFLOW_PERMISSIONS,
} from '../../src/newsroom/policy.ts';
import { ROLES, type Role } from '../../src/newsroom/roles.ts';

/**
 * The policy as the newsroom expects it, written out row by row independently of the code.
 * Each cell: [own draft, own published, someone else's draft, someone else's published];
 * for actions on no article, one boolean.
 */
type ArticleCell = readonly [boolean, boolean, boolean, boolean];
const Y = true;
const N = false;
const ALL: ArticleCell = [Y, Y, Y, Y];
const OWN: ArticleCell = [Y, Y, N, N];
const OWN_DRAFT: ArticleCell = [Y, N, N, N];
const NONE: ArticleCell = [N, N, N, N];

const EXPECTED: Record<PolicyAction, Record<Role, ArticleCell | boolean>> = {
  'article.view': { owner: ALL, administrator: ALL, editor: ALL, author: OWN, contributor: OWN },
  'article.create': { owner: Y, administrator: Y, editor: Y, author: Y, contributor: Y },
  'article.edit': { owner: ALL, administrator: ALL, editor: ALL, author: OWN, contributor: OWN_DRAFT },
  'article.submit': { owner: ALL, administrator: ALL, editor: ALL, author: OWN, contributor: OWN },
  'article.withdraw': { owner: ALL, administrator: ALL, editor: ALL, author: OWN, contributor: OWN },
  'article.return': { owner: ALL, administrator: ALL, editor: ALL, author: NONE, contributor: NONE },
  'article.schedule': { owner: ALL, administrator: ALL, editor: ALL, author: OWN, contributor: NONE },
  'article.publish': { owner: ALL, administrator: ALL, editor: ALL, author: OWN, contributor: NONE },
  'article.unpublish': { owner: ALL, administrator: ALL, editor: ALL, author: OWN, contributor: NONE },
  'article.correct': { owner: ALL, administrator: ALL, editor: ALL, author: OWN, contributor: NONE },
  'article.live': { owner: ALL, administrator: ALL, editor: ALL, author: OWN, contributor: NONE },
  'media.upload': { owner: Y, administrator: Y, editor: Y, author: Y, contributor: Y },
  'media.edit': { owner: Y, administrator: Y, editor: Y, author: Y, contributor: Y },
  'home.curate': { owner: Y, administrator: Y, editor: Y, author: N, contributor: N },
  'breaking.manage': { owner: Y, administrator: Y, editor: Y, author: N, contributor: N },
  'stats.view': { owner: Y, administrator: Y, editor: Y, author: N, contributor: N },
  'entities.decide': { owner: Y, administrator: Y, editor: Y, author: N, contributor: N },
  'stories.manage': { owner: Y, administrator: Y, editor: Y, author: N, contributor: N },
  'comments.moderate': { owner: Y, administrator: Y, editor: Y, author: N, contributor: N },
  'users.manage': { owner: Y, administrator: Y, editor: N, author: N, contributor: N },
  'settings.manage': { owner: Y, administrator: Y, editor: N, author: N, contributor: N },
};

const ME = 7;
const SOMEONE_ELSE = 8;
const CASES: readonly { label: string; ownerId: number | null; status: ArticleStatus }[] = [
  { label: 'own draft', ownerId: ME, status: 'draft' },
  { label: 'own published', ownerId: ME, status: 'published' },
  { label: "another's draft", ownerId: SOMEONE_ELSE, status: 'draft' },
  { label: "another's published", ownerId: SOMEONE_ELSE, status: 'published' },
];

describe('the permission policy, role × action × ownership', () => {
  for (const action of POLICY_ACTIONS) {
    for (const role of ROLES) {
      const actor: Actor = { id: ME, role };
      const expected = EXPECTED[action][role];
      if (typeof expected === 'boolean') {
        it(`${role} ${expected ? 'may' : 'may not'} ${action}`, () => {
          assert.equal(can(actor, action), expected);
          if (expected) authorize(actor, action);
          else assert.throws(() => authorize(actor, action), PermissionDeniedError);
        });
        continue;
      }
      for (const [index, target] of CASES.entries()) {
        const allowed = expected[index];
        it(`${role} ${allowed ? 'may' : 'may not'} ${action} (${target.label})`, () => {
          assert.equal(can(actor, action, target), allowed);
          if (allowed) authorize(actor, action, target);
          else if (!can(actor, 'article.view', target))
            // An article one may not view is, to them, one that does not exist (issue 17).
            assert.throws(
              () => authorize(actor, action, target),
              (error: unknown) =>
                error instanceof ArticleHiddenError &&
                error.status === 404 &&
                error.code === 'article_not_found' &&
                /[\u0600-\u06ff]/.test(error.messageAr),
            );
          else
            assert.throws(
              () => authorize(actor, action, target),
              (error: unknown) =>
                error instanceof PermissionDeniedError &&
                error.status === 403 &&
                error.code === 'forbidden' &&
                /[\u0600-\u06ff]/.test(error.messageAr),
            );
        });
      }
    }
  }

  it('covers every action of the policy', () => {
    assert.deepEqual(Object.keys(EXPECTED).sort(), [...POLICY_ACTIONS].sort());
  });

  it('an imported article (no owner) belongs to nobody: only editors and above handle it', () => {
    const imported = { ownerId: null, status: 'published' as const };
    assert.equal(can({ id: ME, role: 'author' }, 'article.edit', imported), false);
    assert.equal(can({ id: null, role: 'author' }, 'article.edit', imported), false);
    assert.equal(can({ id: null, role: 'editor' }, 'article.edit', imported), true);
  });

  it('an action on one article asked without the article is refused, not allowed by default', () => {
    assert.equal(can({ id: ME, role: 'owner' }, 'article.publish'), false);
  });

  it('an unknown role is refused', () => {
    assert.equal(can({ id: ME, role: 'guest' as Role }, 'article.create'), false);
  });

  it('every workflow action has its permission', () => {
    for (const action of WORKFLOW_ACTIONS) assert.ok(POLICY_ACTIONS.includes(WORKFLOW_PERMISSIONS[action]), action);
  });
});
