import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { AccountError } from '../../src/newsroom/account-error.ts';
import { newsroomAccounts } from '../../src/newsroom/newsroom-accounts.ts';
import { type DatabaseHandle, openDatabase } from '../../src/store/database.ts';
import { DIALECTS, freshDatabase } from '../helpers/databases.ts';

const HOUR = 60 * 60 * 1000;

for (const dialect of DIALECTS) {
  describe(`password reset links (${dialect})`, () => {
    let handle: DatabaseHandle;
    let cleanup: () => Promise<void>;
    let now = new Date('2026-03-01T09:00:00.000Z');
    let parts: ReturnType<typeof newsroomAccounts>;
    let adminId: number;
    let userId: number;

    before(async () => {
      const fresh = await freshDatabase(dialect);
      cleanup = fresh.cleanup;
      handle = await openDatabase(fresh.options);
      parts = newsroomAccounts(handle.db, { now: () => now });
      adminId = (
        await parts.accounts.create({ email: 'admin@alghad24.ma', role: 'administrator', password: 'long enough pass' })
      ).id;
      userId = (
        await parts.accounts.create({ email: 'youssef@alghad24.ma', role: 'author', password: 'forgotten password' })
      ).id;
    });
    after(async () => {
      await handle?.db.destroy();
      await cleanup?.();
    });

    it('sets a new password once, and ends the user’s sessions', async () => {
      const session = await parts.sessions.create(userId);
      const { token, expiresAt } = await parts.resets.issue(userId, adminId, 24);
      assert.equal(expiresAt.getTime(), now.getTime() + 24 * HOUR);
      const checked = await parts.resets.check(token);
      assert.equal(checked.status, 'valid');
      assert.ok(checked.status === 'valid');
      assert.equal(checked.user.email, 'youssef@alghad24.ma');

      assert.equal((await parts.resets.use(token, 'a brand new password')).status, 'valid');
      assert.equal((await parts.accounts.signIn('youssef@alghad24.ma', 'a brand new password')).ok, true);
      assert.equal((await parts.accounts.signIn('youssef@alghad24.ma', 'forgotten password')).ok, false);
      assert.equal((await parts.sessions.lookUp(session.token)).status, 'expired');

      assert.equal((await parts.resets.check(token)).status, 'used');
      assert.equal((await parts.resets.use(token, 'yet another password')).status, 'used');
      assert.equal((await parts.accounts.signIn('youssef@alghad24.ma', 'yet another password')).ok, false);
    });

    it('keeps a link usable when the new password is refused', async () => {
      const { token } = await parts.resets.issue(userId, adminId);
      await assert.rejects(
        parts.resets.use(token, 'short'),
        (error: unknown) => (error as AccountError).code === 'weak_password',
      );
      assert.equal((await parts.resets.check(token)).status, 'valid');
    });

    it('lets only one of two simultaneous uses of a link succeed', async () => {
      const { token } = await parts.resets.issue(userId, adminId);
      const results = await Promise.all([
        parts.resets.use(token, 'first concurrent password'),
        parts.resets.use(token, 'second concurrent password'),
      ]);
      assert.deepEqual(results.map((r) => r.status).sort(), ['used', 'valid']);
    });

    it('expires a link after its hours', async () => {
      const { token } = await parts.resets.issue(userId, adminId, 2);
      now = new Date(now.getTime() + 2 * HOUR + 1);
      assert.equal((await parts.resets.check(token)).status, 'expired');
      assert.equal((await parts.resets.use(token, 'too late for this one')).status, 'expired');
    });

    it('retires earlier links when a new one is issued', async () => {
      const first = await parts.resets.issue(userId, adminId);
      const second = await parts.resets.issue(userId, adminId);
      assert.equal((await parts.resets.check(first.token)).status, 'used');
      assert.equal((await parts.resets.check(second.token)).status, 'valid');
    });

    it('does not know tokens it never issued, nor links of disabled accounts', async () => {
      assert.equal((await parts.resets.check('A'.repeat(43))).status, 'unknown');
      assert.equal((await parts.resets.check('../../etc/passwd')).status, 'unknown');
      const { token } = await parts.resets.issue(userId, adminId);
      await parts.accounts.disable(userId);
      assert.equal((await parts.resets.check(token)).status, 'unknown');
    });
  });
}
