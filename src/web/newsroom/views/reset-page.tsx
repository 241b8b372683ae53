import { CsrfField } from './csrf-field.tsx';
import { Notice } from './notice.tsx';

export interface ResetModel {
  /** Path of this page (it holds the token). */
  action: string;
  displayName: string;
  email: string;
  csrfToken: string;
  error?: string | undefined;
}

export function ResetPage({ model }: { model: ResetModel }) {
  return (
    <section class="panel panel--narrow" aria-labelledby="reset-title">
      <h1 id="reset-title">اختيار كلمة مرور جديدة</h1>
      <p>
        الحساب: {model.displayName} (<span dir="ltr">{model.email}</span>)
      </p>
      <Notice kind="error">{model.error}</Notice>
      <form method="post" action={model.action} class="form">
        <CsrfField token={model.csrfToken} />
        <input type="email" name="username" value={model.email} autocomplete="username" hidden readOnly />
        <label for="new-password">كلمة المرور الجديدة (10 أحرف على الأقل)</label>
        <input
          id="new-password"
          name="newPassword"
          type="password"
          dir="auto"
          autocomplete="new-password"
          required
          minLength={10}
          maxLength={256}
        />
        <label for="confirm-password">أعد كتابتها</label>
        <input
          id="confirm-password"
          name="confirmPassword"
          type="password"
          dir="auto"
          autocomplete="new-password"
          required
          minLength={10}
          maxLength={256}
        />
        <button type="submit">حفظ كلمة المرور</button>
      </form>
    </section>
  );
}
