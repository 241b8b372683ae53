import type { User } from '../../../newsroom/accounts.ts';
import { ROLE_NAMES } from '../../../newsroom/roles.ts';
import type { Session } from '../../../newsroom/sessions.ts';
import { CsrfField } from './csrf-field.tsx';
import { NewPasswordFields } from './new-password-fields.tsx';
import { NewsroomTime } from './newsroom-time.tsx';
import { Notice } from './notice.tsx';

export interface AccountModel {
  user: User;
  currentSessionId: number;
  sessions: Session[];
  csrfToken: string;
  timeZone: string;
  error?: string | undefined;
  done?: string | undefined;
}

export function AccountPage({ model }: { model: AccountModel }) {
  const { user } = model;
  const others = model.sessions.filter((s) => s.id !== model.currentSessionId).length;
  return (
    <>
      <section class="panel" aria-labelledby="account-title">
        <h1 id="account-title">حسابي</h1>
        <Notice kind="done">{model.done}</Notice>
        <Notice kind="error">{model.error}</Notice>
        <dl class="facts">
          <dt>الاسم</dt>
          <dd>{user.displayName}</dd>
          <dt>البريد الإلكتروني</dt>
          <dd>
            <span dir="ltr">{user.email}</span>
          </dd>
          <dt>الدور</dt>
          <dd>{ROLE_NAMES[user.role]}</dd>
        </dl>
      </section>

      <section class="panel" aria-labelledby="password-title">
        <h2 id="password-title">تغيير كلمة المرور</h2>
        {user.mustChangePassword && <Notice kind="info">كلمة مرورك الحالية مؤقتة: اختر واحدة جديدة.</Notice>}
        <form method="post" action="/newsroom/account/password" class="form">
          <CsrfField token={model.csrfToken} />
          <label for="current-password">كلمة المرور الحالية</label>
          <input
            id="current-password"
            name="currentPassword"
            type="password"
            dir="auto"
            autocomplete="current-password"
            required
            maxLength={256}
          />
          <NewPasswordFields confirmLabel="أعد كتابة كلمة المرور الجديدة" />
          <button type="submit">حفظ كلمة المرور</button>
        </form>
      </section>

      <section class="panel" aria-labelledby="sessions-title">
        <h2 id="sessions-title">الأجهزة التي دخلت منها</h2>
        <ul class="sessions">
          {model.sessions.map((session) => (
            <li key={session.id}>
              <span dir="auto">{session.userAgent ?? 'متصفح غير معروف'}</span>
              {session.id === model.currentSessionId && <strong> (هذا الجهاز)</strong>}
              <br />
              <small>
                آخر استعمال: <NewsroomTime date={session.lastSeenAt} timeZone={model.timeZone} />
              </small>
            </li>
          ))}
        </ul>
        <form method="post" action="/newsroom/account/sign-out-everywhere" class="form form--inline">
          <CsrfField token={model.csrfToken} />
          <button type="submit" class="button--danger">
            تسجيل الخروج من كل الأجهزة الأخرى{others > 0 ? ` (${others})` : ''}
          </button>
        </form>
      </section>
    </>
  );
}
