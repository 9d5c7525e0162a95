import { afterEach, beforeEach, expect, it } from 'vitest';
import { createStripeProvider, verifyLedger } from '../../src/billing/index.js';
import { describeEachDialect } from '../helpers/databases.js';
import { createTestApp, signUpTestUser, type TestApp, type TestUser } from '../helpers/app.js';
import { walletOf } from './billing-fixtures.js';
import { WEBHOOK_SECRET, fakeStripeApi, signedEvent } from './fake-stripe.js';

describeEachDialect('Stripe payments', (dialect) => {
  let t: TestApp;
  let user: TestUser;
  let stripe: ReturnType<typeof fakeStripeApi>;

  beforeEach(async () => {
    t = await createTestApp(dialect);
    user = await signUpTestUser(t.app);
    stripe = fakeStripeApi();
    t.services.billing.payments = createStripeProvider({
      secretKey: 'sk_test_fake',
      webhookSecret: WEBHOOK_SECRET,
      api: stripe.api,
    });
  });
  afterEach(async () => t.close());

  const deliver = (event: { payload: string; signature: string }) =>
    t.app.inject({
      method: 'POST',
      url: '/api/billing/webhooks/stripe',
      headers: { 'content-type': 'application/json', 'stripe-signature': event.signature },
      payload: event.payload,
    });
  const wallet = () =>
    t.app.inject({ method: 'GET', url: '/api/wallet', headers: user.headers }).then((r) => r.json());

  async function checkout(body: Record<string, unknown>, key = `checkout-${Math.random()}`) {
    return t.app.inject({
      method: 'POST',
      url: '/api/billing/checkout',
      headers: { ...user.headers, 'idempotency-key': key },
      payload: body,
    });
  }

  it('a credit pack checkout grants its credits once, however often the webhook is delivered', async () => {
    const created = await checkout({ kind: 'credits', packId: 'small' }, 'checkout-key-1');
    expect(created.statusCode).toBe(201);
    expect(created.json().url).toMatch(/^https:\/\/checkout\.stripe\.test\//);
    const replay = await checkout({ kind: 'credits', packId: 'small' }, 'checkout-key-1');
    expect(replay.json()).toEqual(created.json());
    expect(stripe.calls.sessions).toHaveLength(1);
    expect(stripe.calls.sessions[0]).toMatchObject({
      mode: 'payment',
      metadata: { userId: user.id, credits: '100' },
    });

    const session = {
      id: created.json().sessionId,
      mode: 'payment',
      payment_status: 'paid',
      payment_intent: 'pi_1',
      metadata: {},
    };
    const event = signedEvent('checkout.session.completed', session);
    expect((await deliver(event)).json()).toMatchObject({ outcome: 'processed' });
    expect((await deliver(event)).json()).toMatchObject({ outcome: 'duplicate' });
    // Stripe may also send a second, different event for the same session: still one grant.
    await deliver(signedEvent('checkout.session.completed', session));
    expect(await walletOf(t.services.db, user.id)).toBe(100);
    expect((await verifyLedger(t.services.db.kysely)).ok).toBe(true);
  });

  it('a forged or missing signature is rejected and writes nothing', async () => {
    const event = signedEvent('checkout.session.completed', {
      id: 'cs_forged',
      mode: 'payment',
      payment_status: 'paid',
      metadata: { userId: user.id, credits: '1000' },
    });
    const tampered = await deliver({
      payload: event.payload.replace('1000', '9999'),
      signature: event.signature,
    });
    expect([tampered.statusCode, tampered.json().error.code]).toEqual([400, 'invalid_webhook_signature']);
    const unsigned = await t.app.inject({
      method: 'POST',
      url: '/api/billing/webhooks/stripe',
      headers: { 'content-type': 'application/json' },
      payload: event.payload,
    });
    expect(unsigned.statusCode).toBe(400);
    expect(await walletOf(t.services.db, user.id)).toBe(0);
    expect((await verifyLedger(t.services.db.kysely)).transactions).toBe(0);
  });

  it('refunds claw back credits in proportion, never below the wallet', async () => {
    const created = await checkout({ kind: 'credits', packId: 'small' });
    await deliver(
      signedEvent('checkout.session.completed', {
        id: created.json().sessionId,
        mode: 'payment',
        payment_status: 'paid',
        payment_intent: 'pi_refund',
      }),
    );
    const half = { id: 'ch_1', payment_intent: 'pi_refund', amount: 499, amount_refunded: 250 };
    await deliver(signedEvent('charge.refunded', half));
    expect(await walletOf(t.services.db, user.id)).toBe(50); // floor(100 × 250 / 499) = 50 taken back
    await deliver(signedEvent('charge.refunded', { ...half, amount_refunded: 499 }));
    expect(await walletOf(t.services.db, user.id)).toBe(0);
    expect((await verifyLedger(t.services.db.kysely)).ok).toBe(true);
  });

  it('Premium lifecycle: created, renewed (monthly credits), past due, cancelled', async () => {
    const created = await checkout({ kind: 'premium' });
    expect(stripe.calls.sessions[0]).toMatchObject({
      mode: 'subscription',
      subscription_data: { metadata: { userId: user.id } },
    });
    const base = Math.floor(Date.now() / 1000);
    const subscriptionMeta = { metadata: { userId: user.id } };
    await deliver(
      signedEvent(
        'checkout.session.completed',
        { id: created.json().sessionId, mode: 'subscription', subscription: 'sub_1' },
        { created: base },
      ),
    );
    expect((await wallet()).tier).toBe('premium');
    const twice = await checkout({ kind: 'premium' });
    expect([twice.statusCode, twice.json().error.code]).toEqual([409, 'already_owned']);
    const invoice = (id: string, end: number) => ({
      id,
      parent: { subscription_details: { subscription: 'sub_1', ...subscriptionMeta } },
      lines: { data: [{ period: { end } }] },
    });
    await deliver(signedEvent('invoice.paid', invoice('in_1', base + 30 * 86400), { created: base + 1 }));
    expect((await wallet()).balance).toBe(500);
    await deliver(
      signedEvent('invoice.payment_failed', invoice('in_2', base + 60 * 86400), { created: base + 2 }),
    );
    expect((await wallet()).premium.status).toBe('past_due');
    await deliver(signedEvent('invoice.paid', invoice('in_2', base + 60 * 86400), { created: base + 3 }));
    const renewed = await wallet();
    expect(renewed).toMatchObject({ balance: 1000, tier: 'premium', premium: { status: 'active' } });

    const cancel = await t.app.inject({
      method: 'POST',
      url: '/api/billing/subscription/cancel',
      headers: { ...user.headers, 'idempotency-key': 'cancel-key-1' },
    });
    expect(cancel.statusCode).toBe(200);
    expect(stripe.calls.cancelled).toEqual(['sub_1']);
    await deliver(
      signedEvent(
        'customer.subscription.deleted',
        { id: 'sub_1', status: 'canceled', ...subscriptionMeta },
        { created: base + 4 },
      ),
    );
    expect((await wallet()).tier).toBe('basic');
  });

  it('events delivered out of order: a late "paid" does not resurrect a cancelled subscription', async () => {
    const base = Math.floor(Date.now() / 1000);
    const meta = { metadata: { userId: user.id } };
    await deliver(
      signedEvent(
        'customer.subscription.deleted',
        { id: 'sub_2', status: 'canceled', ...meta },
        { created: base + 10 },
      ),
    );
    await deliver(
      signedEvent(
        'invoice.paid',
        {
          id: 'in_late',
          parent: { subscription_details: { subscription: 'sub_2', ...meta } },
          lines: { data: [{ period: { end: base + 86400 * 30 } }] },
        },
        { created: base + 5 },
      ),
    );
    await deliver(
      signedEvent(
        'customer.subscription.updated',
        { id: 'sub_2', status: 'active', ...meta },
        { created: base + 1 },
      ),
    );
    const state = await wallet();
    expect(state.tier).toBe('basic');
    expect(state.balance).toBe(500); // the paid invoice still grants its credits, exactly once
    expect((await verifyLedger(t.services.db.kysely)).ok).toBe(true);
  });

  it('checkout without a configured provider is a 503 payments_not_configured', async () => {
    t.services.billing.payments = null;
    const response = await checkout({ kind: 'credits', packId: 'small' });
    expect([response.statusCode, response.json().error.code]).toEqual([503, 'payments_not_configured']);
    const unknown = await (async () => {
      t.services.billing.payments = createStripeProvider({
        secretKey: 'sk',
        webhookSecret: WEBHOOK_SECRET,
        api: stripe.api,
      });
      return checkout({ kind: 'credits', packId: 'nope' });
    })();
    expect([unknown.statusCode, unknown.json().error.code]).toEqual([404, 'unknown_pack']);
  });
});
