import type { Actor } from '../accounts/index.js';
import type { Clock } from '../clock.js';
import type { CharacterRow } from '../db/tables/characters.js';
import { Forbidden, NotFound, Unprocessable } from '../errors.js';
import { canEdit, canFork, canSeeHidden, canView, isModerator } from './character-access.js';
import { type Executor, createCharacter, docOf, findCharacter, updateCharacter } from './character-store.js';
import {
  type DesignDoc,
  type DesignDocInput,
  defaultRuntimeRules,
  designDocBaseSchema,
} from './design-doc.js';
import { fieldLabel, plainIssueMessage } from './design-doc-errors.js';
import { findMinorAgeSignals } from './minor-age.js';

/** Authorization-checked operations shared by routes, the CLI and the chat layer. */

export function characterNotFound(): NotFound {
  return new NotFound('character_not_found', 'No character with that id or slug, or you may not see it.');
}

/** Parses and checks a doc; a stated or implied minor is a 422 `minor_character` naming the fields. */
export function validateDesignDoc(input: unknown): DesignDoc {
  const parsed = designDocBaseSchema.safeParse(input);
  if (!parsed.success) {
    const details = parsed.error.issues.map((issue) => ({
      path: issue.path.join('.'),
      message: plainIssueMessage(issue),
    }));
    const first = parsed.error.issues[0];
    throw new Unprocessable(
      'validation_failed',
      `${first ? `${fieldLabel(first.path)}: ${details[0].message}` : 'The character is not valid.'}${details.length > 1 ? ` (and ${details.length - 1} more)` : ''}`,
      details,
    );
  }
  assertAdultCharacter(parsed.data);
  return parsed.data;
}

export function assertAdultCharacter(doc: DesignDocInput | DesignDoc): void {
  const signals = findMinorAgeSignals(doc);
  if (signals.length > 0) {
    throw new Unprocessable(
      'minor_character',
      `Characters must be adults: "${signals[0]?.match}" in ${signals[0]?.path.join('.')} suggests an age under 18.`,
      signals.map((signal) => ({ path: signal.path.join('.'), match: signal.match })),
    );
  }
}

/** The row when `actor` may view it; otherwise the same 404 as a missing one (no existence leak). */
export async function getViewableCharacter(
  db: Executor,
  actor: Actor | null,
  idOrSlug: string,
): Promise<CharacterRow> {
  const row = await findCharacter(db, idOrSlug);
  if (!row || !canView(actor, row)) throw characterNotFound();
  return row;
}

export async function getEditableCharacter(
  db: Executor,
  actor: Actor,
  idOrSlug: string,
): Promise<CharacterRow> {
  const row = await getViewableCharacter(db, actor, idOrSlug);
  if (!canEdit(actor, row)) {
    if (row.status === 'locked' && row.owner_id === actor.userId) {
      throw new Forbidden('character_locked', 'A moderator locked this character; it cannot be edited.');
    }
    throw new Forbidden('forbidden', 'Only the creator can edit this character.');
  }
  return row;
}

export async function saveCharacterEdit(
  db: Executor,
  actor: Actor,
  row: CharacterRow,
  input: { doc?: unknown; allowFork?: boolean },
  clock: Clock,
): Promise<CharacterRow> {
  const current = docOf(row);
  const doc = input.doc === undefined ? current : validateDesignDoc(input.doc);
  // Visibility is set by publish; an edit changes it only when the doc names it explicitly.
  const explicit = typeof input.doc === 'object' && input.doc !== null && 'visibility' in input.doc;
  const visibility = explicit ? doc.visibility : row.visibility;
  return updateCharacter(
    db,
    actor,
    row,
    { ...doc, status: row.status, visibility },
    { allowFork: input.allowFork, clock },
  );
}

/** A private draft copy owned by `actor`; hidden rules travel only when the forker could read them. */
export async function forkCharacter(
  db: Executor,
  actor: Actor,
  idOrSlug: string,
  clock: Clock,
): Promise<CharacterRow> {
  const source = await getViewableCharacter(db, actor, idOrSlug);
  if (!canFork(actor, source))
    throw new Forbidden('fork_not_allowed', 'The creator does not allow forks of this character.');
  const doc = docOf(source);
  const runtime = canSeeHidden(actor, source) ? doc.runtime : defaultRuntimeRules;
  const name = source.owner_id === actor.userId ? `${doc.name} (copy)`.slice(0, 80) : doc.name;
  return createCharacter(
    db,
    actor.userId,
    { ...doc, name, runtime, visibility: 'private', status: 'draft' },
    { clock, forkedFrom: source.id, status: 'draft' },
  );
}

export { isModerator };
