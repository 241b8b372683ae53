import type { Algorithm } from '@node-rs/argon2';
import { AccountError } from './account-error.ts';

/**
 * Passwords: argon2id with the library's defaults (19 MiB, 2 passes — OWASP's minimum), and
 * the newsroom's rules for a new one: long enough to resist guessing, short enough to hash.
 */
export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 256;

/** `Algorithm.Argon2id`: the library's enum is a const enum, which tsx cannot read. */
const ARGON2ID = 2 as Algorithm;

/** The native addon loads on the first sign-in or new password, not at start. */
let argon2: Promise<typeof import('@node-rs/argon2')> | undefined;
const loadArgon2 = () => (argon2 ??= import('@node-rs/argon2'));

export async function hashPassword(password: string): Promise<string> {
  return (await loadArgon2()).hash(password, { algorithm: ARGON2ID });
}

export async function passwordMatches(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await (await loadArgon2()).verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** Hash of a password nobody has, checked when the email is unknown so both cases take as long. */
let decoyHash: Promise<string> | undefined;
export async function spendVerificationTime(password: string): Promise<void> {
  decoyHash ??= hashPassword('decoy password nobody has');
  await passwordMatches(await decoyHash, password);
}

/** Throws an AccountError saying what to change when a new password breaks the rules. */
export function checkNewPassword(password: string): void {
  // Counted in code points, so an Arabic passphrase counts the letters one sees.
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) {
    throw new AccountError(
      'weak_password',
      `The password must have at least ${MIN_PASSWORD_LENGTH} characters.`,
      `يجب أن تتكون كلمة المرور من ${MIN_PASSWORD_LENGTH} أحرف على الأقل.`,
    );
  }
  if (length > MAX_PASSWORD_LENGTH) {
    throw new AccountError(
      'password_too_long',
      `The password must have at most ${MAX_PASSWORD_LENGTH} characters.`,
      `يجب ألا تتجاوز كلمة المرور ${MAX_PASSWORD_LENGTH} حرفا.`,
    );
  }
}
