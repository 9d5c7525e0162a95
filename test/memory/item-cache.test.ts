import { afterEach, expect, it } from 'vitest';
import type { Db } from '../../src/db/index.js';
import { RecalledItemCache } from '../../src/memory/item-cache.js';
import { type Partition, partitionRevision } from '../../src/memory/partition.js';
import { describeEachDialect } from '../helpers/databases.js';
import { memoryFixture } from './memory-helpers.js';

describeEachDialect('recalled item cache', (dialect) => {
  let db: Db;
  afterEach(async () => {
    await db?.close();
  });

  async function setUp() {
    const fixture = await memoryFixture(dialect);
    db = fixture.db;
    const remember = (target: Partition, text: string) =>
      fixture.store({ kind: 'fact', text }, { partition: target });
    return { partition: fixture.partition, remember };
  }
  const texts = (rows: { text: string }[]) => rows.map((row) => row.text);

  it('answers in the order asked and never with another partition’s items', async () => {
    const { partition, remember } = await setUp();
    const cache = new RecalledItemCache();
    const tea = await remember(partition, 'likes green tea');
    const dog = await remember(partition, 'has a dog called Pip');
    const other = await remember({ ...partition, characterId: 'char-2' }, 'told another character a secret');
    const { changes } = await partitionRevision(db.kysely, partition);
    expect(texts(await cache.byIds(db, partition, [dog, other, tea], changes))).toEqual([
      'has a dog called Pip',
      'likes green tea',
    ]);
  });

  it('serves rows read at a change count, and reads again once the partition changed (any node)', async () => {
    const { partition, remember } = await setUp();
    const cache = new RecalledItemCache();
    const tea = await remember(partition, 'likes green tea');
    const before = await partitionRevision(db.kysely, partition);
    expect(texts(await cache.byIds(db, partition, [tea], before.changes))).toEqual(['likes green tea']);

    // Inserts leave cached rows valid; the new item is read on demand.
    const coffee = await remember(partition, 'switched to coffee');
    const afterInsert = await partitionRevision(db.kysely, partition);
    expect(afterInsert.changes).toBe(before.changes);
    expect(texts(await cache.byIds(db, partition, [tea, coffee], afterInsert.changes))).toEqual([
      'likes green tea',
      'switched to coffee',
    ]);

    // Another node edits the item directly: the trigger bumps the change counter.
    await db.kysely
      .updateTable('memory_items')
      .set({ text: 'used to like green tea' })
      .where('id', '=', tea)
      .execute();
    const afterEdit = await partitionRevision(db.kysely, partition);
    expect(afterEdit.changes).toBe(before.changes + 1);
    // At the old count the cached copy is what was true then; at the new one the edit shows.
    expect(texts(await cache.byIds(db, partition, [tea], before.changes))).toEqual(['likes green tea']);
    expect(texts(await cache.byIds(db, partition, [tea], afterEdit.changes))).toEqual([
      'used to like green tea',
    ]);
  });
});
