import type { Clock } from '../clock.js';
import { isoNow } from '../clock.js';
import { newId } from '../ids.js';
import type { Executor } from './character-store.js';
import { createCharacter, findCharacter } from './character-store.js';
import { validateDesignDoc } from './character-service.js';
import { starterCharacters } from './starter-docs.js';

/** The account that owns Hearth's official characters; it cannot log in (no usable password hash). */
export const SYSTEM_ACCOUNT_EMAIL = 'hearth@system.invalid';

export async function ensureSystemAccount(db: Executor, clock: Clock): Promise<string> {
  const existing = await db
    .selectFrom('users')
    .select('id')
    .where('email', '=', SYSTEM_ACCOUNT_EMAIL)
    .executeTakeFirst();
  if (existing) return existing.id;
  const now = isoNow(clock);
  const id = newId();
  await db
    .insertInto('users')
    .values({
      id,
      email: SYSTEM_ACCOUNT_EMAIL,
      password_hash: '!disabled',
      display_name: 'Hearth',
      birth_date: '2000-01-01',
      adult_attested_at: now,
      role: 'user',
      status: 'active',
      status_reason: 'system account for official characters',
      nsfw_opt_in: 0,
      created_at: now,
      updated_at: now,
    })
    .onConflict((conflict) => conflict.column('email').doNothing())
    .execute();
  const row = await db
    .selectFrom('users')
    .select('id')
    .where('email', '=', SYSTEM_ACCOUNT_EMAIL)
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Creates the starter characters that are missing (by fixed slug), published and public, owned by the
 * system account. Idempotent: run on every start; a starter someone deleted is not brought back twice
 * within one run, and existing ones are never overwritten.
 */
export async function ensureStarterCharacters(db: Executor, clock: Clock): Promise<number> {
  let created = 0;
  const ownerId = await ensureSystemAccount(db, clock);
  for (const starter of starterCharacters) {
    if (await findCharacter(db, starter.slug)) continue;
    const doc = validateDesignDoc(starter.doc);
    await createCharacter(
      db,
      ownerId,
      { ...doc, status: 'published' },
      {
        clock,
        official: true,
        slug: starter.slug,
        status: 'published',
        allowFork: true,
      },
    );
    created += 1;
  }
  return created;
}
