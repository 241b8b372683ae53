import { createHmac, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Commenters' addresses are never stored: only an HMAC of the address under the newspaper's
 * own key, enough to count one writer's comments (flood limits, trust, bans, reports) and
 * useless to anyone who reads the database without the key. The store forgets even these
 * after `ADDRESS_MEMORY_DAYS` (store/comments.ts prunes on each write).
 */
export const ADDRESS_MEMORY_DAYS = 30;

/** The key file in the data directory, made on first use when GHAD_COMMENT_KEY is not set. */
const KEY_FILE = 'comment-address.key';

export function addressHash(key: string, address: string): string {
  return createHmac('sha256', key).update(address).digest('hex').slice(0, 40);
}

/**
 * The key: GHAD_COMMENT_KEY (the same on every app host behind one database), else
 * `<dataDir>/comment-address.key`, written once with 32 random bytes (mode 0600).
 */
export function commentAddressKey({
  commentKey,
  dataDir,
}: {
  commentKey?: string | undefined;
  dataDir: string;
}): string {
  if (commentKey) return commentKey;
  const file = path.join(dataDir, KEY_FILE);
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32).toString('hex');
  try {
    fs.writeFileSync(file, `${key}\n`, { mode: 0o600, flag: 'wx' });
    return key;
  } catch (error) {
    // Another process wrote it first: theirs is the key.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return fs.readFileSync(file, 'utf8').trim();
    throw error;
  }
}
