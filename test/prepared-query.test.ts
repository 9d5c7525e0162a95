import { afterEach, expect, it } from 'vitest';
import type { Db } from '../src/db/index.js';
import { preparedInsert, preparedQuery } from '../src/db/prepared.js';
import { createTestDb, describeEachDialect } from './helpers/databases.js';

const settingByKey = preparedQuery<{ key: string }, { key: string; value: string }>((db, slot) =>
  db.selectFrom('billing_settings').select(['key', 'value']).where('key', '=', slot('key')),
);
const settingsFrom = preparedQuery<{ from: string; limit: number }, { key: string }>((db, slot) =>
  db
    .selectFrom('billing_settings')
    .select('key')
    .where('key', '>=', slot('from'))
    .where('updated_by', 'is', null)
    .orderBy('key')
    .limit(slot('limit')),
);
const insertSetting = preparedInsert('billing_settings');
const renameSetting = preparedQuery<{ key: string; value: string }, never>((db, slot) =>
  db
    .updateTable('billing_settings')
    .set({ value: slot('value') })
    .where('key', '=', slot('key')),
);

describeEachDialect('prepared queries', (dialect) => {
  let db: Db;
  afterEach(() => db?.close());

  const setting = (key: string, updatedBy?: string | null) => ({
    key,
    value: `value of ${key}`,
    updated_at: '2026-01-01T00:00:00.000Z',
    updated_by: updatedBy,
  });

  it('runs one compiled shape with new values each time, constants kept', async () => {
    db = await createTestDb(dialect);
    for (const key of ['a', 'b', 'c', 'd']) await insertSetting(db.kysely, setting(key, null));
    await insertSetting(db.kysely, setting('e', 'admin'));

    expect((await settingByKey(db.kysely, { key: 'b' })).rows).toEqual([{ key: 'b', value: 'value of b' }]);
    expect((await settingByKey(db.kysely, { key: 'c' })).rows).toEqual([{ key: 'c', value: 'value of c' }]);
    expect((await settingByKey(db.kysely, { key: 'zz' })).rows).toEqual([]);
    // `updated_by is null` is part of the shape; the limit is a value.
    expect((await settingsFrom(db.kysely, { from: 'b', limit: 2 })).rows).toEqual([
      { key: 'b' },
      { key: 'c' },
    ]);
    expect((await settingsFrom(db.kysely, { from: 'c', limit: 10 })).rows).toEqual([
      { key: 'c' },
      { key: 'd' },
    ]);

    const result = await renameSetting(db.kysely, { key: 'a', value: 'renamed' });
    expect(Number(result.numAffectedRows)).toBe(1);
    expect((await settingByKey(db.kysely, { key: 'a' })).rows[0].value).toBe('renamed');
  });

  it('leaves out undefined columns of an insert, as Kysely does, and works inside a transaction', async () => {
    db = await createTestDb(dialect);
    await db.kysely.transaction().execute(async (trx) => {
      await insertSetting(trx, setting('x'));
      await insertSetting(trx, setting('y', 'admin'));
      expect((await settingByKey(trx, { key: 'x' })).rows).toHaveLength(1);
    });
    const rows = await db.kysely.selectFrom('billing_settings').select(['key', 'updated_by']).execute();
    expect(rows.sort((left, right) => left.key.localeCompare(right.key))).toEqual([
      { key: 'x', updated_by: null },
      { key: 'y', updated_by: 'admin' },
    ]);
  });

  it('refuses to run with a value missing rather than binding nothing', async () => {
    db = await createTestDb(dialect);
    await expect(settingByKey(db.kysely, {} as { key: string })).rejects.toThrow(/no value for "key"/);
  });
});
