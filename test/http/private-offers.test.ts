import { afterEach, expect, it } from 'vitest';
import { createCharacterAs, publish } from '../characters/helpers.js';
import { createTestApp, signUpTestUser, type TestApp } from '../helpers/app.js';
import { describeEachDialect } from '../helpers/databases.js';

// Issue 13, low: offers on a creator's private draft were listed and could be bought.
describeEachDialect('issue 13 low: offers on a private draft', (dialect) => {
  let test: TestApp;
  afterEach(async () => test?.close());

  it('are neither listed nor purchasable by others, and move no money; once published they are', async () => {
    test = await createTestApp(dialect);
    const creator = await signUpTestUser(test.app);
    const fan = await signUpTestUser(test.app);
    const db = test.services.db.kysely;
    await db.updateTable('users').set({ role: 'creator' }).where('id', '=', creator.id).execute();
    const draft = await createCharacterAs(test.app, creator);
    const offer = await test.app.inject({
      method: 'PUT',
      url: '/api/creator/offers',
      headers: creator.headers,
      payload: { characterId: draft.id, kind: 'subscription', credits: 50 },
    });
    expect(offer.statusCode).toBe(200);
    const offerId = offer.json().offer.id;
    const list = await test.app.inject({ url: `/api/characters/${draft.id}/offers`, headers: fan.headers });
    expect(list.statusCode).toBe(404);
    expect(list.json().error.code).toBe('character_not_found');
    const ledgerBefore = await db
      .selectFrom('ledger_entries')
      .select(db.fn.countAll().as('n'))
      .executeTakeFirst();
    const buy = await test.app.inject({
      method: 'POST',
      url: `/api/offers/${offerId}/purchase`,
      headers: { ...fan.headers, 'idempotency-key': `draft-offer-${dialect}-1` },
    });
    expect(buy.statusCode).toBe(404);
    expect(buy.json().error.code).toBe('offer_not_found');
    const ledgerAfter = await db
      .selectFrom('ledger_entries')
      .select(db.fn.countAll().as('n'))
      .executeTakeFirst();
    expect(Number(ledgerAfter?.n)).toBe(Number(ledgerBefore?.n));
    expect(await db.selectFrom('creator_sales').selectAll().execute()).toEqual([]);
    expect(await db.selectFrom('idempotency_keys').selectAll().execute()).toEqual([]);
    // The owner still sees their own offers.
    const own = await test.app.inject({
      url: `/api/characters/${draft.id}/offers`,
      headers: creator.headers,
    });
    expect(own.json().offers).toHaveLength(1);

    expect((await publish(test.app, creator, draft.id, 'public')).statusCode).toBe(200);
    const listed = await test.app.inject({ url: `/api/characters/${draft.id}/offers`, headers: fan.headers });
    expect(listed.json().offers.map((item: { id: string }) => item.id)).toEqual([offerId]);
    const bought = await test.app.inject({
      method: 'POST',
      url: `/api/offers/${offerId}/purchase`,
      headers: { ...fan.headers, 'idempotency-key': `draft-offer-${dialect}-2` },
    });
    // Published: the offer is for sale (the fan simply has no credits yet).
    expect(bought.json().error.code).toBe('insufficient_credits');
  });
});
