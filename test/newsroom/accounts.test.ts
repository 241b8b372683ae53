import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AccountError } from '../../src/newsroom/account-error.ts';
import { Accounts } from '../../src/newsroom/accounts.ts';
import { type DatabaseHandle, openDatabase } from '../../src/store/database.ts';
import { DIALECTS, freshDatabase } from '../helpers/databases.ts';

for (const dialect of DIALECTS) {
  describe(`accounts (${dialect})`, () => {
    let handle: DatabaseHandle;
    let cleanup: () => Promise<void>;
    let accounts: Accounts;

    before(async () => {
      const fresh = await freshDatabase(dialect);
      cleanup = fresh.cleanup;
      handle = await openDatabase(fresh.options);
      accounts = new Accounts(handle.db);
    });
    after(async () => {
      await handle?.db.destroy();
      await cleanup?.();
    });

    it('creates a user with a lowercased email and an argon2id hash, never returning the hash', async () => {
      const user = await accounts.create({
        email: '  Salma.Bennani@Alghad24.MA ',
        displayName: 'سلمى بناني',
        role: 'editor',
        password: 'كلمة مرور طويلة',
      });
      assert.equal(user.email, 'salma.bennani@alghad24.ma');
      assert.equal(user.displayName, 'سلمى بناني');
      assert.equal(user.role, 'editor');
      assert.equal(user.disabledAt, null);
      assert.ok(!('passwordHash' in user));
      const row = await handle.db.selectFrom('users').selectAll().where('id', '=', user.id).executeTakeFirstOrThrow();
      assert.match(row.password_hash, /^\$argon2id\$/);
      assert.ok(!row.password_hash.includes('كلمة'));
      assert.deepEqual(await accounts.findByEmail('SALMA.BENNANI@alghad24.ma'), user);
    });

    it('refuses a second account with the same address in another case', async () => {
      await assert.rejects(
        accounts.create({ email: 'salma.bennani@ALGHAD24.ma', role: 'author', password: 'another long one' }),
        (error: unknown) =>
          error instanceof AccountError && error.code === 'email_taken' && /يوجد حساب/.test(error.messageAr),
      );
    });

    it('refuses bad input with a code and an Arabic message', async () => {
      const cases: [Parameters<Accounts['create']>[0], string][] = [
        [{ email: 'not an email', role: 'editor', password: 'long enough pass' }, 'invalid_email'],
        [{ email: 'a@b.ma', role: 'chief', password: 'long enough pass' }, 'invalid_role'],
        [{ email: 'a@b.ma', role: 'editor', password: 'short' }, 'weak_password'],
        [{ email: 'a@b.ma', role: 'editor', password: 'x'.repeat(300) }, 'password_too_long'],
        [{ email: 'a@b.ma', role: 'editor', password: 'long enough pass', displayName: 'سطر\nثان' }, 'invalid_name'],
      ];
      for (const [input, code] of cases) {
        await assert.rejects(accounts.create(input), (error: unknown) => {
          assert.ok(error instanceof AccountError);
          assert.equal(error.code, code);
          assert.match(error.messageAr, /[\u0600-\u06ff]/);
          return true;
        });
      }
      assert.equal(await accounts.findByEmail('a@b.ma'), undefined);
    });

    it('names a user after their address when no name is given', async () => {
      const user = await accounts.create({
        email: 'karim@alghad24.ma',
        role: 'contributor',
        password: 'long enough pass',
      });
      assert.equal(user.displayName, 'karim');
    });

    it('signs in with the right password only, and tells a disabled account apart only to its owner', async () => {
      const ok = await accounts.signIn('Salma.Bennani@alghad24.ma', 'كلمة مرور طويلة');
      assert.equal(ok.ok, true);
      assert.deepEqual(await accounts.signIn('salma.bennani@alghad24.ma', 'wrong password'), {
        ok: false,
        reason: 'wrong_password',
      });
      assert.deepEqual(await accounts.signIn('nobody@alghad24.ma', 'whatever pass'), {
        ok: false,
        reason: 'unknown_email',
      });
      const karim = await accounts.findByEmail('karim@alghad24.ma');
      assert.ok(karim);
      const disabled = await accounts.disable(karim.id);
      assert.ok(disabled.disabledAt);
      assert.deepEqual(await accounts.signIn('karim@alghad24.ma', 'long enough pass'), {
        ok: false,
        reason: 'disabled',
      });
      assert.deepEqual(await accounts.signIn('karim@alghad24.ma', 'wrong password'), {
        ok: false,
        reason: 'wrong_password',
      });
      await accounts.enable(karim.id);
      assert.equal((await accounts.signIn('karim@alghad24.ma', 'long enough pass')).ok, true);
    });

    it('changes a password, clearing the one-time mark', async () => {
      const owner = await accounts.create({
        email: 'owner@ghad.local',
        role: 'owner',
        password: 'one-time password',
        mustChangePassword: true,
      });
      assert.equal(owner.mustChangePassword, true);
      await accounts.setPassword(owner.id, 'a password I chose');
      assert.equal((await accounts.findById(owner.id))?.mustChangePassword, false);
      assert.equal((await accounts.signIn('owner@ghad.local', 'one-time password')).ok, false);
      assert.equal((await accounts.signIn('owner@ghad.local', 'a password I chose')).ok, true);
      assert.equal(await accounts.passwordMatches(owner.id, 'a password I chose'), true);
    });

    it('never disables the owner', async () => {
      const owner = await accounts.findByEmail('owner@ghad.local');
      assert.ok(owner);
      await assert.rejects(
        accounts.disable(owner.id),
        (error: unknown) => (error as AccountError).code === 'protected_user',
      );
    });

    it('lists and counts everyone in the order they joined', async () => {
      const users = await accounts.list();
      assert.deepEqual(
        users.map((u) => u.email),
        ['salma.bennani@alghad24.ma', 'karim@alghad24.ma', 'owner@ghad.local'],
      );
      assert.equal(await accounts.count(), 3);
    });
  });
}
