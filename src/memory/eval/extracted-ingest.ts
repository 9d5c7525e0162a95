import type { Clock } from '../../clock.js';
import type { Db } from '../../db/index.js';
import type { EmbeddingModel, LanguageModel } from '../../providers/spec.js';
import { extractFacts } from '../extraction/extract-facts.js';
import type { Partition } from '../partition.js';
import { insertItems, prepareItems } from '../store.js';
import type { LocomoConversation } from './locomo.js';

/**
 * `--mode extracted`: each exchange goes through the live pipeline's path — stored as a turn unit and
 * run through fact extraction with the configured model (slow: one model call per exchange).
 */
export async function extractConversation(
  deps: { db: Db; clock: Clock & { set(iso: string): void }; embedder: EmbeddingModel; model: LanguageModel },
  partition: Partition,
  conversation: LocomoConversation,
  _clock?: unknown,
): Promise<void> {
  const signal = new AbortController().signal;
  for (const session of conversation.sessions) {
    deps.clock.set(session.startedAt);
    for (let index = 0; index < session.turns.length; index += 2) {
      const [first, second] = session.turns.slice(index, index + 2);
      const rows = await prepareItems(
        partition,
        [
          {
            kind: 'turn',
            text: [first, second]
              .filter(Boolean)
              .map((turn) => `${turn.speaker}: ${turn.text}`)
              .join('\n'),
            validAt: session.startedAt,
            sourceMessageIds: [first, second].filter(Boolean).map((turn) => turn.diaId),
          },
        ],
        deps,
      );
      await insertItems(deps.db.kysely, rows);
      await extractFacts(
        deps,
        partition,
        {
          chatId: conversation.name,
          userMessageId: first.diaId,
          replyMessageId: second?.diaId ?? first.diaId,
          userText: `${first.speaker}: ${first.text}`,
          replyText: second ? `${second.speaker}: ${second.text}` : '',
          at: session.startedAt,
        },
        signal,
      );
    }
  }
}
