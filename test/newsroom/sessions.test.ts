import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { newsroomAccounts } from '../../src/newsroom/newsroom-accounts.ts';
import { hashSecretToken } from '../../src/newsroom/secret-token.ts';
import { type DatabaseHandle, openDatabase } from '../../src/store/database.ts';
import { DIALECTS, freshDatabase } from '../helpers/databases.ts';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

for (const dialect of DIALECTS) {
  describe(`sessions (${dialect})`, () => {
    let handle: DatabaseHandle;
    let cleanup: () => Promise<void>;
    /** The clock the sessions read; tests move it forward. */
    let now = new Date('2026-03-01T09:00:00.000Z');
    let parts: ReturnType<typeof newsroomAccounts>;
    let userId: number;

    before(async () => {
      const fresh = await freshDatabase(dialect);
      cleanup = fresh.cleanup;
      handle = await openDatabase(fresh.options);
      parts = newsroomAccounts(handle.db, { sessionTimes: { idleMs: 2 * DAY, maxAgeMs: 5 * DAY }, now: () => now });
      userId = (
        await parts.accounts.create({
          email: 'hajar@alghad24.ma',
          displayName: 'هاجر',
          role: 'author',
          password: 'long enough pass',
        })
      ).id;
    });
    after(async () => {
      await handle?.db.destroy();
      await cleanup?.();
    });

    it('stores only a hash of the token and finds the user behind it', async () => {
      const { token, session } = await parts.sessions.create(userId, 'Mozilla/5.0 (X11; Linux)');
      const rows = await handle.db.selectFrom('sessions').selectAll().execute();
      assert.equal(rows.length, 1);
      assert.equal(rows[0]?.token_hash, hashSecretToken(token));
      assert.ok(!JSON.stringify(rows).includes(token));
      const found = await parts.sessions.lookUp(token);
      assert.equal(found.status, 'active');
      assert.ok(found.status === 'active');
      assert.equal(found.user.email, 'hajar@alghad24.ma');
      assert.equal(found.session.id, session.id);
      assert.equal(found.session.userAgent, 'Mozilla/5.0 (X11; Linux)');
      assert.equal(session.expiresAt.getTime(), now.getTime() + 2 * DAY);
    });

    it('slides the expiry forward with use, but never past the maximum age', async () => {
      const { token } = await parts.sessions.create(userId);
      const started = now.getTime();
      for (let day = 1; day <= 4; day++) {
        now = new Date(started + day * DAY);
        const found = await parts.sessions.lookUp(token);
        assert.equal(found.status, 'active', `day ${day}`);
        assert.ok(found.status === 'active');
        assert.equal(found.session.expiresAt.getTime(), Math.min(now.getTime() + 2 * DAY, started + 5 * DAY));
      }
      now = new Date(started + 5 * DAY + 1);
      assert.equal((await parts.sessions.lookUp(token)).status, 'expired');
    });

    it('expires a session left unused longer than the idle time, and deletes it', async () => {
      const { token, session } = await parts.sessions.create(userId);
      now = new Date(now.getTime() + 2 * DAY + 1000);
      assert.equal((await parts.sessions.lookUp(token)).status, 'expired');
      const row = await handle.db.selectFrom('sessions').select('id').where('id', '=', session.id).executeTakeFirst();
      assert.equal(row, undefined);
    });

    it('answers "expired" for a token it never issued, without a query for a malformed one', async () => {
      assert.equal((await parts.sessions.lookUp('x'.repeat(43))).status, 'expired');
      assert.equal((await parts.sessions.lookUp("' or 1=1 --")).status, 'expired');
    });

    it('signs out one session, or every session but the current one', async () => {
      const a = await parts.sessions.create(userId, 'laptop');
      const b = await parts.sessions.create(userId, 'phone');
      const c = await parts.sessions.create(userId, 'tablet');
      await parts.sessions.signOut(a.session.id);
      assert.equal((await parts.sessions.lookUp(a.token)).status, 'expired');
      assert.equal((await parts.sessions.lookUp(b.token)).status, 'active');
      const ended = await parts.sessions.signOutEverywhere(userId, c.session.id);
      assert.ok(ended >= 1);
      assert.equal((await parts.sessions.lookUp(b.token)).status, 'expired');
      assert.equal((await parts.sessions.lookUp(c.token)).status, 'active');
      assert.deepEqual(
        (await parts.sessions.listForUser(userId)).map((s) => s.userAgent),
        ['tablet'],
      );
      await parts.sessions.signOutEverywhere(userId);
      assert.equal((await parts.sessions.lookUp(c.token)).status, 'expired');
    });

    it('ends the sessions of a disabled account', async () => {
      const { token } = await parts.sessions.create(userId);
      await parts.accounts.disable(userId);
      assert.equal((await parts.sessions.lookUp(token)).status, 'expired');
      await parts.accounts.enable(userId);
      assert.equal((await parts.sessions.lookUp(token)).status, 'expired', 'enabling does not revive old sessions');
    });

    it('deletes expired sessions in bulk', async () => {
      await parts.sessions.create(userId);
      now = new Date(now.getTime() + 3 * DAY);
      assert.ok((await parts.sessions.deleteExpired()) >= 1);
      assert.equal((await handle.db.selectFrom('sessions').select('id').execute()).length, 0);
    });
  });
}
