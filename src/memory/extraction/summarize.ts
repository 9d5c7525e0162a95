import type { Db } from '../../db/index.js';
import type { Clock } from '../../clock.js';
import type { EmbeddingModel, LanguageModel } from '../../providers/spec.js';
import type { Partition } from '../partition.js';
import { insertItems, prepareItems } from '../store.js';
import { collectText } from './model-json.js';

export interface SummaryDeps {
  db: Db;
  clock: Clock;
  embedder: EmbeddingModel;
  model: LanguageModel;
  /** Awaited between the steps that hold the event loop (background jobs yield to chat turns). */
  whenQuiet?: () => Promise<void>;
}

const MAX_SUMMARY_CHARS = 4_000;

/**
 * Rolling summary: once `everyTurns` stored turns of a chat are newer than the last summary, the model
 * condenses them (with the previous summary as context) into one summary item that records the message
 * range it covers. Returns whether a summary was written.
 */
export async function summarizeIfDue(
  deps: SummaryDeps,
  partition: Partition,
  chatId: string,
  everyTurns: number,
  signal: AbortSignal,
): Promise<boolean> {
  const scope = deps.db.kysely
    .selectFrom('memory_items')
    .where('user_id', '=', partition.userId)
    .where('character_id', '=', partition.characterId)
    .where('chat_id', '=', chatId);
  // Runs after every turn, so it reads only the columns it uses (never the vector bytes).
  const previous = await scope
    .select(['id', 'text'])
    .where('kind', '=', 'summary')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  let newTurns = scope.where('kind', '=', 'turn');
  if (previous) newTurns = newTurns.where('id', '>', previous.id);
  // Not due on most turns: count by id first, read the texts only when a summary is due.
  const due = await newTurns.select('id').limit(everyTurns).execute();
  if (due.length < everyTurns) return false;
  await deps.whenQuiet?.();
  const turns = await newTurns
    .select(['id', 'text', 'source_message_ids', 'valid_at'])
    .orderBy('id', 'asc')
    .limit(everyTurns * 2)
    .execute();
  const transcript = turns.map((turn) => turn.text).join('\n');
  const text = (
    await collectText(
      deps.model,
      {
        messages: [
          {
            role: 'system',
            content:
              'Summarise this stretch of a conversation between a user and a companion character in a short ' +
              'paragraph: events, plans, feelings, facts about the user. Third person. No preamble.',
          },
          {
            role: 'user',
            content: `${previous ? `Earlier summary: ${previous.text}\n\n` : ''}Conversation:\n${transcript}`,
          },
        ],
        maxTokens: 300,
        temperature: 0.2,
      },
      signal,
      MAX_SUMMARY_CHARS,
    )
  ).trim();
  if (!text) return false;
  const sourceIds = turns.flatMap((turn) => JSON.parse(turn.source_message_ids) as string[]);
  const rows = await prepareItems(
    partition,
    [
      {
        kind: 'summary',
        text,
        chatId,
        importance: 6,
        validAt: turns.at(-1)?.valid_at ?? null,
        sourceMessageIds: sourceIds,
        rangeStart: sourceIds[0] ?? null,
        rangeEnd: sourceIds.at(-1) ?? null,
      },
    ],
    deps,
    signal,
  );
  await insertItems(deps.db.kysely, rows);
  return true;
}
