import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '../../../newsroom/passwords.ts';

/** A new password typed twice, with the limits the server checks (newsroom/passwords.ts). */
export function NewPasswordFields({ confirmLabel }: { confirmLabel: string }) {
  return (
    <>
      <label for="new-password">كلمة المرور الجديدة ({MIN_PASSWORD_LENGTH} أحرف على الأقل)</label>
      <input
        id="new-password"
        name="newPassword"
        type="password"
        dir="auto"
        autocomplete="new-password"
        required
        minLength={MIN_PASSWORD_LENGTH}
        maxLength={MAX_PASSWORD_LENGTH}
      />
      <label for="confirm-password">{confirmLabel}</label>
      <input
        id="confirm-password"
        name="confirmPassword"
        type="password"
        dir="auto"
        autocomplete="new-password"
        required
        minLength={MIN_PASSWORD_LENGTH}
        maxLength={MAX_PASSWORD_LENGTH}
      />
    </>
  );
}
