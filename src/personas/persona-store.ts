import type { Kysely, Transaction } from 'kysely';
import { type Clock, isoNow } from '../clock.js';
import type { Database, PersonaRow } from '../db/index.js';
import { Conflict, NotFound } from '../errors.js';
import { newId } from '../ids.js';

type Executor = Kysely<Database> | Transaction<Database>;

/** A user keeps a handful of personas; more is a mistake (or abuse), not a use case. */
export const MAX_PERSONAS_PER_USER = 50;

export interface PersonaFields {
  name: string;
  description: string;
  pronouns: string | null;
  avatar: string | null;
}

export function listPersonas(db: Executor, userId: string): Promise<PersonaRow[]> {
  return db.selectFrom('personas').selectAll().where('user_id', '=', userId).orderBy('id').execute();
}

/** Another user's persona is a plain 404, like every owned row. */
export async function getOwnPersona(db: Executor, userId: string, personaId: string): Promise<PersonaRow> {
  const row = await db
    .selectFrom('personas')
    .selectAll()
    .where('id', '=', personaId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (!row) throw new NotFound('persona_not_found', 'No persona with that id.');
  return row;
}

export function defaultPersona(db: Executor, userId: string): Promise<PersonaRow | undefined> {
  return db
    .selectFrom('personas')
    .selectAll()
    .where('user_id', '=', userId)
    .where('is_default', '=', 1)
    .executeTakeFirst();
}

/** The first persona a user creates becomes the default; `isDefault` moves the mark in one transaction. */
export async function createPersona(
  db: Kysely<Database>,
  clock: Clock,
  userId: string,
  input: PersonaFields & { isDefault?: boolean },
): Promise<PersonaRow> {
  return db.transaction().execute(async (trx) => {
    const existing = await listPersonas(trx, userId);
    if (existing.length >= MAX_PERSONAS_PER_USER) {
      throw new Conflict(
        'persona_limit_reached',
        `A user can keep at most ${MAX_PERSONAS_PER_USER} personas.`,
      );
    }
    const isDefault = existing.length === 0 || input.isDefault === true;
    if (isDefault) await clearDefault(trx, userId);
    const now = isoNow(clock);
    const row: PersonaRow = {
      id: newId(),
      user_id: userId,
      name: input.name,
      description: input.description,
      pronouns: input.pronouns,
      avatar: input.avatar,
      is_default: isDefault ? 1 : 0,
      created_at: now,
      updated_at: now,
    };
    await trx.insertInto('personas').values(row).execute();
    return row;
  });
}

export async function updatePersona(
  db: Kysely<Database>,
  clock: Clock,
  userId: string,
  personaId: string,
  changes: Partial<PersonaFields> & { isDefault?: true },
): Promise<PersonaRow> {
  return db.transaction().execute(async (trx) => {
    await getOwnPersona(trx, userId, personaId);
    const { isDefault, ...fields } = changes;
    if (isDefault) await clearDefault(trx, userId);
    await trx
      .updateTable('personas')
      .set({ ...fields, ...(isDefault ? { is_default: 1 } : {}), updated_at: isoNow(clock) })
      .where('id', '=', personaId)
      .where('user_id', '=', userId)
      .execute();
    return getOwnPersona(trx, userId, personaId);
  });
}

/**
 * Chats that used the persona fall back to the default one. Deleting the default hands the mark to
 * the oldest remaining persona, so a user with personas always has exactly one default.
 */
export async function deletePersona(db: Kysely<Database>, userId: string, personaId: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await getOwnPersona(trx, userId, personaId);
    await trx
      .updateTable('chats')
      .set({ persona_id: null })
      .where('user_id', '=', userId)
      .where('persona_id', '=', personaId)
      .execute();
    await trx.deleteFrom('personas').where('id', '=', personaId).where('user_id', '=', userId).execute();
    if (row.is_default !== 1) return;
    const next = await trx
      .selectFrom('personas')
      .select('id')
      .where('user_id', '=', userId)
      .orderBy('id')
      .executeTakeFirst();
    if (next) await trx.updateTable('personas').set({ is_default: 1 }).where('id', '=', next.id).execute();
  });
}

async function clearDefault(trx: Executor, userId: string): Promise<void> {
  await trx
    .updateTable('personas')
    .set({ is_default: 0 })
    .where('user_id', '=', userId)
    .where('is_default', '=', 1)
    .execute();
}

/** Who the user is in a chat: the chat's persona, else their default; null when they have none. */
export async function personaForChat(
  db: Executor,
  userId: string,
  personaId: string | null,
): Promise<PersonaRow | null> {
  if (personaId) {
    const row = await db
      .selectFrom('personas')
      .selectAll()
      .where('id', '=', personaId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    if (row) return row;
  }
  return (await defaultPersona(db, userId)) ?? null;
}

export function publicPersona(row: PersonaRow) {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    pronouns: row.pronouns,
    avatarUrl: row.avatar,
    isDefault: row.is_default === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export type PublicPersona = ReturnType<typeof publicPersona>;
