/**
 * The owner `serve` makes in an empty newsroom (issue 17): nobody knows its password; it gets in
 * through a one-time link valid 24 hours, printed only on a terminal (a log gets the command that
 * prints one instead), and it must choose a new password before anything else.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { firstOwnerMessage } from '../../src/cli/serve-command.ts';
import type { Accounts } from '../../src/newsroom/accounts.ts';
import {
  createDemoAccounts,
  createFirstOwner,
  DEMO_ACCOUNTS,
  FIRST_OWNER_EMAIL,
} from '../../src/newsroom/first-accounts.ts';
import { newsroomAccounts } from '../../src/newsroom/newsroom-accounts.ts';
import { openStore, type Store } from '../../src/store/store.ts';
import { DIALECTS, freshDatabase } from '../helpers/databases.ts';

describe('the first owner', () => {
  let store: Store;
  let cleanup: () => Promise<void>;
  before(async () => {
    const fresh = await freshDatabase('sqlite');
    cleanup = fresh.cleanup;
    store = await openStore(fresh.options);
  });
  after(async () => {
    await store?.close();
    await cleanup?.();
  });

  it('gets no password anyone saw, and a one-time link on a terminal only, that expires after 24 hours', async () => {
    let now = new Date('2026-12-01T08:00:00Z');
    const parts = newsroomAccounts(store.db, { now: () => now });
    const owner = await createFirstOwner(parts.accounts);
    assert.ok(owner);
    assert.equal(owner.email, FIRST_OWNER_EMAIL);
    assert.equal(owner.mustChangePassword, true);
    assert.equal(await createFirstOwner(parts.accounts), null, 'only in an empty newsroom');

    // A log: no secret at all, and no link issued.
    const logged = await firstOwnerMessage(owner, parts.resets, 'https://alghad24.ma', false);
    assert.match(logged, /npx ghad user reset-link --email owner@ghad\.local/);
    assert.doesNotMatch(logged, /reset\/|password: /);
    assert.equal(
      Number(
        (
          await store.db
            .selectFrom('password_resets')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
      0,
    );

    // A terminal: the link, once.
    const shown = await firstOwnerMessage(owner, parts.resets, 'https://alghad24.ma', true);
    const token = /https:\/\/alghad24\.ma\/newsroom\/reset\/(\S+)/.exec(shown)?.[1];
    assert.ok(token, shown);
    assert.match(shown, /valid until 2026-12-02T08:00:00\.000Z/);
    assert.equal((await parts.resets.check(token)).status, 'valid');
    now = new Date('2026-12-02T08:00:01Z');
    assert.equal((await parts.resets.check(token)).status, 'expired');
    now = new Date('2026-12-01T09:00:00Z');
    assert.equal((await parts.resets.use(token, 'the owner’s own password')).status, 'valid');
    const signIn = await parts.accounts.signIn(FIRST_OWNER_EMAIL, 'the owner’s own password');
    assert.ok(signIn.ok && !signIn.user.mustChangePassword);
  });
});

for (const dialect of DIALECTS) {
  describe(`two processes starting together on a new database (${dialect})`, () => {
    let first: Store;
    let second: Store;
    let cleanup: () => Promise<void>;
    before(async () => {
      const fresh = await freshDatabase(dialect);
      cleanup = fresh.cleanup;
      first = await openStore(fresh.options);
      second = await openStore(fresh.options);
    });
    after(async () => {
      await first?.close();
      await second?.close();
      await cleanup?.();
    });

    /**
     * The second process's accounts, whose first look (how many users; is this email there)
     * happened before the first process wrote: nobody. What it does after that sees the database.
     */
    function lookedBeforeTheOtherWrote(accounts: Accounts): Accounts {
      const asked = new Set<string>();
      return Object.assign(Object.create(accounts) as Accounts, {
        count: async () => 0,
        findByEmail: async (email: string) => {
          if (asked.has(email)) return accounts.findByEmail(email);
          asked.add(email);
          return undefined;
        },
      });
    }

    it('makes one owner and one set of demo accounts, and neither process fails', async () => {
      const one = newsroomAccounts(first.db).accounts;
      const two = lookedBeforeTheOtherWrote(newsroomAccounts(second.db).accounts);
      assert.ok(await createFirstOwner(one));
      assert.equal((await createDemoAccounts(one)).length, DEMO_ACCOUNTS.length);
      assert.equal(await createFirstOwner(two), null, 'the other process made it');
      assert.deepEqual(await createDemoAccounts(two), [], 'the other process made them');
      const users = await newsroomAccounts(first.db).accounts.list();
      assert.deepEqual(
        users.map((user) => user.email).sort(),
        [FIRST_OWNER_EMAIL, ...DEMO_ACCOUNTS.map((account) => account.email)].sort(),
      );
    });
  });
}
