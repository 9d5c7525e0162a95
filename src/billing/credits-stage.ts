import type { CreditHold, CreditsStage } from '../chat/stages.js';
import type { BillingDeps } from './deps.js';
import { releaseHold, reserveCredits, settleHold } from './holds.js';

/**
 * The turn pipeline's "reserve credits" and "settle" stage backed by the ledger (DESIGN §1 steps 2
 * and 9). `reserve` throws `PaymentRequired('insufficient_credits')` with a buy link in details.
 */
export function createCreditsStage(deps: BillingDeps): CreditsStage {
  return {
    name: 'ledger',
    async reserve(input): Promise<CreditHold> {
      return reserveCredits(deps, {
        userId: input.actor.userId,
        chatId: input.chatId,
        requestId: input.requestId,
        rating: input.character.rating,
      });
    },
    async settle(hold, input) {
      if (!hold.id) return;
      await settleHold(deps, hold.id, input);
    },
    async release(hold, reason) {
      if (!hold.id) return;
      await releaseHold(deps, hold.id, reason);
    },
  };
}
