import { CsrfField } from './csrf-field.tsx';
import { NewPasswordFields } from './new-password-fields.tsx';
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
        <NewPasswordFields confirmLabel="أعد كتابتها" />
        <button type="submit">حفظ كلمة المرور</button>
      </form>
    </section>
  );
}
