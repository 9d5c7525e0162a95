import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { migrateToLatest, openDb } from '../../src/db/index.js';
import { signUp } from '../../src/accounts/index.js';
import { runCli } from '../../src/main.js';
import { describeEachDialect } from '../helpers/databases.js';
import { createTestApp, signUpTestUser, type TestApp, type TestUser } from '../helpers/app.js';
import { fakeClock } from './fake-clock.js';

describeEachDialect('admin prices and idempotency retention', (dialect) => {
  let t: TestApp;
  let admin: TestUser;
  let user: TestUser;
  const clock = fakeClock();

  beforeEach(async () => {
    t = await createTestApp(dialect, { clock });
    admin = await signUpTestUser(t.app);
    user = await signUpTestUser(t.app);
    await t.services.db.kysely
      .updateTable('users')
      .set({ role: 'admin' })
      .where('id', '=', admin.id)
      .execute();
  });
  afterEach(async () => t.close());

  it('an admin edits the price sheet and gift catalog; bad sheets and non-admins are refused', async () => {
    const current = (
      await t.app.inject({ method: 'GET', url: '/api/admin/billing/prices', headers: admin.headers })
    ).json();
    const next = { ...current, gifts: [{ id: 'star', name: 'Star', emoji: '⭐', credits: 7 }] };
    const saved = await t.app.inject({
      method: 'PUT',
      url: '/api/admin/billing/prices',
      headers: admin.headers,
      payload: next,
    });
    expect(saved.statusCode).toBe(200);
    const gifts = (await t.app.inject({ method: 'GET', url: '/api/gifts', headers: user.headers })).json();
    expect(gifts.gifts).toEqual(next.gifts);
    const bad = await t.app.inject({
      method: 'PUT',
      url: '/api/admin/billing/prices',
      headers: admin.headers,
      payload: { ...current, messages: { plain: -1, romantic: 1.5, adult: 5 } },
    });
    expect(bad.statusCode).toBe(400);
    const notAdmin = await t.app.inject({
      method: 'PUT',
      url: '/api/admin/billing/prices',
      headers: user.headers,
      payload: next,
    });
    expect(notAdmin.statusCode).toBe(403);
  });

  it('keys are kept 24 h: a replay within the window is stored, after it the request runs again', async () => {
    const grant = () =>
      t.app.inject({
        method: 'POST',
        url: '/api/admin/credits/grant',
        headers: { ...admin.headers, 'idempotency-key': 'retention-key-1' },
        payload: { userId: user.id, amount: 5, reason: 'retention' },
      });
    await grant();
    clock.advance(23 * 3_600_000);
    expect((await grant()).headers['idempotent-replayed']).toBe('true');
    clock.advance(2 * 3_600_000);
    expect((await grant()).headers['idempotent-replayed']).toBe('false');
    const wallet = (await t.app.inject({ method: 'GET', url: '/api/wallet', headers: user.headers })).json();
    expect(wallet.balance).toBe(10);
  });

  it('keys are per actor: the same key from another user is a separate request', async () => {
    await t.app.inject({
      method: 'POST',
      url: '/api/admin/credits/grant',
      headers: { ...admin.headers, 'idempotency-key': 'shared-key-123' },
      payload: { userId: admin.id, amount: 100, reason: 'self' },
    });
    const other = await t.app.inject({
      method: 'POST',
      url: '/api/billing/subscription/cancel',
      headers: { ...user.headers, 'idempotency-key': 'shared-key-123' },
    });
    expect(other.json().error.code).toBe('subscription_not_found');
  });
});

// The CLI opens the configured database (an SQLite file in HEARTH_DATA_DIR here).
describe('CLI: credits grant and ledger verify', () => {
  it('grants through the CLI, verifies clean, and exits 1 after tampering', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-cli-'));
    const previous = process.env.HEARTH_DATA_DIR;
    process.env.HEARTH_DATA_DIR = dir;
    try {
      // Create the user in the CLI's own database file.
      const db = openDb({ sqlitePath: path.join(dir, 'hearth.sqlite') });
      await migrateToLatest(db.kysely);
      await signUp(
        { config: loadConfig({}), db, clock: fakeClock(), userData: { contributors: [] } } as never,
        {
          email: 'cli@example.com',
          password: 'correct horse battery staple',
          displayName: 'Cli',
          birthDate: '1990-01-01',
        },
      );
      await db.close();
      const argv = (...args: string[]) => ['node', 'hearth', ...args];
      expect(
        await runCli(
          argv('credits', 'grant', '--email', 'cli@example.com', '--amount', '25', '--reason', 'beta tester'),
        ),
      ).toBe(0);
      expect(
        await runCli(
          argv('credits', 'grant', '--email', 'cli@example.com', '--amount', '-3', '--reason', 'bad'),
        ),
      ).toBe(2);
      expect(
        await runCli(
          argv('credits', 'grant', '--email', 'cli@example.com', '--amount', '2.5', '--reason', 'bad'),
        ),
      ).toBe(2);
      expect(
        await runCli(
          argv('credits', 'grant', '--email', 'nobody@example.com', '--amount', '5', '--reason', 'bad'),
        ),
      ).toBe(2);
      expect(await runCli(argv('ledger', 'verify'))).toBe(0);
      const tamper = openDb({ sqlitePath: path.join(dir, 'hearth.sqlite') });
      await sql`UPDATE ledger_accounts SET balance = balance + 1 WHERE kind = 'wallet'`.execute(
        tamper.kysely,
      );
      await tamper.close();
      expect(await runCli(argv('ledger', 'verify'))).toBe(1);
    } finally {
      process.env.HEARTH_DATA_DIR = previous;
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
