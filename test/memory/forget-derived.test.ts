import { afterEach, expect, it } from 'vitest';
import type { Db } from '../../src/db/index.js';
import { newId } from '../../src/ids.js';
import { type RealMemoryStage, createMemoryStage } from '../../src/memory/index.js';
import { readProfile } from '../../src/memory/profile.js';
import { describeEachDialect } from '../helpers/databases.js';
import { factsJson, fakeEmbedder, fakeLanguageModel } from './fake-models.js';
import { memoryFixture } from './memory-helpers.js';

/** Issue 21: what memory derived from a replaced or deleted message goes with it, and only that. */
describeEachDialect('forgetting what a message left in memory', (dialect) => {
  let db: Db | undefined;
  let stage: RealMemoryStage | undefined;
  afterEach(async () => {
    await stage?.settled();
    stage?.stop();
    await db?.close();
  });

  async function setUp(options: { whenQuiet?: () => Promise<void> } = {}) {
    const fixture = await memoryFixture(dialect);
    db = fixture.db;
    const model = fakeLanguageModel([
      factsJson([
        {
          text: 'The user lives in Berlin.',
          subject: 'location',
          profile_field: 'location',
          profile_value: 'Berlin',
        },
      ]),
      factsJson([
        {
          text: 'The user lives in Lisbon.',
          subject: 'location',
          profile_field: 'location',
          profile_value: 'Lisbon',
        },
      ]),
    ]);
    stage = createMemoryStage({
      db: fixture.db,
      clock: fixture.clock,
      embedder: fakeEmbedder(),
      model,
      whenQuiet: options.whenQuiet,
    });
    await stage.start();
    return { ...fixture, stage };
  }

  function exchange(userText: string) {
    return {
      userMessageId: newId(),
      replyMessageId: newId(),
      userText,
      replyText: 'Noted.',
      at: '2026-01-05T10:00:00.000Z',
    };
  }

  const items = (database: Db) =>
    database.kysely
      .selectFrom('memory_items')
      .select(['text', 'kind', 'invalid_at', 'superseded_by'])
      .orderBy('id')
      .execute();

  it('a deleted turn takes its facts along; the fact they superseded is current again, its profile value cleared', async () => {
    const { user, partition, stage: s } = await setUp();
    const base = { actor: user, characterId: partition.characterId, chatId: 'chat-1' };
    const berlin = exchange('I live in Berlin');
    const lisbon = exchange('I moved to Lisbon');
    s.afterTurn({ ...base, ...berlin });
    await s.settled();
    s.afterTurn({ ...base, ...lisbon });
    await s.settled();
    expect(
      (await readProfile(db!.kysely, partition)).find((entry) => entry.field === 'location')?.value,
    ).toBe('Lisbon');

    await s.forgetMessages({ ...base, messageIds: [lisbon.replyMessageId] });
    const left = await items(db!);
    expect(left.map((row) => row.text)).toEqual([
      'User: I live in Berlin\nCharacter: Noted.',
      'The user lives in Berlin.',
    ]);
    expect(left[1]).toMatchObject({ invalid_at: null, superseded_by: null });
    expect(
      (await readProfile(db!.kysely, partition)).find((entry) => entry.field === 'location'),
    ).toBeUndefined();
  });

  it('a profile value the user set survives when the fact it replaced goes', async () => {
    const { user, partition, stage: s } = await setUp();
    const base = { actor: user, characterId: partition.characterId, chatId: 'chat-1' };
    const berlin = exchange('I live in Berlin');
    s.afterTurn({ ...base, ...berlin });
    await s.settled();
    await db!.kysely.updateTable('memory_profile').set({ user_edited: 1 }).execute();
    await s.forgetMessages({ ...base, messageIds: [berlin.userMessageId] });
    expect(await items(db!)).toEqual([]);
    expect((await readProfile(db!.kysely, partition)).map((entry) => entry.value)).toEqual(['Berlin']);
  });

  it('a job already running for a message that changes meanwhile writes nothing', async () => {
    let open!: () => void;
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const { user, partition, stage: s } = await setUp({ whenQuiet: () => gate });
    const base = { actor: user, characterId: partition.characterId, chatId: 'chat-1' };
    const berlin = exchange('I live in Berlin');
    s.afterTurn({ ...base, ...berlin });
    // Let the queue claim the job; it then waits at the gate, with the old text in its payload.
    await new Promise((resolve) => setImmediate(resolve));
    await s.forgetMessages({ ...base, messageIds: [berlin.replyMessageId] });
    open();
    await s.settled();
    expect(await items(db!)).toEqual([]);
    expect(await db!.kysely.selectFrom('memory_jobs').selectAll().execute()).toEqual([]);
  });

  it('another partition keeps memories pointing at the same message ids', async () => {
    const { user, partition, stage: s, store } = await setUp();
    const ids = [newId(), newId()];
    await store({ kind: 'turn', text: 'User: hi\nCharacter: hello', sourceMessageIds: ids });
    await store(
      { kind: 'turn', text: 'other character', sourceMessageIds: ids },
      { partition: { ...partition, characterId: 'char-2' } },
    );
    await s.forgetMessages({
      actor: user,
      characterId: partition.characterId,
      chatId: 'chat-1',
      messageIds: ids,
    });
    expect((await items(db!)).map((row) => row.text)).toEqual(['other character']);
  });
});
