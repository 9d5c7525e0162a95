import type { Logger } from 'pino';
import type { Clock } from '../../clock.js';
import { isoNow } from '../../clock.js';
import type { Transaction } from 'kysely';
import type { Database, Db } from '../../db/index.js';
import { preparedQuery } from '../../db/prepared.js';
import type { MemoryItemRow } from '../../db/tables/memory.js';
import type { EmbeddingModel, LanguageModel } from '../../providers/spec.js';
import type { Partition } from '../partition.js';
import { type ProfileField, applyProfileFact, isListField } from '../profile.js';
import { type NewItemInput, insertItems, prepareItems } from '../store.js';
import { bytesToVector, dot, normalize } from '../vectors.js';
import { type ExtractedFacts, type TurnInput, extractedFactsSchema, factRequest } from './fact-prompt.js';
import { MalformedOutput, askJson } from './model-json.js';

export interface ExtractDeps {
  db: Db;
  clock: Clock;
  embedder: EmbeddingModel;
  model: LanguageModel;
  log?: Pick<Logger, 'warn' | 'debug'>;
  /** Awaited between the steps that hold the event loop (background jobs yield to chat turns). */
  whenQuiet?: () => Promise<void>;
  /** Checked in the writing transaction: false when the turn changed meanwhile (nothing is written). */
  isCurrent?: (trx: Transaction<Database>) => Promise<boolean>;
}

export interface ExtractOutcome {
  added: number;
  merged: number;
  superseded: number;
  /** The model's output was unusable (after one retry); nothing was written. */
  skipped: boolean;
}

/** Cosine at or above which a new fact is the same as a known one and merges into it. */
const NEAR_DUPLICATE = 0.95;
const KNOWN_FACTS = 40;

function validDate(value: string | null | undefined, fallback: string): string {
  if (!value) return fallback;
  const time = Date.parse(value);
  return Number.isNaN(time) ? fallback : new Date(time).toISOString();
}

// Runs after every turn (db/prepared.ts).
const knownFacts = preparedQuery<Partition, MemoryItemRow>((db, slot) =>
  db
    .selectFrom('memory_items')
    .selectAll()
    .where('user_id', '=', slot('userId'))
    .where('character_id', '=', slot('characterId'))
    .where('kind', '=', 'fact')
    .where('invalid_at', 'is', null)
    .orderBy('id', 'desc')
    .limit(KNOWN_FACTS),
);

/**
 * After a turn: asks the model for atomic facts, then in ONE transaction inserts new facts, merges
 * near-duplicates, supersedes contradicted facts (invalid_at + superseded_by) and updates the profile.
 * Malformed model output is retried once, then skipped and logged: never a crash, never half a write.
 */
export async function extractFacts(
  deps: ExtractDeps,
  partition: Partition,
  turn: TurnInput,
  signal: AbortSignal,
): Promise<ExtractOutcome> {
  const { rows: known } = await knownFacts(deps.db.kysely, partition);
  let extracted: ExtractedFacts;
  try {
    extracted = await askJson(deps.model, factRequest(turn, known), extractedFactsSchema, signal);
  } catch (error) {
    if (!(error instanceof MalformedOutput)) throw error;
    deps.log?.warn({ reason: error.message, chatId: turn.chatId }, 'memory extraction skipped');
    return { added: 0, merged: 0, superseded: 0, skipped: true };
  }
  const facts = extracted.facts;
  if (facts.length === 0) return { added: 0, merged: 0, superseded: 0, skipped: false };
  await deps.whenQuiet?.();
  const inputs: NewItemInput[] = facts.map((fact) => ({
    kind: 'fact',
    text: fact.text.trim(),
    chatId: turn.chatId,
    subject: fact.subject ?? fact.profile_field ?? null,
    importance: fact.importance,
    validAt: validDate(fact.valid_at, turn.at),
    sourceMessageIds: [turn.userMessageId, turn.replyMessageId],
  }));
  const rows = await prepareItems(partition, inputs, deps, signal);
  const knownById = new Map(known.map((fact) => [fact.id, fact]));
  const outcome: ExtractOutcome = { added: 0, merged: 0, superseded: 0, skipped: false };
  const now = isoNow(deps.clock);
  await deps.db.kysely.transaction().execute(async (trx) => {
    if (deps.isCurrent && !(await deps.isCurrent(trx))) {
      outcome.skipped = true;
      return;
    }
    for (const [index, fact] of facts.entries()) {
      const row = rows[index];
      const duplicate =
        (fact.duplicate_of ? knownById.get(fact.duplicate_of) : undefined) ??
        nearDuplicate(row.embedding ? bytesToVector(row.embedding) : null, row.embedding_model, known);
      if (duplicate && !duplicate.invalid_at) {
        await trx
          .updateTable('memory_items')
          .set({ importance: Math.max(duplicate.importance, row.importance ?? 5), updated_at: now })
          .where('id', '=', duplicate.id)
          .where('user_id', '=', partition.userId)
          .execute();
        outcome.merged += 1;
        continue;
      }
      await insertItems(trx, [row]);
      outcome.added += 1;
      const replaced = supersededBy(fact, row.subject ?? null, knownById, known);
      for (const old of replaced) {
        await trx
          .updateTable('memory_items')
          .set({ invalid_at: row.valid_at, superseded_by: row.id, updated_at: now })
          .where('id', '=', old.id)
          .where('user_id', '=', partition.userId)
          .where('invalid_at', 'is', null)
          .execute();
        old.invalid_at = row.valid_at ?? now;
        outcome.superseded += 1;
      }
      if (fact.profile_field && fact.profile_value) {
        await applyProfileFact(trx, partition, fact.profile_field, fact.profile_value, row.id, now);
      }
    }
  });
  return outcome;
}

function nearDuplicate(
  vector: Float32Array | null,
  model: string | null | undefined,
  known: MemoryItemRow[],
): MemoryItemRow | undefined {
  if (!vector) return undefined;
  const unit = normalize(vector);
  return known.find(
    (fact) =>
      fact.embedding &&
      fact.embedding_model === model &&
      dot(unit, normalize(bytesToVector(fact.embedding))) >= NEAR_DUPLICATE,
  );
}

/**
 * What a new fact makes untrue: the fact the model named, and current facts on the same single-valued
 * subject (a new home replaces the old one; a new like does not replace the old likes).
 */
function supersededBy(
  fact: ExtractedFacts['facts'][number],
  subject: string | null,
  knownById: Map<string, MemoryItemRow>,
  known: MemoryItemRow[],
): MemoryItemRow[] {
  const out = new Set<MemoryItemRow>();
  const named = fact.supersedes ? knownById.get(fact.supersedes) : undefined;
  if (named && !named.invalid_at) out.add(named);
  const singleValued = fact.profile_field ? !isListField(fact.profile_field as ProfileField) : false;
  if (subject && singleValued) {
    for (const old of known) if (old.subject === subject && !old.invalid_at) out.add(old);
  }
  return [...out];
}
