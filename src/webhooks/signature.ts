import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Webhook signatures, as receivers check them: the header
 *   Ghad-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of `${t}.${body}` with the secret>
 * The timestamp is signed with the body, so a captured delivery cannot be replayed later than
 * the receiver's tolerance (five minutes is usual).
 */
export const SIGNATURE_HEADER = 'ghad-signature';

export function signatureOf(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

/** The header's value for `body` sent at `at`. */
export function signatureHeader(secret: string, body: string, at: Date): string {
  const timestamp = Math.floor(at.getTime() / 1000);
  return `t=${timestamp},v1=${signatureOf(secret, timestamp, body)}`;
}

/**
 * Whether `header` signs `body` with `secret`, within `toleranceSeconds` of `now`. Any `v1`
 * entry may match (several are sent while a secret is being replaced).
 */
export function verifySignature(
  secret: string,
  header: string | undefined,
  body: string,
  { now = new Date(), toleranceSeconds = 300 }: { now?: Date; toleranceSeconds?: number } = {},
): boolean {
  if (!header) return false;
  const parts = header.split(',').map((part) => part.trim().split('='));
  const timestamp = Number(parts.find(([key]) => key === 't')?.[1]);
  if (!Number.isInteger(timestamp)) return false;
  if (Math.abs(now.getTime() / 1000 - timestamp) > toleranceSeconds) return false;
  const expected = Buffer.from(signatureOf(secret, timestamp, body), 'hex');
  return parts
    .filter(([key, value]) => key === 'v1' && value !== undefined && /^[0-9a-f]{64}$/.test(value))
    .some(([, value]) => timingSafeEqual(Buffer.from(value as string, 'hex'), expected));
}
