import { afterEach, beforeEach, expect, it } from 'vitest';
import {
  ensureStarterCharacters,
  findMinorAgeSignals,
  recordChatStart,
  refreshCatalogCounters,
} from '../../src/characters/index.js';
import { starterCharacters } from '../../src/characters/starter-docs.js';
import type { Clock } from '../../src/clock.js';
import { type TestApp, type TestUser, createTestApp, signUpTestUser } from '../helpers/app.js';
import { describeEachDialect } from '../helpers/databases.js';
import { createCharacterAs, minimalDoc, publish } from './helpers.js';

describeEachDialect('characters catalog', (dialect) => {
  let test: TestApp;
  let creator: TestUser;
  let reader: TestUser;
  let now = new Date('2026-03-01T12:00:00Z');
  const clock: Clock = { now: () => now };

  beforeEach(async () => {
    now = new Date('2026-03-01T12:00:00Z');
    test = await createTestApp(dialect, { clock });
    creator = await signUpTestUser(test.app);
    reader = await signUpTestUser(test.app);
  });
  afterEach(async () => test.close());

  const list = async (query: string, user: TestUser = reader) => {
    const response = await test.app.inject({
      method: 'GET',
      url: `/api/characters?${query}`,
      headers: user.headers,
    });
    expect(response.statusCode).toBe(200);
    return response.json() as { items: { id: string; name: string }[]; nextCursor: string | null };
  };

  it('finds a published character by tag and by a word of its tagline, and opens its page', async () => {
    const hit = await createCharacterAs(
      test.app,
      creator,
      minimalDoc({ tagline: 'A zeppelin navigator chasing storms', tags: ['Skyships'] }),
    );
    const miss = await createCharacterAs(
      test.app,
      creator,
      minimalDoc({ name: 'Other', tagline: 'A quiet gardener', tags: ['plants'] }),
    );
    await publish(test.app, creator, hit.id);
    await publish(test.app, creator, miss.id);
    expect((await list('tag=skyships')).items.map((item) => item.id)).toEqual([hit.id]);
    expect((await list('tag=SKYSHIPS')).items.map((item) => item.id)).toEqual([hit.id]);
    expect((await list('q=zeppelin')).items.map((item) => item.id)).toEqual([hit.id]);
    expect((await list('q=zeppel')).items.map((item) => item.id)).toEqual([hit.id]);
    expect((await list('q=gardener')).items.map((item) => item.id)).toEqual([miss.id]);
    expect((await list('q=cartographer%20maps')).items).toEqual([]);
    expect((await list('q=%22%20OR%20*%20--')).items).toEqual([]);
    const page = await test.app.inject({
      method: 'GET',
      url: `/api/characters/${hit.slug}`,
      headers: reader.headers,
    });
    expect(page.json().character).toMatchObject({
      name: 'Marlow Reyes',
      greeting: 'Hello {{user}}, mind the ink.',
    });
    expect(page.json().character.creatorName).toBeTruthy();
  });

  it('edits update the search index in the same transaction', async () => {
    const character = await createCharacterAs(test.app, creator);
    await publish(test.app, creator, character.id);
    await test.app.inject({
      method: 'PATCH',
      url: `/api/characters/${character.id}`,
      headers: creator.headers,
      payload: { doc: minimalDoc({ tagline: 'Now a balloonist', tags: ['air'] }) },
    });
    expect((await list('q=cartographer')).items).toEqual([]);
    expect((await list('q=balloonist')).items.map((item) => item.id)).toEqual([character.id]);
    expect((await list('tag=maritime')).items).toEqual([]);
    expect((await list('tag=air')).items.map((item) => item.id)).toEqual([character.id]);
  });

  it('pages with a cursor in every sort, without repeats', async () => {
    const ids: string[] = [];
    for (let index = 0; index < 5; index += 1) {
      now = new Date(now.getTime() + 60_000);
      const character = await createCharacterAs(test.app, creator, minimalDoc({ name: `Pager ${index}` }));
      await publish(test.app, creator, character.id);
      ids.push(character.id);
    }
    for (const sort of ['new', 'popular', 'trending']) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page = await list(`sort=${sort}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        seen.push(...page.items.map((item) => item.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen.sort()).toEqual([...ids].sort());
    }
    expect((await list('sort=new&limit=5')).items.map((item) => item.id)).toEqual([...ids].reverse());
    const bad = await test.app.inject({
      method: 'GET',
      url: '/api/characters?cursor=garbage',
      headers: reader.headers,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('invalid_cursor');
  });

  it('sorts popular by chats in the last 7 days', async () => {
    const quiet = await createCharacterAs(test.app, creator, minimalDoc({ name: 'Quiet' }));
    const busy = await createCharacterAs(test.app, creator, minimalDoc({ name: 'Busy' }));
    await publish(test.app, creator, quiet.id);
    await publish(test.app, creator, busy.id);
    const db = test.services.db.kysely;
    for (let index = 0; index < 3; index += 1) await recordChatStart(db, busy.id, clock);
    await recordChatStart(db, quiet.id, clock);
    expect((await list('sort=popular')).items.map((item) => item.name)).toEqual(['Busy', 'Quiet']);
    now = new Date('2026-03-20T12:00:00Z');
    await recordChatStart(db, quiet.id, clock);
    await refreshCatalogCounters(db, clock);
    expect((await list('sort=popular')).items.map((item) => item.name)).toEqual(['Quiet', 'Busy']);
  });

  it('favourites, reports and the owner-only prompt preview', async () => {
    const character = await createCharacterAs(test.app, creator);
    await publish(test.app, creator, character.id);
    const favourite = await test.app.inject({
      method: 'POST',
      url: `/api/characters/${character.id}/favourite`,
      headers: reader.headers,
    });
    expect(favourite.statusCode).toBe(204);
    await test.app.inject({
      method: 'POST',
      url: `/api/characters/${character.id}/favourite`,
      headers: reader.headers,
    });
    const favourites = await test.app.inject({
      method: 'GET',
      url: '/api/me/favourites',
      headers: reader.headers,
    });
    expect(favourites.json().items.map((item: { id: string }) => item.id)).toEqual([character.id]);
    const page = await test.app.inject({
      method: 'GET',
      url: `/api/characters/${character.id}`,
      headers: reader.headers,
    });
    expect(page.json().character).toMatchObject({
      favourites: 1,
      viewer: { isFavourite: true, canEdit: false },
    });
    await test.app.inject({
      method: 'DELETE',
      url: `/api/characters/${character.id}/favourite`,
      headers: reader.headers,
    });
    expect(
      (await test.app.inject({ method: 'GET', url: '/api/me/favourites', headers: reader.headers })).json()
        .items,
    ).toEqual([]);

    const report = await test.app.inject({
      method: 'POST',
      url: `/api/characters/${character.id}/report`,
      headers: reader.headers,
      payload: { reason: 'spam', details: 'Advertises a website.' },
    });
    expect(report.statusCode).toBe(201);
    const stored = await test.services.db.kysely.selectFrom('character_reports').selectAll().execute();
    expect(stored).toMatchObject([
      { reporter_id: reader.id, character_id: character.id, reason: 'spam', status: 'open' },
    ]);
    const badReason = await test.app.inject({
      method: 'POST',
      url: `/api/characters/${character.id}/report`,
      headers: reader.headers,
      payload: { reason: 'boring' },
    });
    expect(badReason.statusCode).toBe(400);
    expect(
      (
        await test.app.inject({
          method: 'GET',
          url: '/api/moderation/character-reports',
          headers: reader.headers,
        })
      ).statusCode,
    ).toBe(403);

    const preview = await test.app.inject({
      method: 'GET',
      url: `/api/characters/${character.id}/prompt-preview`,
      headers: creator.headers,
    });
    expect(preview.statusCode).toBe(200);
    expect(preview.json().systemPrompt).toContain('HIDDEN-RULE-XYZZY');
    expect(preview.json().tokens).toBeGreaterThan(10);
    const denied = await test.app.inject({
      method: 'GET',
      url: `/api/characters/${character.id}/prompt-preview`,
      headers: reader.headers,
    });
    expect(denied.statusCode).toBe(404);
    expect(denied.body).not.toContain('HIDDEN-RULE-XYZZY');
  });

  it('forks only when the creator allows it, without the hidden rules', async () => {
    const closed = await createCharacterAs(test.app, creator);
    await publish(test.app, creator, closed.id);
    const refused = await test.app.inject({
      method: 'POST',
      url: `/api/characters/${closed.id}/fork`,
      headers: reader.headers,
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('fork_not_allowed');
    const open = await createCharacterAs(test.app, creator, minimalDoc(), { allowFork: true });
    await publish(test.app, creator, open.id);
    const fork = await test.app.inject({
      method: 'POST',
      url: `/api/characters/${open.id}/fork`,
      headers: reader.headers,
    });
    expect(fork.statusCode).toBe(201);
    expect(fork.json().character).toMatchObject({
      forkedFrom: open.id,
      status: 'draft',
      visibility: 'private',
      ownerId: reader.id,
    });
    expect(fork.body).not.toContain('HIDDEN-RULE-XYZZY');
  });

  it('creates the starter characters once, all adult, published and listed', async () => {
    const db = test.services.db.kysely;
    expect(await ensureStarterCharacters(db, clock)).toBe(starterCharacters.length);
    expect(await ensureStarterCharacters(db, clock)).toBe(0);
    for (const starter of starterCharacters) expect(findMinorAgeSignals(starter.doc)).toEqual([]);
    const listed = await list('limit=50');
    expect(listed.items).toHaveLength(starterCharacters.length);
    expect((await list('tag=cozy')).items.length).toBeGreaterThanOrEqual(2);
  });

  it('exports and erases a user’s characters, favourites and relationships', async () => {
    const character = await createCharacterAs(test.app, creator);
    await publish(test.app, creator, character.id);
    await test.app.inject({
      method: 'POST',
      url: `/api/characters/${character.id}/favourite`,
      headers: creator.headers,
    });
    const exported = await test.app.inject({
      method: 'GET',
      url: '/api/me/export',
      headers: creator.headers,
    });
    expect(exported.json().characters.characters[0].doc.runtime.notes).toBe('HIDDEN-RULE-XYZZY');
    expect(exported.json().characters.favourites).toHaveLength(1);
    const deleted = await test.app.inject({
      method: 'DELETE',
      url: '/api/me',
      headers: creator.headers,
      payload: { password: creator.password },
    });
    expect(deleted.statusCode).toBeLessThan(300);
    expect(await test.services.db.kysely.selectFrom('characters').selectAll().execute()).toEqual([]);
    expect((await list('q=cartographer')).items).toEqual([]);
  });
});
