import { afterEach, beforeEach, expect, it } from 'vitest';
import { actorFromUser, findUserById } from '../../src/accounts/index.js';
import { buildTurnPrompt, estimateTokens, recordExchange } from '../../src/characters/index.js';
import { type TestApp, type TestUser, createTestApp, signUpTestUser } from '../helpers/app.js';
import { describeEachDialect } from '../helpers/databases.js';
import { createCharacterAs, multipartFile, publish } from './helpers.js';

const cardWithLore = {
  spec: 'chara_card_v2',
  spec_version: '2.0',
  data: {
    name: 'Corvin Ash',
    description: 'A ferryman on a misty river.',
    first_mes: 'Fare, {{user}}?',
    tags: ['river'],
    extensions: {},
    character_book: {
      extensions: {},
      entries: [
        {
          keys: ['lantern'],
          content: 'The green lantern means the ford is closed.',
          extensions: {},
          enabled: true,
          insertion_order: 1,
        },
      ],
    },
  },
};

describeEachDialect('characters ↔ chat layer', (dialect) => {
  let test: TestApp;
  let owner: TestUser;
  let other: TestUser;

  beforeEach(async () => {
    test = await createTestApp(dialect);
    owner = await signUpTestUser(test.app);
    other = await signUpTestUser(test.app);
  });
  afterEach(async () => test.close());

  const actorOf = async (user: TestUser) =>
    actorFromUser((await findUserById(test.services.db.kysely, user.id))!, 'session');
  const startChat = (user: TestUser, characterId: string) =>
    test.app.inject({ method: 'POST', url: '/api/chats', headers: user.headers, payload: { characterId } });

  it('a turn learns from the loaded doc whether the character reads as under 18 (no second lookup)', async () => {
    const { id } = await createCharacterAs(test.app, owner);
    const user = await findUserById(test.services.db.kysely, owner.id);
    const actor = actorFromUser(user!, 'session');
    const chatCharacters = test.services.chat.characters;
    expect((await chatCharacters.forChat(actor, id)).minorCoded).toBe(false);

    // Saving refuses minor-coded docs; a row changed behind the service's back must still be caught.
    const row = await test.services.db.kysely
      .selectFrom('characters')
      .select('doc')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    await test.services.db.kysely
      .updateTable('characters')
      .set({ doc: JSON.stringify({ ...JSON.parse(row.doc), age: 'looks 15' }) })
      .where('id', '=', id)
      .execute();
    expect((await chatCharacters.forChat(actor, id)).minorCoded).toBe(true);
  });

  it('chat creation follows the visibility rules and opens with the greeting', async () => {
    const character = await createCharacterAs(test.app, owner);
    const denied = await startChat(other, character.id);
    expect(denied.statusCode).toBe(404);
    expect(denied.json().error.code).toBe('character_not_found');
    expect((await startChat(owner, character.id)).statusCode).toBe(201);
    await publish(test.app, owner, character.id);
    const started = await startChat(other, character.slug);
    expect(started.statusCode).toBe(201);
    const messages = await test.app.inject({
      method: 'GET',
      url: `/api/chats/${started.json().chat.id}/messages`,
      headers: other.headers,
    });
    expect(messages.json().messages[0].content).toMatch(/^Hello User \d+, mind the ink\.$/);
    const row = await test.services.db.kysely
      .selectFrom('characters')
      .select('chats_7d')
      .where('id', '=', character.id)
      .executeTakeFirstOrThrow();
    expect(row.chats_7d).toBe(2);
  });

  it('builds a turn prompt with lorebook hits and the relationship, and advances it', async () => {
    const file = multipartFile(JSON.stringify(cardWithLore), 'corvin.json');
    const imported = await test.app.inject({
      method: 'POST',
      url: '/api/characters/import',
      headers: { ...owner.headers, ...file.headers },
      payload: file.payload,
    });
    expect(imported.statusCode).toBe(201);
    const id = imported.json().character.id;
    const actor = await actorOf(owner);
    const db = test.services.db.kysely;
    const history = [
      { role: 'assistant' as const, content: 'Fare?' },
      { role: 'user' as const, content: 'Why is the lantern green tonight?' },
    ];
    const prompt = await buildTurnPrompt(db, {
      actor,
      characterId: id,
      history,
      memory: '- likes rivers',
      safetyPreamble: 'Be safe.',
      userName: actor.displayName,
      budgetTokens: 2000,
      countTokens: estimateTokens,
      clock: test.services.clock,
    });
    expect(prompt.systemPrompt).toContain('The green lantern means the ford is closed.');
    expect(prompt.systemPrompt).toContain('familiarity');
    expect(prompt.request.messages.at(-1)).toEqual(history[1]);
    expect(prompt.tokens).toBeLessThanOrEqual(2000);
    await expect(
      buildTurnPrompt(db, {
        ...{ actor: await actorOf(other) },
        characterId: id,
        history,
        memory: '',
        safetyPreamble: '',
        userName: 'x',
        budgetTokens: 500,
        countTokens: estimateTokens,
        clock: test.services.clock,
      }),
    ).rejects.toMatchObject({ code: 'character_not_found' });

    const text = 'I have been thinking about the river and the way the fog rolls over the water at night.';
    let state = await recordExchange(db, {
      userId: owner.id,
      characterId: id,
      userText: text,
      clock: test.services.clock,
    });
    expect(state).toMatchObject({ messages: 1, meaningfulExchanges: 1, level: 'stranger' });
    for (let index = 0; index < 2; index += 1) {
      state = await recordExchange(db, {
        userId: owner.id,
        characterId: id,
        userText: text,
        clock: test.services.clock,
      });
    }
    expect(state.level).toBe('acquaintance');
    const stored = await db
      .selectFrom('character_relationships')
      .selectAll()
      .where('user_id', '=', owner.id)
      .executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ level: 'acquaintance', messages: 3 });
  });
});
