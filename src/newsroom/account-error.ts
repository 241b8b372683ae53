/**
 * A request about an account that cannot be granted as asked: the newsroom shows `messageAr`,
 * the API and the command line give `code` and the English `message`.
 */
export class AccountError extends Error {
  constructor(
    readonly code: AccountErrorCode,
    message: string,
    readonly messageAr: string,
  ) {
    super(message);
  }
}

export type AccountErrorCode =
  | 'invalid_email'
  | 'email_taken'
  | 'invalid_name'
  | 'invalid_role'
  | 'weak_password'
  | 'password_too_long'
  | 'unknown_user'
  | 'protected_user';
