import type { User } from '../../../newsroom/accounts.ts';
import { ROLE_NAMES, ROLES, type Role } from '../../../newsroom/roles.ts';
import { CsrfField } from './csrf-field.tsx';
import { NewsroomTime } from './newsroom-time.tsx';
import { Notice } from './notice.tsx';

/** A reset link just issued, shown once to the administrator who hands it over. */
export interface IssuedLink {
  user: User;
  url: string;
  expiresAt: Date;
  /** Issued for a user just added (who has no password of their own yet). */
  newUser: boolean;
}

export interface UsersModel {
  viewer: User;
  users: User[];
  csrfToken: string;
  timeZone: string;
  /** Roles the viewer may give (only the owner makes another owner). */
  assignableRoles: readonly Role[];
  issued?: IssuedLink | undefined;
  error?: string | undefined;
  done?: string | undefined;
  /** What was typed in the add form, kept when it is refused. */
  draft?: { email: string; displayName: string; role: string } | undefined;
}

export function UsersPage({ model }: { model: UsersModel }) {
  const draft = model.draft ?? { email: '', displayName: '', role: 'contributor' };
  return (
    <>
      <section class="panel" aria-labelledby="users-title">
        <h1 id="users-title">المستخدمون</h1>
        <Notice kind="done">{model.done}</Notice>
        <Notice kind="error">{model.error}</Notice>
        {model.issued && <IssuedLinkNotice issued={model.issued} timeZone={model.timeZone} />}
        <table class="users">
          <thead>
            <tr>
              <th scope="col">الاسم</th>
              <th scope="col">البريد الإلكتروني</th>
              <th scope="col">الدور</th>
              <th scope="col">الحالة</th>
              <th scope="col">إجراءات</th>
            </tr>
          </thead>
          <tbody>
            {model.users.map((user) => (
              <tr key={user.id} class={user.disabledAt ? 'is-disabled' : undefined}>
                <td>
                  {user.displayName}
                  {user.demo && <span class="badge">تجريبي</span>}
                </td>
                <td>
                  <span dir="ltr">{user.email}</span>
                </td>
                <td>{ROLE_NAMES[user.role]}</td>
                <td>
                  {user.disabledAt ? (
                    <>
                      معطل منذ <NewsroomTime date={user.disabledAt} timeZone={model.timeZone} />
                    </>
                  ) : (
                    'نشط'
                  )}
                </td>
                <td class="actions">
                  <UserActions user={user} viewer={model.viewer} csrfToken={model.csrfToken} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section class="panel" aria-labelledby="add-user-title">
        <h2 id="add-user-title">إضافة مستخدم</h2>
        <p class="hint">يحصل المستخدم الجديد على رابط صالح لمدة 24 ساعة يختار به كلمة مروره. سلّمه الرابط بنفسك.</p>
        <form method="post" action="/newsroom/users" class="form">
          <CsrfField token={model.csrfToken} />
          <label for="new-email">البريد الإلكتروني</label>
          <input id="new-email" name="email" type="email" dir="ltr" required maxLength={254} value={draft.email} />
          <label for="new-name">الاسم كما يظهر في غرفة الأخبار</label>
          <input
            id="new-name"
            name="displayName"
            type="text"
            dir="auto"
            required
            maxLength={100}
            value={draft.displayName}
          />
          <label for="new-role">الدور</label>
          <select id="new-role" name="role">
            {ROLES.filter((role) => model.assignableRoles.includes(role)).map((role) => (
              <option key={role} value={role} selected={draft.role === role}>
                {ROLE_NAMES[role]}
              </option>
            ))}
          </select>
          <button type="submit">إضافة</button>
        </form>
      </section>
    </>
  );
}

function UserActions({ user, viewer, csrfToken }: { user: User; viewer: User; csrfToken: string }) {
  if (user.role === 'owner' && viewer.role !== 'owner') return null;
  return (
    <>
      {!user.disabledAt && (
        <form method="post" action={`/newsroom/users/${user.id}/reset-link`}>
          <CsrfField token={csrfToken} />
          <button type="submit">رابط كلمة مرور جديدة</button>
        </form>
      )}
      {user.id !== viewer.id && user.role !== 'owner' && (
        <form method="post" action={`/newsroom/users/${user.id}/${user.disabledAt ? 'enable' : 'disable'}`}>
          <CsrfField token={csrfToken} />
          <button type="submit" class={user.disabledAt ? undefined : 'button--danger'}>
            {user.disabledAt ? 'إعادة التفعيل' : 'تعطيل'}
          </button>
        </form>
      )}
    </>
  );
}

function IssuedLinkNotice({ issued, timeZone }: { issued: IssuedLink; timeZone: string }) {
  return (
    <div class="notice notice--done issued" role="status">
      <p>
        {issued.newUser ? 'أضيف الحساب. ' : ''}سلّم هذا الرابط إلى {issued.user.displayName} ليختار كلمة مروره، وهو صالح
        مرة واحدة حتى <NewsroomTime date={issued.expiresAt} timeZone={timeZone} />:
      </p>
      <p>
        <input
          class="issued__url"
          type="text"
          dir="ltr"
          readOnly
          value={issued.url}
          aria-label="رابط تعيين كلمة المرور"
        />
      </p>
      <p class="hint">لن يظهر هذا الرابط مرة أخرى؛ إصدار رابط جديد يلغي السابق.</p>
    </div>
  );
}
