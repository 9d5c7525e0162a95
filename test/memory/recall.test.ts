import { afterEach, expect, it } from 'vitest';
import type { Db } from '../../src/db/index.js';
import { buildMemoryBlock } from '../../src/memory/memory-block.js';
import { rankMemories } from '../../src/memory/recall.js';
import { insertItems, prepareItems } from '../../src/memory/store.js';
import { estimateTokens } from '../../src/memory/text.js';
import { createBruteForceScorer } from '../../src/memory/vector-scorer.js';
import { describeEachDialect } from '../helpers/databases.js';
import { insertUser, memoryFixture } from './memory-helpers.js';

describeEachDialect('rankMemories', (dialect) => {
  let db: Db;
  afterEach(async () => {
    await db?.close();
  });

  async function setUp() {
    const fixture = await memoryFixture(dialect, '2026-04-01T12:00:00.000Z');
    db = fixture.db;
    const { clock, embedder } = fixture;
    const deps = { db, clock, embedder, scorer: createBruteForceScorer(db) };
    const remember = (text: string, validAt: string, chatId: string) =>
      fixture.store({ kind: 'turn', text, validAt, chatId });
    return { partition: fixture.partition, deps, remember };
  }

  it('ranks a weaker match dated on the day the question names above stronger ones (issue 6)', async () => {
    const { partition, deps, remember } = await setUp();
    await remember(
      'User: Hiking again, hiking up the hills, so much hiking.',
      '2026-03-05T10:00:00.000Z',
      'c1',
    );
    await remember(
      'User: More hiking in the hills and hiking by the lake.',
      '2026-02-20T10:00:00.000Z',
      'c2',
    );
    const named = await remember('User: We went hiking with my brother.', '2026-01-10T10:00:00.000Z', 'c3');
    const ranked = await rankMemories(deps, partition, 'Where did we go hiking on 10 January, 2026?');
    expect(ranked[0]?.item.id).toBe(named);
    const undated = await rankMemories(deps, partition, 'Where did we go hiking?');
    expect(undated[0]?.item.id).not.toBe(named);
  });

  it('hands the question words to the block, which shortens long moments around them', async () => {
    const { partition, deps, remember } = await setUp();
    await remember(
      'User: I moved house last month. The new street is quiet. My neighbour bakes bread every morning. ' +
        'We started a vegetable garden behind the shed. The tomatoes came up first. Work has been busy too.',
      '2026-03-05T10:00:00.000Z',
      'c1',
    );
    const ranked = await rankMemories(deps, partition, 'What is growing in the garden?');
    expect(ranked[0]?.focus).toEqual(['growing', 'garden']);
    const block = buildMemoryBlock(ranked, [], 500, estimateTokens);
    expect(block.text).toContain('We started a vegetable garden behind the shed.');
    expect(block.text).not.toContain('Work has been busy');
  });

  it('does not let a speaker label in the question outrank moments that match its content', async () => {
    const { partition, deps, remember } = await setUp();
    // Other users' memories make the label look rare to the full-text statistics, as they do in production.
    const other = await insertUser(db);
    const filler = Array.from({ length: 300 }, (_, index) => ({
      kind: 'turn' as const,
      text: `note ${index}`,
    }));
    await insertItems(
      db.kysely,
      await prepareItems({ userId: other.userId, characterId: 'x' }, filler, deps),
    );
    const answer = await remember(
      'Sam: I spent the whole long weekend out by the water painting a big canvas of the old harbour at dawn, ' +
        'with the fishing boats coming in, the gulls over the nets and the lighthouse still lit.\nRiley: Lovely.',
      '2026-03-01T10:00:00.000Z',
      'c1',
    );
    for (let index = 0; index < 6; index += 1) {
      await remember(`Sam: Okay.\nRiley: Sure ${index}.`, '2026-03-02T10:00:00.000Z', `c${index + 2}`);
    }
    const ranked = await rankMemories(deps, partition, 'What did Sam paint?', { weights: { dense: 0 } });
    expect(ranked[0]?.item.id).toBe(answer);
    expect(ranked[0]?.focus).toEqual(['paint']);
  });
});
