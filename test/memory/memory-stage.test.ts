import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/index.js';
import { newId } from '../../src/ids.js';
import { createMemoryStage, type RealMemoryStage } from '../../src/memory/index.js';
import { createTestDb, describeEachDialect } from '../helpers/databases.js';
import { factsJson, fakeEmbedder, fakeLanguageModel } from './fake-models.js';
import { insertUser, testClock } from './memory-helpers.js';

const signal = new AbortController().signal;

describeEachDialect('memory stage', (dialect) => {
  let db: Db;
  let stage: RealMemoryStage | undefined;
  afterEach(async () => {
    stage?.stop();
    await db?.close();
  });

  async function setUp(script: Parameters<typeof fakeLanguageModel>[0], options = {}) {
    db = await createTestDb(dialect);
    const clock = testClock();
    const model = fakeLanguageModel(script);
    stage = createMemoryStage({ db, clock, embedder: fakeEmbedder(), model, options });
    await stage.start();
    const actor = await insertUser(db);
    return { clock, model, actor, stage };
  }

  async function turn(
    s: RealMemoryStage,
    actor: Awaited<ReturnType<typeof insertUser>>,
    characterId: string,
    userText: string,
    at: string,
  ) {
    s.afterTurn({
      actor,
      characterId,
      chatId: 'chat-1',
      userMessageId: newId(),
      replyMessageId: newId(),
      userText,
      replyText: 'Noted!',
      at,
    });
    await s.settled();
  }

  const recall = (s: RealMemoryStage, actor: { userId: string }, characterId: string, query: string) =>
    s.recall({
      actor: actor as never,
      characterId,
      chatId: 'chat-1',
      query,
      budgetTokens: 1500,
      signal,
    });

  it('supersedes: "I live in Berlin" then "I moved to Lisbon" → Lisbon current, Berlin past', async () => {
    const { actor, stage: s } = await setUp([
      factsJson([
        {
          text: 'The user lives in Berlin.',
          subject: 'location',
          importance: 7,
          profile_field: 'location',
          profile_value: 'Berlin',
        },
      ]),
      factsJson([
        {
          text: 'The user lives in Lisbon.',
          subject: 'location',
          importance: 7,
          profile_field: 'location',
          profile_value: 'Lisbon',
        },
      ]),
    ]);
    await turn(s, actor, 'char-a', 'I live in Berlin', '2026-01-05T10:00:00.000Z');
    await turn(s, actor, 'char-a', 'I moved to Lisbon', '2026-03-01T10:00:00.000Z');
    const block = await recall(s, actor, 'char-a', 'where do I live?');
    const [current, past] = block.text.split('No longer true');
    expect(current).toContain('The user lives in Lisbon.');
    expect(current).not.toContain('The user lives in Berlin.');
    expect(past).toContain('The user lives in Berlin.');
    expect(past).toMatch(/used to be true \(5 Jan 2026 – 1 Mar 2026\)/);
    expect(block.text).toContain('location: Lisbon');
    const berlin = await db.kysely
      .selectFrom('memory_items')
      .selectAll()
      .where('text', '=', 'The user lives in Berlin.')
      .executeTakeFirstOrThrow();
    const lisbon = await db.kysely
      .selectFrom('memory_items')
      .selectAll()
      .where('text', '=', 'The user lives in Lisbon.')
      .executeTakeFirstOrThrow();
    expect(berlin.superseded_by).toBe(lisbon.id);
    expect(berlin.invalid_at).toBe('2026-03-01T10:00:00.000Z');
    expect(lisbon.invalid_at).toBeNull();
  });

  it('isolates: another user and another character of the same user see nothing', async () => {
    const { actor, stage: s } = await setUp([
      factsJson([{ text: 'The user has a cat named Miso.', subject: 'pet', importance: 6 }]),
    ]);
    await turn(s, actor, 'char-a', 'My cat is called Miso', '2026-01-05T10:00:00.000Z');
    expect((await recall(s, actor, 'char-a', 'cat Miso')).text).toContain('Miso');
    const other = await insertUser(db);
    expect((await recall(s, other, 'char-a', 'cat Miso')).text).toBe('');
    expect((await recall(s, actor, 'char-b', 'cat Miso')).text).toBe('');
  });

  it('merges near-duplicates instead of storing a fact twice', async () => {
    const fact = { text: 'The user loves hiking in the mountains.', subject: 'hobby', importance: 5 };
    const { actor, stage: s } = await setUp([factsJson([fact]), factsJson([{ ...fact, importance: 8 }])]);
    await turn(s, actor, 'char-a', 'I love hiking', '2026-01-05T10:00:00.000Z');
    await turn(s, actor, 'char-a', 'Hiking is my favourite', '2026-01-06T10:00:00.000Z');
    const facts = await db.kysely.selectFrom('memory_items').selectAll().where('kind', '=', 'fact').execute();
    expect(facts).toHaveLength(1);
    expect(facts[0].importance).toBe(8);
  });

  describe('malformed model output', () => {
    for (const [label, output] of [
      ['invalid JSON', '{"facts": [ {"text": "half'],
      ['wrong types', JSON.stringify({ facts: [{ text: 42, importance: 'high' }] })],
      ['huge output', `{"facts": [${'{"text": "x"},'.repeat(5000)}]}`],
    ] as const) {
      it(`${label}: retried once, then skipped — no fact rows, the turn itself is kept`, async () => {
        const { actor, model, stage: s } = await setUp([output]);
        await turn(s, actor, 'char-a', 'I work as a nurse', '2026-01-05T10:00:00.000Z');
        expect(model.requests).toHaveLength(2);
        const facts = await db.kysely
          .selectFrom('memory_items')
          .select('id')
          .where('kind', '=', 'fact')
          .execute();
        expect(facts).toHaveLength(0);
        const turns = await db.kysely
          .selectFrom('memory_items')
          .select('id')
          .where('kind', '=', 'turn')
          .execute();
        expect(turns).toHaveLength(1);
        // The job finished (skipping the output is not a failure), so it is gone.
        expect(await db.kysely.selectFrom('memory_jobs').selectAll().execute()).toEqual([]);
      });
    }

    it('a retry that returns valid JSON is used', async () => {
      const { actor, stage: s } = await setUp([
        'not json at all',
        factsJson([{ text: 'The user works as a nurse.', subject: 'work', importance: 6 }]),
      ]);
      await turn(s, actor, 'char-a', 'I work as a nurse', '2026-01-05T10:00:00.000Z');
      const facts = await db.kysely
        .selectFrom('memory_items')
        .select('text')
        .where('kind', '=', 'fact')
        .execute();
      expect(facts.map((fact) => fact.text)).toEqual(['The user works as a nurse.']);
    });
  });

  it('writes a rolling summary covering the message range every N turns', async () => {
    const { actor, stage: s } = await setUp(
      [
        (request) =>
          request.jsonSchema ? factsJson([]) : 'They talked about the weekend trip and a new recipe.',
      ],
      { summaryEveryTurns: 2 },
    );
    await turn(s, actor, 'char-a', 'We went to the coast', '2026-01-05T10:00:00.000Z');
    await turn(s, actor, 'char-a', 'I baked bread', '2026-01-05T10:05:00.000Z');
    const summaries = await db.kysely
      .selectFrom('memory_items')
      .selectAll()
      .where('kind', '=', 'summary')
      .execute();
    expect(summaries).toHaveLength(1);
    expect(summaries[0].text).toContain('weekend trip');
    const turns = await db.kysely
      .selectFrom('memory_items')
      .selectAll()
      .where('kind', '=', 'turn')
      .orderBy('id')
      .execute();
    expect(summaries[0].range_start).toBe(JSON.parse(turns[0].source_message_ids)[0]);
    expect(summaries[0].range_end).toBe(JSON.parse(turns[1].source_message_ids)[1]);
  });

  it('recovers jobs a crash left running', async () => {
    const { actor, stage: s } = await setUp([
      factsJson([{ text: 'The user is learning Greek.', importance: 5 }]),
    ]);
    s.stop();
    await db.kysely
      .insertInto('memory_jobs')
      .values({
        id: newId(),
        user_id: actor.userId,
        character_id: 'char-a',
        kind: 'extract',
        payload: JSON.stringify({
          chatId: 'chat-1',
          userMessageId: 'u1',
          replyMessageId: 'r1',
          userText: 'I am learning Greek',
          replyText: 'Nice',
          at: '2026-01-05T10:00:00.000Z',
        }),
        status: 'running',
        attempts: 1,
        last_error: null,
        created_at: '2026-01-05T10:00:00.000Z',
        updated_at: '2026-01-05T10:00:00.000Z',
      })
      .execute();
    const restarted = createMemoryStage({
      db,
      clock: testClock(),
      embedder: fakeEmbedder(),
      model: fakeLanguageModel([factsJson([{ text: 'The user is learning Greek.', importance: 5 }])]),
    });
    stage = restarted;
    await restarted.start();
    await restarted.jobs.drain();
    const facts = await db.kysely
      .selectFrom('memory_items')
      .select('text')
      .where('kind', '=', 'fact')
      .execute();
    expect(facts.map((fact) => fact.text)).toEqual(['The user is learning Greek.']);
  });
});
