import { afterEach, beforeEach, expect, it } from 'vitest';
import { updateUser } from '../../src/accounts/index.js';
import { assertMayChat, createModerationStage, defaultSafetyConfig } from '../../src/safety/index.js';
import { type TestApp, type TestUser, createTestApp, signUpTestUser } from '../helpers/app.js';
import { describeEachDialect } from '../helpers/databases.js';

describeEachDialect('safety routes', (dialect) => {
  let harness: TestApp;
  let user: TestUser;
  let moderator: TestUser;
  beforeEach(async () => {
    harness = await createTestApp(dialect);
    user = await signUpTestUser(harness.app);
    moderator = await signUpTestUser(harness.app);
    await updateUser(harness.services.db.kysely, harness.services.clock, moderator.id, { role: 'moderator' });
  });
  afterEach(async () => {
    await harness.close();
  });

  const inject = (who: TestUser, method: 'GET' | 'POST', url: string, payload?: unknown) =>
    harness.app.inject({ method, url, headers: who.headers, payload: payload as object });

  async function flagSomething(text = 'teach me to launder money through a fake shop') {
    const stage = createModerationStage({
      db: harness.services.db.kysely,
      clock: harness.services.clock,
      config: defaultSafetyConfig,
    });
    const me = await inject(user, 'GET', '/api/me');
    const actor = {
      userId: user.id,
      email: user.email,
      displayName: me.json().user.displayName,
      role: 'user' as const,
      ageVerified: true,
      nsfwOptIn: false,
      status: 'active' as const,
      statusReason: null,
      via: 'session' as const,
    };
    return stage.checkInput({
      actor,
      character: { id: 'ch-1', ownerId: 'o', name: 'Ivy', rating: 'sfw', creatorVerified: false },
      chatId: 'chat-9',
      text,
      history: [{ role: 'user', content: 'hi Ivy' }],
    });
  }

  it('a report lands in the queue; only moderators can read the queue', async () => {
    const report = await inject(user, 'POST', '/api/reports', {
      characterId: 'ch-2',
      reason: 'minor_safety',
      details: 'the character says she is 12',
    });
    expect(report.statusCode).toBe(201);
    expect((await inject(user, 'GET', '/api/moderation/queue')).statusCode).toBe(403);
    const queue = await inject(moderator, 'GET', '/api/moderation/queue');
    expect(queue.statusCode).toBe(200);
    expect(queue.json().items[0]).toMatchObject({
      id: report.json().id,
      source: 'report',
      reason: 'minor_safety',
      characterId: 'ch-2',
    });
  });

  it('rejects bad reports and writes nothing', async () => {
    const noTarget = await inject(user, 'POST', '/api/reports', { reason: 'spam' });
    expect(noTarget.statusCode).toBe(400);
    const extra = await inject(user, 'POST', '/api/reports', { messageId: 'm', reason: 'spam', admin: true });
    expect(extra.statusCode).toBe(400);
    expect((await inject(moderator, 'GET', '/api/moderation/queue')).json().items).toEqual([]);
  });

  it('moderator sees a flagged item with context, upholds with suspension, and the user is stopped', async () => {
    await flagSomething();
    const [item] = (await inject(moderator, 'GET', '/api/moderation/queue')).json().items;
    expect(item).toMatchObject({
      source: 'flag',
      subjectUserId: user.id,
      context: [{ role: 'user', content: 'hi Ivy' }],
    });
    expect(item.categories[0]).toMatchObject({ category: 'non_violent_crimes' });

    const decided = await inject(moderator, 'POST', `/api/moderation/items/${item.id}/decision`, {
      decision: 'uphold',
      note: 'drug manufacturing request',
      suspendDays: 7,
    });
    expect(decided.json()).toMatchObject({ status: 'upheld', enforcement: 'suspended' });
    const again = await inject(moderator, 'POST', `/api/moderation/items/${item.id}/decision`, {
      decision: 'dismiss',
    });
    expect(again.json().error.code).toBe('item_already_decided');

    const me = await inject(user, 'GET', '/api/me');
    expect(me.json().user.status).toBe('suspended');
    const { status, statusReason } = me.json().user;
    expect(() => assertMayChat({ status, statusReason })).toThrow(
      expect.objectContaining({
        status: 403,
        code: 'account_suspended',
        message: expect.stringContaining('drug manufacturing'),
      }),
    );

    const audit = await inject(moderator, 'GET', `/api/moderation/audit?userId=${user.id}`);
    expect(audit.json().entries.map((entry: { action: string }) => entry.action)).toEqual(
      expect.arrayContaining(['item.upheld', 'user.suspended', 'moderation.input.block']),
    );
  });

  it('issue 15 item 5: a crisis reply queues an urgent item; ?urgent=true lists only those', async () => {
    const verdict = await flagSomething('i have the pills counted out, tonight i end it');
    expect(verdict).toMatchObject({ action: 'crisis', code: 'self_harm_support' });
    await flagSomething();
    const all = (await inject(moderator, 'GET', '/api/moderation/queue')).json().items;
    expect(all.map((item: { urgent: boolean }) => item.urgent).sort()).toEqual([false, true]);
    const urgent = (await inject(moderator, 'GET', '/api/moderation/queue?urgent=true')).json().items;
    expect(urgent).toHaveLength(1);
    expect(urgent[0]).toMatchObject({ urgent: true, actionTaken: 'crisis', reason: 'self_harm_support' });
    expect((await inject(user, 'GET', '/api/moderation/queue?urgent=true')).statusCode).toBe(403);
  });

  it('dismissing a flag revokes its automatic strike', async () => {
    await flagSomething();
    const [item] = (await inject(moderator, 'GET', '/api/moderation/queue')).json().items;
    expect((await inject(moderator, 'GET', `/api/moderation/users/${user.id}`)).json().activeStrikes).toBe(1);
    await inject(moderator, 'POST', `/api/moderation/items/${item.id}/decision`, { decision: 'dismiss' });
    expect((await inject(moderator, 'GET', `/api/moderation/users/${user.id}`)).json().activeStrikes).toBe(0);
  });

  it('ban and reinstate; users cannot enforce, moderators cannot touch staff', async () => {
    expect(
      (await inject(user, 'POST', `/api/moderation/users/${moderator.id}/ban`, { reason: 'nope' }))
        .statusCode,
    ).toBe(403);
    const other = await signUpTestUser(harness.app);
    await updateUser(harness.services.db.kysely, harness.services.clock, other.id, { role: 'moderator' });
    const staff = await inject(moderator, 'POST', `/api/moderation/users/${other.id}/ban`, {
      reason: 'staff fight',
    });
    expect(staff.statusCode).toBe(403);

    expect(
      (await inject(moderator, 'POST', `/api/moderation/users/${user.id}/ban`, { reason: 'abuse' })).json(),
    ).toEqual({
      status: 'banned',
    });
    expect(() => assertMayChat({ status: 'banned', statusReason: 'abuse' })).toThrow(
      expect.objectContaining({ code: 'account_banned' }),
    );
    const reinstated = await inject(moderator, 'POST', `/api/moderation/users/${user.id}/reinstate`, {
      note: 'appeal ok',
    });
    expect(reinstated.json()).toEqual({ status: 'active' });
    expect((await inject(moderator, 'GET', `/api/moderation/users/${user.id}`)).json().status).toBe('active');
  });

  it('safe-reply templates: only moderators without a configured owner lookup', async () => {
    const denied = await harness.app.inject({
      method: 'PUT',
      url: '/api/safety/characters/ch-1/safe-replies/default',
      headers: user.headers,
      payload: { template: '*{{char}} smiles* Let us talk about something else.' },
    });
    expect(denied.statusCode).toBe(403);
    const saved = await harness.app.inject({
      method: 'PUT',
      url: '/api/safety/characters/ch-1/safe-replies/default',
      headers: moderator.headers,
      payload: { template: '*{{char}} smiles* Let us talk about something else.' },
    });
    expect(saved.statusCode).toBe(200);
    const verdict = await flagSomething();
    expect(verdict).toMatchObject({
      action: 'block',
      reply: '*Ivy smiles* Let us talk about something else.',
    });
  });

  it("a user's export lists their reports and strikes; another user's export does not", async () => {
    await inject(user, 'POST', '/api/reports', { messageId: 'm-1', reason: 'harassment' });
    await flagSomething();
    const mine = await inject(user, 'GET', '/api/me/export');
    expect(mine.json().safety.reports).toHaveLength(1);
    expect(mine.json().safety.strikes).toHaveLength(1);
    const theirs = await inject(moderator, 'GET', '/api/me/export');
    expect(theirs.json().safety).toEqual({ strikes: [], suspensions: [], reports: [] });
  });
});
