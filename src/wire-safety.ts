import type { Actor } from './accounts/index.js';
import { findMinorAgeSignals } from './characters/index.js';
import type { ModerationStage } from './chat/index.js';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import type { Db } from './db/index.js';
import {
  assertMayChat,
  createModerationStage,
  enforcementOptionsFrom,
  liftEndedSuspension,
} from './safety/index.js';

/**
 * The safety layer's parts of the turn: the moderation stage (told by the characters layer whether a
 * character reads as under 18) and the authorize check that stops suspended and banned accounts.
 */
export function wireSafety(config: Config, db: Db, clock: Clock) {
  const isMinorCoded = async (characterId: string) => {
    const row = await db.kysely
      .selectFrom('characters')
      .select('doc')
      .where('id', '=', characterId)
      .executeTakeFirst();
    return row ? findMinorAgeSignals(JSON.parse(row.doc)).length > 0 : false;
  };
  const moderation: ModerationStage = createModerationStage({
    db: db.kysely,
    clock,
    config: config.safety,
    isMinorCoded,
  });
  const enforcement = { db: db.kysely, clock, enforcement: enforcementOptionsFrom(config.safety) };
  async function authorizeTurn(actor: Actor): Promise<Actor> {
    const current = await liftEndedSuspension(enforcement, actor);
    assertMayChat(current, enforcement.enforcement.appeal);
    return current;
  }
  return { moderation, authorizeTurn };
}
