import { afterEach, beforeEach, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createServices } from '../../src/create-services.js';
import type { Services } from '../../src/services.js';
import type { FastifyInstance } from 'fastify';
import { lexicalSearch } from '../../src/memory/lexical-search.js';
import { insertItems, prepareItems } from '../../src/memory/store.js';
import { TEST_SECRET, type TestUser, signUpTestUser } from '../helpers/app.js';
import { createTestDb, describeEachDialect } from '../helpers/databases.js';
import { fakeEmbedder } from './fake-models.js';

const signal = new AbortController().signal;

describeEachDialect('memory routes', (dialect) => {
  let app: FastifyInstance;
  let services: Services;
  let close: () => Promise<void>;
  let alice: TestUser;
  let bob: TestUser;

  beforeEach(async () => {
    const db = await createTestDb(dialect);
    const config = loadConfig({ HEARTH_DATA_DIR: '/tmp/hearth-test-unused' });
    services = await createServices(config, db, { secret: TEST_SECRET, memoryEmbedder: fakeEmbedder() });
    app = await buildApp(services, { logger: false });
    close = async () => {
      await app.close();
      await db.close();
    };
    alice = await signUpTestUser(app);
    bob = await signUpTestUser(app);
  });
  afterEach(() => close());

  async function seedFact(user: TestUser, characterId: string, text: string, extra = {}) {
    const partition = { userId: user.id, characterId };
    const [row] = await prepareItems(partition, [{ kind: 'fact', text, importance: 6, ...extra }], {
      clock: services.clock,
      embedder: services.memory.embedder,
    });
    await insertItems(services.db.kysely, [row]);
    return row.id;
  }

  const recallFor = (user: TestUser, characterId: string, query: string) =>
    services.memory.recall({
      actor: { userId: user.id } as never,
      characterId,
      chatId: 'c',
      query,
      budgetTokens: 1500,
      signal,
    });

  it('lists current and past facts, profile and summaries, and searches with ?q=', async () => {
    await seedFact(alice, 'char-1', 'The user plays the cello in an orchestra.');
    await seedFact(alice, 'char-1', 'The user lived in Oslo.', { validAt: '2025-01-01T00:00:00.000Z' });
    await services.db.kysely
      .updateTable('memory_items')
      .set({ invalid_at: '2025-06-01T00:00:00.000Z' })
      .where('text', '=', 'The user lived in Oslo.')
      .execute();
    const profile = await app.inject({
      method: 'PATCH',
      url: '/api/characters/char-1/memories/profile',
      headers: alice.headers,
      payload: { name: 'Ali', likes: ['tea', 'jazz'] },
    });
    expect(profile.statusCode).toBe(200);
    const all = (await app.inject({ url: '/api/characters/char-1/memories', headers: alice.headers })).json();
    expect(all.facts.current.map((fact: { text: string }) => fact.text)).toEqual([
      'The user plays the cello in an orchestra.',
    ]);
    expect(all.facts.past[0].text).toBe('The user lived in Oslo.');
    expect(all.profile).toEqual([
      { field: 'name', value: 'Ali' },
      { field: 'likes', value: ['tea', 'jazz'] },
    ]);
    const found = (
      await app.inject({ url: '/api/characters/char-1/memories?q=cello', headers: alice.headers })
    ).json();
    expect(found.facts.current).toHaveLength(1);
    expect((await recallFor(alice, 'char-1', 'music')).text).toContain('- name: Ali');
  });

  it('an edited fact is searchable by its new text and reaches the next prompt', async () => {
    const id = await seedFact(alice, 'char-1', 'The user has a dog named Rex.');
    const edited = await app.inject({
      method: 'PATCH',
      url: `/api/memories/${id}`,
      headers: alice.headers,
      payload: { text: 'The user has a dog named Biscuit.', importance: 9 },
    });
    expect(edited.statusCode).toBe(200);
    expect(edited.json().memory).toMatchObject({ text: 'The user has a dog named Biscuit.', importance: 9 });
    const partition = { userId: alice.id, characterId: 'char-1' };
    expect(await lexicalSearch(services.db, partition, ['rex'], 10)).toEqual([]);
    expect((await lexicalSearch(services.db, partition, ['biscuit'], 10)).map((hit) => hit.id)).toEqual([id]);
    const block = await recallFor(alice, 'char-1', 'what is my dog called?');
    expect(block.text).toContain('Biscuit');
    expect(block.text).not.toContain('Rex');
  });

  it('a deleted fact is gone from full-text search, vectors and the prompt', async () => {
    const id = await seedFact(alice, 'char-1', 'The user is allergic to peanuts.');
    expect((await recallFor(alice, 'char-1', 'peanuts allergy')).text).toContain('peanuts');
    const deleted = await app.inject({
      method: 'DELETE',
      url: `/api/memories/${id}`,
      headers: alice.headers,
    });
    expect(deleted.statusCode).toBe(204);
    const partition = { userId: alice.id, characterId: 'char-1' };
    expect(await lexicalSearch(services.db, partition, ['peanuts'], 10)).toEqual([]);
    const [vector] = await services.memory.embedder.embed(['allergic to peanuts']);
    const near = await services.memory.scorer.nearest(partition, services.memory.embedder.id, vector, 10);
    expect(near.map((hit) => hit.id)).not.toContain(id);
    expect((await recallFor(alice, 'char-1', 'peanuts allergy')).text).not.toContain('peanuts');
    const again = await app.inject({ method: 'DELETE', url: `/api/memories/${id}`, headers: alice.headers });
    expect(again.statusCode).toBe(404);
  });

  it("user B cannot read, edit or delete A's memories", async () => {
    const id = await seedFact(alice, 'char-1', 'The user works night shifts at a bakery.');
    const read = (await app.inject({ url: '/api/characters/char-1/memories', headers: bob.headers })).json();
    expect(read.facts.current).toEqual([]);
    const search = (
      await app.inject({ url: '/api/characters/char-1/memories?q=bakery', headers: bob.headers })
    ).json();
    expect(search.facts.current).toEqual([]);
    const edit = await app.inject({
      method: 'PATCH',
      url: `/api/memories/${id}`,
      headers: bob.headers,
      payload: { text: 'hijacked' },
    });
    expect(edit.statusCode).toBe(404);
    expect(edit.json().error.code).toBe('memory_not_found');
    const remove = await app.inject({ method: 'DELETE', url: `/api/memories/${id}`, headers: bob.headers });
    expect(remove.statusCode).toBe(404);
    const forget = await app.inject({
      method: 'POST',
      url: '/api/characters/char-1/memories/forget-all',
      headers: bob.headers,
    });
    expect(forget.json().removed).toBe(0);
    const exported = (
      await app.inject({ url: '/api/characters/char-1/memories/export', headers: bob.headers })
    ).json();
    expect(exported.items).toEqual([]);
    const row = await services.db.kysely
      .selectFrom('memory_items')
      .select('text')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.text).toBe('The user works night shifts at a bakery.');
    expect((await recallFor(bob, 'char-1', 'bakery night shifts')).text).toBe('');
  });

  it("A's other characters do not see A's memories with one character", async () => {
    await seedFact(alice, 'char-1', 'The user is training for a marathon.');
    const other = (
      await app.inject({ url: '/api/characters/char-2/memories', headers: alice.headers })
    ).json();
    expect(other.facts.current).toEqual([]);
    expect((await recallFor(alice, 'char-2', 'marathon training')).text).toBe('');
  });

  it('forget-all empties the partition; export holds everything before that', async () => {
    await seedFact(alice, 'char-1', 'The user speaks Portuguese.');
    await seedFact(alice, 'char-2', 'The user likes chess.');
    const exported = await app.inject({
      url: '/api/characters/char-1/memories/export',
      headers: alice.headers,
    });
    expect(exported.headers['content-disposition']).toContain('attachment');
    expect(exported.json().items.map((item: { text: string }) => item.text)).toEqual([
      'The user speaks Portuguese.',
    ]);
    const forget = await app.inject({
      method: 'POST',
      url: '/api/characters/char-1/memories/forget-all',
      headers: alice.headers,
    });
    expect(forget.json().removed).toBe(1);
    expect(
      await lexicalSearch(services.db, { userId: alice.id, characterId: 'char-1' }, ['portuguese'], 5),
    ).toEqual([]);
    const kept = (
      await app.inject({ url: '/api/characters/char-2/memories', headers: alice.headers })
    ).json();
    expect(kept.facts.current).toHaveLength(1);
  });

  it('account export includes memories and account deletion erases them', async () => {
    await seedFact(alice, 'char-1', 'The user grows tomatoes on the balcony.');
    const exported = (await app.inject({ url: '/api/me/export', headers: alice.headers })).json();
    expect(exported.memory.items[0]).toMatchObject({
      characterId: 'char-1',
      text: expect.stringContaining('tomatoes'),
    });
    const deleted = await app.inject({
      method: 'DELETE',
      url: '/api/me',
      headers: alice.headers,
      payload: { password: alice.password },
    });
    expect(deleted.statusCode).toBe(204);
    const left = await services.db.kysely
      .selectFrom('memory_items')
      .select('id')
      .where('user_id', '=', alice.id)
      .execute();
    expect(left).toEqual([]);
  });

  it('rejects bad input with 4xx and writes nothing', async () => {
    const id = await seedFact(alice, 'char-1', 'The user has two sisters.');
    const unknownField = await app.inject({
      method: 'PATCH',
      url: `/api/memories/${id}`,
      headers: alice.headers,
      payload: { text: 'x', owner: 'someone' },
    });
    expect(unknownField.statusCode).toBe(400);
    const badImportance = await app.inject({
      method: 'PATCH',
      url: `/api/memories/${id}`,
      headers: alice.headers,
      payload: { importance: 42 },
    });
    expect(badImportance.statusCode).toBe(400);
    const badProfile = await app.inject({
      method: 'PATCH',
      url: '/api/characters/char-1/memories/profile',
      headers: alice.headers,
      payload: { shoe_size: '42' },
    });
    expect(badProfile.statusCode).toBe(400);
    const anonymous = await app.inject({ url: '/api/characters/char-1/memories' });
    expect(anonymous.statusCode).toBe(401);
    const row = await services.db.kysely
      .selectFrom('memory_items')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ text: 'The user has two sisters.', importance: 6 });
  });
});
