import { CsrfField } from './csrf-field.tsx';
import { Notice } from './notice.tsx';

export interface SignInModel {
  csrfToken: string;
  email: string;
  /** Where to go once signed in (a newsroom path, already checked). */
  next?: string | undefined;
  error?: string | undefined;
  info?: string | undefined;
}

export function SignInPage({ model }: { model: SignInModel }) {
  return (
    <section class="panel panel--narrow" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">تسجيل الدخول</h1>
      <Notice kind="info">{model.info}</Notice>
      <Notice kind="error">{model.error}</Notice>
      <form method="post" action="/newsroom/sign-in" class="form">
        <CsrfField token={model.csrfToken} />
        {model.next && <input type="hidden" name="next" value={model.next} />}
        <label for="email">البريد الإلكتروني</label>
        <input
          id="email"
          name="email"
          type="email"
          dir="ltr"
          autocomplete="username"
          required
          maxLength={254}
          value={model.email}
        />
        <label for="password">كلمة المرور</label>
        <input
          id="password"
          name="password"
          type="password"
          dir="auto"
          autocomplete="current-password"
          required
          maxLength={256}
        />
        <button type="submit">دخول</button>
      </form>
      <p class="hint">نسيت كلمة المرور؟ اطلب من مدير غرفة الأخبار رابطا لتعيين كلمة جديدة.</p>
    </section>
  );
}
