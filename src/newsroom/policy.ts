import type { ArticleStatus } from '../content/article.ts';
import { NewsroomError } from '../content/newsroom-error.ts';
import type { WorkflowAction } from '../content/workflow.ts';
import { ROLE_NAMES, type Role } from './roles.ts';

/**
 * The one permission policy of the newsroom: role × action × ownership. Every newsroom route,
 * every write API call and the newsroom's store ask `can` (or `authorize`) and nothing else.
 *
 * Contributors write their own drafts and send them for review; authors also publish (and
 * schedule, unpublish, correct) their own; editors handle everyone's articles, home page
 * curation and breaking news, stories («ملفات»), readers' comments, read the audience statistics and decide about the entities the
 * articles name (confirm, reject, rename, merge, split); administrators and the owner can do
 * all that and also manage users and settings.
 */

/** Whoever is acting: a signed-in user (id may be null before accounts exist) and their role. */
export interface Actor {
  id: number | null;
  role: Role;
}

/** What the policy needs to know of an article: whose it is and where it stands. */
export interface ArticleOwnership {
  /** The user who created it; null for imported articles, which belong to nobody. */
  ownerId: number | null;
  status: ArticleStatus;
}

export const POLICY_ACTIONS = [
  'article.view',
  'article.create',
  'article.edit',
  'article.submit',
  'article.withdraw',
  'article.return',
  'article.schedule',
  'article.publish',
  'article.unpublish',
  'article.correct',
  'article.live',
  'media.upload',
  'media.edit',
  'home.curate',
  'breaking.manage',
  'stats.view',
  'entities.decide',
  'stories.manage',
  'comments.moderate',
  'users.manage',
  'settings.manage',
] as const;
export type PolicyAction = (typeof POLICY_ACTIONS)[number];

/**
 * How far a role reaches for an action: `any` article, only its `own`, only its own while it is
 * a draft (`own-draft`), or `none`. Actions that concern no article use `any` or `none`.
 */
export type Reach = 'any' | 'own' | 'own-draft' | 'none';

/** The policy as a table: one row per action, one column per role. */
export const POLICY: Readonly<Record<PolicyAction, Readonly<Record<Role, Reach>>>> = {
  //                  owner   administrator  editor   author  contributor
  'article.view': row('any', 'any', 'any', 'own', 'own'),
  'article.create': row('any', 'any', 'any', 'any', 'any'),
  'article.edit': row('any', 'any', 'any', 'own', 'own-draft'),
  'article.submit': row('any', 'any', 'any', 'own', 'own'),
  'article.withdraw': row('any', 'any', 'any', 'own', 'own'),
  'article.return': row('any', 'any', 'any', 'none', 'none'),
  'article.schedule': row('any', 'any', 'any', 'own', 'none'),
  'article.publish': row('any', 'any', 'any', 'own', 'none'),
  'article.unpublish': row('any', 'any', 'any', 'own', 'none'),
  'article.correct': row('any', 'any', 'any', 'own', 'none'),
  // Live coverage («تغطية مباشرة») publishes entries at once: whoever may publish the article runs it.
  'article.live': row('any', 'any', 'any', 'own', 'none'),
  'media.upload': row('any', 'any', 'any', 'any', 'any'),
  // The library is shared, like a photo desk: whoever may upload may describe any image.
  'media.edit': row('any', 'any', 'any', 'any', 'any'),
  'home.curate': row('any', 'any', 'any', 'none', 'none'),
  'breaking.manage': row('any', 'any', 'any', 'none', 'none'),
  'stats.view': row('any', 'any', 'any', 'none', 'none'),
  // Confirming, rejecting, renaming, merging and splitting the archive's people, organisations
  // and places changes every article page that names them: editors decide; everyone may look.
  'entities.decide': row('any', 'any', 'any', 'none', 'none'),
  // A story («ملف») has its own page and feed, and names every article in it: editors open,
  // rename and fill stories; everyone in the newsroom may look.
  'stories.manage': row('any', 'any', 'any', 'none', 'none'),
  // Readers' comments are published under the newspaper's name: editors approve, reject and ban.
  'comments.moderate': row('any', 'any', 'any', 'none', 'none'),
  'users.manage': row('any', 'any', 'none', 'none', 'none'),
  'settings.manage': row('any', 'any', 'none', 'none', 'none'),
};

function row(owner: Reach, administrator: Reach, editor: Reach, author: Reach, contributor: Reach) {
  return { owner, administrator, editor, author, contributor };
}

/** The policy action behind each workflow action. */
export const WORKFLOW_PERMISSIONS: Readonly<Record<WorkflowAction, PolicyAction>> = {
  submit: 'article.submit',
  withdraw: 'article.withdraw',
  return: 'article.return',
  schedule: 'article.schedule',
  publish: 'article.publish',
  unpublish: 'article.unpublish',
  correct: 'article.correct',
};

/** Actions that concern one article: asking them without the article is refused. */
const ARTICLE_ACTIONS = new Set<PolicyAction>(
  POLICY_ACTIONS.filter((a) => a.startsWith('article.') && a !== 'article.create'),
);

/** Whether `actor` may do `action` (to `article`, for actions on one article). */
export function can(actor: Actor, action: PolicyAction, article?: ArticleOwnership): boolean {
  const reach = POLICY[action]?.[actor.role];
  if (reach === undefined || reach === 'none') return false;
  if (!ARTICLE_ACTIONS.has(action)) return reach === 'any';
  if (!article) return false;
  if (reach === 'any') return true;
  const own = actor.id !== null && article.ownerId === actor.id;
  return reach === 'own' ? own : own && article.status === 'draft';
}

/** The policy said no: 403 with the reason in Arabic. */
export class PermissionDeniedError extends NewsroomError {}

const ACTION_NAMES: Readonly<Record<PolicyAction, string>> = {
  'article.view': 'عرض هذا المقال',
  'article.create': 'كتابة مقال',
  'article.edit': 'تعديل هذا المقال',
  'article.submit': 'إرسال هذا المقال للمراجعة',
  'article.withdraw': 'إرجاع هذا المقال إلى المسودة',
  'article.return': 'إعادة هذا المقال إلى كاتبه',
  'article.schedule': 'جدولة نشر هذا المقال',
  'article.publish': 'نشر هذا المقال',
  'article.unpublish': 'إلغاء نشر هذا المقال',
  'article.correct': 'نشر تصحيح لهذا المقال',
  'article.live': 'إدارة التغطية المباشرة لهذا المقال',
  'media.upload': 'رفع الصور',
  'media.edit': 'تعديل وصف الصور',
  'home.curate': 'ترتيب الصفحة الرئيسية',
  'breaking.manage': 'إدارة الأخبار العاجلة',
  'stats.view': 'الاطلاع على إحصاءات القراءة والبحث',
  'entities.decide': 'اتخاذ القرارات بشأن الكيانات (تأكيد، رفض، تسمية، دمج، فصل، تراجع)',
  'stories.manage': 'إدارة الملفات (إنشاؤها وتسميتها وإضافة المقالات إليها)',
  'comments.moderate': 'الإشراف على تعليقات القراء',
  'users.manage': 'إدارة المستخدمين',
  'settings.manage': 'تعديل الإعدادات',
};

/**
 * An article the actor may not even view is, to them, an article that does not exist: 404, as
 * for an id that names none, so that nobody learns from the answer which ids are taken.
 */
export class ArticleHiddenError extends NewsroomError {
  constructor() {
    super('article_not_found', 'There is no such article.', 'هذا المقال غير موجود.', 404);
  }
}

/**
 * Throws unless `can(actor, action, article)`: ArticleHiddenError (404) when the actor may not
 * view the article at all, else PermissionDeniedError (403: they see it, but may not do this).
 */
export function authorize(actor: Actor, action: PolicyAction, article?: ArticleOwnership): void {
  if (can(actor, action, article)) return;
  if (article && ARTICLE_ACTIONS.has(action) && !can(actor, 'article.view', article)) throw new ArticleHiddenError();
  throw new PermissionDeniedError(
    'forbidden',
    `A ${actor.role} may not do ${action}${article ? ' to this article' : ''}.`,
    `لا يحق لك بصفتك «${ROLE_NAMES[actor.role] ?? actor.role}» ${ACTION_NAMES[action] ?? action}.`,
    403,
  );
}
