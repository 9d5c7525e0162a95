import { afterEach, beforeEach, expect, it } from 'vitest';
import { getCharacterForChat } from '../../src/characters/index.js';
import { type TestApp, type TestUser, createTestApp, signUpTestUser } from '../helpers/app.js';
import { describeEachDialect } from '../helpers/databases.js';
import { actorFromUser, findUserById } from '../../src/accounts/index.js';
import { countCharacters, createCharacterAs, minimalDoc, optInNsfw, publish, setRole } from './helpers.js';

describeEachDialect('characters authorization matrix', (dialect) => {
  let test: TestApp;
  let owner: TestUser;
  let other: TestUser;

  beforeEach(async () => {
    test = await createTestApp(dialect);
    owner = await signUpTestUser(test.app);
    other = await signUpTestUser(test.app);
  });
  afterEach(async () => test.close());

  const get = (user: TestUser | null, url: string) =>
    test.app.inject({ method: 'GET', url, headers: user?.headers ?? {} });
  const listIds = async (user: TestUser | null, query = '') =>
    (await get(user, `/api/characters?${query}`)).json().items.map((item: { id: string }) => item.id);
  const actorOf = async (user: TestUser) =>
    actorFromUser((await findUserById(test.services.db.kysely, user.id))!, 'session');

  it('a private draft is invisible to others in get, list, search, export, versions and chat', async () => {
    const character = await createCharacterAs(test.app, owner);
    expect((await get(owner, `/api/characters/${character.id}`)).statusCode).toBe(200);
    for (const viewer of [other, null]) {
      const response = await get(viewer, `/api/characters/${character.id}`);
      expect(response.statusCode).toBe(404);
      expect(response.json().error.code).toBe('character_not_found');
      expect((await get(viewer, `/api/characters/${character.slug}`)).statusCode).toBe(404);
      expect(await listIds(viewer)).not.toContain(character.id);
      expect(await listIds(viewer, 'q=cartographer')).not.toContain(character.id);
      expect(await listIds(viewer, 'tag=maritime')).not.toContain(character.id);
      expect((await get(viewer, `/api/characters/${character.id}/export?format=json`)).statusCode).toBe(404);
      expect((await get(viewer, `/api/characters/${character.id}/prompt-preview`)).statusCode).toBe(
        viewer ? 404 : 401,
      );
    }
    await expect(
      getCharacterForChat(test.services.db.kysely, await actorOf(other), character.id),
    ).rejects.toMatchObject({
      code: 'character_not_found',
    });
    const mine = await getCharacterForChat(test.services.db.kysely, await actorOf(owner), character.slug);
    expect(mine.id).toBe(character.id);
  });

  it('a published draft made private again, or unlisted, is not listed', async () => {
    const unlisted = await createCharacterAs(test.app, owner);
    expect((await publish(test.app, owner, unlisted.id, 'unlisted')).statusCode).toBe(200);
    expect((await get(other, `/api/characters/${unlisted.slug}`)).statusCode).toBe(200);
    expect(await listIds(other)).not.toContain(unlisted.id);
    expect(await listIds(other, 'q=cartographer')).not.toContain(unlisted.id);

    const unpublished = await createCharacterAs(test.app, owner);
    await publish(test.app, owner, unpublished.id);
    expect(await listIds(other)).toContain(unpublished.id);
    await test.app.inject({
      method: 'POST',
      url: `/api/characters/${unpublished.id}/unpublish`,
      headers: owner.headers,
    });
    expect(await listIds(other)).not.toContain(unpublished.id);
    expect((await get(other, `/api/characters/${unpublished.id}`)).statusCode).toBe(404);
  });

  it('public characters never reveal hidden runtime rules to non-owners', async () => {
    const character = await createCharacterAs(test.app, owner);
    await publish(test.app, owner, character.id);
    const seen = await get(other, `/api/characters/${character.id}`);
    expect(seen.statusCode).toBe(200);
    expect(seen.json().character.doc.runtime).toBeUndefined();
    expect(seen.body).not.toContain('HIDDEN-RULE-XYZZY');
    expect((await get(null, `/api/characters/${character.id}`)).body).not.toContain('HIDDEN-RULE-XYZZY');
    expect((await get(other, '/api/characters')).body).not.toContain('HIDDEN-RULE-XYZZY');
    const exported = await get(other, `/api/characters/${character.id}/export?format=json`);
    expect(exported.statusCode).toBe(200);
    expect(exported.body).not.toContain('HIDDEN-RULE-XYZZY');
    expect((await get(owner, `/api/characters/${character.id}/export?format=json`)).body).toContain(
      'HIDDEN-RULE-XYZZY',
    );
    expect((await get(owner, `/api/characters/${character.id}`)).json().character.doc.runtime.notes).toBe(
      'HIDDEN-RULE-XYZZY',
    );
  });

  it('only the owner or a moderator edits; a locked character cannot be edited by its owner', async () => {
    const character = await createCharacterAs(test.app, owner);
    await publish(test.app, owner, character.id);
    const patch = (user: TestUser, name: string) =>
      test.app.inject({
        method: 'PATCH',
        url: `/api/characters/${character.id}`,
        headers: user.headers,
        payload: { doc: minimalDoc({ name }) },
      });
    const denied = await patch(other, 'Stolen');
    expect(denied.statusCode).toBe(403);
    expect(denied.json().error.code).toBe('forbidden');
    expect(
      (
        await test.app.inject({
          method: 'DELETE',
          url: `/api/characters/${character.id}`,
          headers: other.headers,
        })
      ).statusCode,
    ).toBe(403);
    expect((await patch(owner, 'Renamed')).statusCode).toBe(200);

    const moderator = await signUpTestUser(test.app);
    await setRole(test, moderator.id, 'moderator');
    expect(
      (
        await test.app.inject({
          method: 'POST',
          url: `/api/characters/${character.id}/lock`,
          headers: other.headers,
        })
      ).statusCode,
    ).toBe(403);
    const locked = await test.app.inject({
      method: 'POST',
      url: `/api/characters/${character.id}/lock`,
      headers: moderator.headers,
    });
    expect(locked.json().character.status).toBe('locked');
    const blocked = await patch(owner, 'Sneaky');
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().error.code).toBe('character_locked');
    expect((await publish(test.app, owner, character.id)).statusCode).toBe(403);
    expect((await get(other, `/api/characters/${character.id}`)).statusCode).toBe(404);
    expect((await patch(moderator, 'Moderated')).statusCode).toBe(200);
    const unlocked = await test.app.inject({
      method: 'POST',
      url: `/api/characters/${character.id}/unlock`,
      headers: moderator.headers,
    });
    expect(unlocked.json().character.status).toBe('published');
    expect((await patch(owner, 'Free again')).statusCode).toBe(200);
    const versions = await get(owner, `/api/characters/${character.id}/versions`);
    expect(versions.json().versions.map((version: { version: number }) => version.version)).toEqual([
      4, 3, 2, 1,
    ]);
    expect((await get(other, `/api/characters/${character.id}/versions`)).statusCode).toBe(404);
  });

  it('moderators see private drafts; NSFW is hidden unless the viewer opted in', async () => {
    const draft = await createCharacterAs(test.app, owner);
    const moderator = await signUpTestUser(test.app);
    await setRole(test, moderator.id, 'moderator');
    expect((await get(moderator, `/api/characters/${draft.id}`)).statusCode).toBe(200);

    const nsfw = await createCharacterAs(
      test.app,
      owner,
      minimalDoc({ rating: 'nsfw', name: 'Velvet Night' }),
    );
    await publish(test.app, owner, nsfw.id);
    expect((await get(other, `/api/characters/${nsfw.id}`)).statusCode).toBe(404);
    expect(await listIds(other)).not.toContain(nsfw.id);
    expect(await listIds(other, 'rating=nsfw')).not.toContain(nsfw.id);
    await optInNsfw(test, other.id);
    expect((await get(other, `/api/characters/${nsfw.id}`)).statusCode).toBe(200);
    expect(await listIds(other, 'rating=nsfw')).toEqual([nsfw.id]);
  });

  it('refuses a minor persona with minor_character and stores nothing', async () => {
    const before = await countCharacters(test);
    const response = await test.app.inject({
      method: 'POST',
      url: '/api/characters',
      headers: owner.headers,
      payload: { doc: minimalDoc({ backstory: 'She is a 15-year-old runaway.' }) },
    });
    expect(response.statusCode).toBe(422);
    expect(response.json().error.code).toBe('minor_character');
    expect(await countCharacters(test)).toBe(before);
    const unknownField = await test.app.inject({
      method: 'POST',
      url: '/api/characters',
      headers: owner.headers,
      payload: { doc: minimalDoc(), surprise: true },
    });
    expect(unknownField.statusCode).toBe(400);
  });
});
