import { z } from 'zod';

/** Credits in a request body: whole and positive; fractional or negative amounts fail validation. */
export const creditsField = z.number().int().positive().max(100_000_000);
const id = z.string().min(1).max(64);

export const giftBody = z.strictObject({ chatId: id, giftId: z.string().min(1).max(40) });
export const checkoutBody = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('credits'), packId: z.string().min(1).max(40) }),
  z.strictObject({ kind: z.literal('premium') }),
]);
export const historyQuery = z.strictObject({
  cursor: id.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  format: z.enum(['json', 'csv']).default('json'),
});
export const offerBody = z.strictObject({
  characterId: id,
  kind: z.enum(['subscription', 'media']),
  mediaId: id.optional(),
  credits: creditsField,
});
export const payoutBody = z.strictObject({ credits: creditsField });
export const grantBody = z
  .strictObject({
    userId: id.optional(),
    email: z.email().max(254).optional(),
    amount: creditsField,
    reason: z.string().trim().min(3).max(300),
  })
  .refine((body) => Boolean(body.userId) !== Boolean(body.email), {
    message: 'give exactly one of userId or email',
  });
export const payoutDecisionBody = z.strictObject({ note: z.string().max(300).optional() });
export const refundBody = z.strictObject({
  credits: creditsField,
  reason: z.string().trim().min(3).max(300),
});
export const idParams = z.strictObject({ id });
