import type { Logger } from 'pino';
import type { Actor } from '../accounts/index.js';
import type { MemoryStage } from '../chat/stages.js';
import type { Clock } from '../clock.js';
import type { Db } from '../db/index.js';
import type { MemoryJobRow } from '../db/tables/memory.js';
import type { EmbeddingModel, LanguageModel, TokenCounter } from '../providers/spec.js';
import { extractFacts } from './extraction/extract-facts.js';
import { type MessageScope, forgetDerived, isJobCurrent, removeDerivedItems } from './follow-messages.js';
import type { TurnInput } from './extraction/fact-prompt.js';
import { summarizeIfDue } from './extraction/summarize.js';
import { RecalledItemCache } from './item-cache.js';
import { MemoryJobQueue, yieldToIo } from './job-queue.js';
import { buildMemoryBlock } from './memory-block.js';
import type { Partition } from './partition.js';
import { readProfile } from './profile.js';
import { rankMemories } from './recall.js';
import { insertItems, prepareItems } from './store.js';
import { estimateTokens } from './text.js';
import { type VectorScorer, createBruteForceScorer } from './vector-scorer.js';

/** What `afterTurn` needs besides ids: the pipeline passes the texts it just stored. */
export interface AfterTurnTexts {
  userText?: string;
  replyText?: string;
  /** When the user message was sent (ISO); defaults to now. */
  at?: string;
}

export interface MemoryStageDeps {
  db: Db;
  clock: Clock;
  /** Local SIF-GloVe by default; a configured embedding server replaces it. */
  embedder: EmbeddingModel;
  /** The model that extracts facts and writes summaries; without it only raw turns are remembered. */
  model?: LanguageModel;
  scorer?: VectorScorer;
  countTokens?: TokenCounter;
  log?: Pick<Logger, 'warn' | 'error' | 'debug' | 'info'>;
  /** Used when `afterTurn` is called without texts (reads the two stored messages). */
  loadTurn?: (input: {
    chatId: string;
    userMessageId: string;
    replyMessageId: string;
  }) => Promise<{ userText: string; replyText: string; at: string } | undefined>;
  options?: Partial<MemoryOptions>;
  /** Awaited between the steps of a background job (default: after pending I/O); see job-queue.ts. */
  whenQuiet?: () => Promise<void>;
}

export interface MemoryOptions {
  /** Rolling summary every N stored turns of a chat. */
  summaryEveryTurns: number;
  /** Background jobs running at once. */
  jobConcurrency: number;
  /** Candidates per retriever before fusion. */
  candidates: number;
}

export const DEFAULT_MEMORY_OPTIONS: MemoryOptions = {
  summaryEveryTurns: 20,
  jobConcurrency: 2,
  candidates: 60,
};

export interface RealMemoryStage extends MemoryStage {
  afterTurn(input: Parameters<MemoryStage['afterTurn']>[0] & AfterTurnTexts): void;
  readonly jobs: MemoryJobQueue;
  readonly embedder: EmbeddingModel;
  readonly scorer: VectorScorer;
  /** Resolves once every `afterTurn` so far is enqueued and the queue is idle (tests, eval). */
  settled(): Promise<void>;
  /** Starts the background queue (recovering jobs a crash left behind). */
  start(): Promise<void>;
  stop(): void;
}

/** Builds the pipeline's recall stage (DESIGN §1 step 4) and its after-turn extraction. */
export function createMemoryStage(deps: MemoryStageDeps): RealMemoryStage {
  const options = { ...DEFAULT_MEMORY_OPTIONS, ...deps.options };
  const scorer = deps.scorer ?? createBruteForceScorer(deps.db);
  const items = new RecalledItemCache();
  const countTokens = deps.countTokens ?? estimateTokens;
  const whenQuiet = deps.whenQuiet ?? yieldToIo;

  async function handle(job: MemoryJobRow, signal: AbortSignal): Promise<void> {
    const partition = { userId: job.user_id, characterId: job.character_id };
    const turn = JSON.parse(job.payload) as TurnInput;
    if (job.kind === 'extract') {
      if (!(await storeTurn(job, partition, turn, signal))) return;
      if (deps.model) {
        await whenQuiet();
        const outcome = await extractFacts(
          {
            ...deps,
            model: deps.model,
            whenQuiet,
            isCurrent: (trx) => isJobCurrent(trx, deps.db, job.id),
          },
          partition,
          turn,
          signal,
        );
        deps.log?.debug({ jobId: job.id, ...outcome }, 'memory extracted');
        await whenQuiet();
        if (
          await summarizeIfDue(
            { ...deps, model: deps.model, whenQuiet },
            partition,
            turn.chatId,
            options.summaryEveryTurns,
            signal,
          )
        ) {
          deps.log?.debug({ jobId: job.id }, 'memory summary written');
        }
      }
    }
    // No scorer.invalidate here: the partition's write counters (migration 0009) tell the scorer
    // about every row a job inserts or changes.
  }

  /**
   * The exchange itself becomes a memory unit. Written only while the job is still wanted (an edit
   * or a newer regenerate of the same reply cancels it); a retried job first removes what its
   * earlier attempt stored, so nothing is doubled.
   */
  async function storeTurn(
    job: MemoryJobRow,
    partition: Partition,
    turn: TurnInput,
    signal: AbortSignal,
  ): Promise<boolean> {
    const text = `User: ${turn.userText}\nCharacter: ${turn.replyText}`;
    const rows = await prepareItems(
      partition,
      [
        {
          kind: 'turn',
          text,
          chatId: turn.chatId,
          validAt: turn.at,
          sourceMessageIds: [turn.userMessageId, turn.replyMessageId],
        },
      ],
      deps,
      signal,
    );
    await whenQuiet();
    return deps.db.kysely.transaction().execute(async (trx) => {
      if (!(await isJobCurrent(trx, deps.db, job.id))) return false;
      if (job.attempts > 1) {
        await removeDerivedItems(trx, partition, { messageIds: [turn.userMessageId, turn.replyMessageId] });
      }
      await insertItems(trx, rows);
      return true;
    });
  }

  const jobs = new MemoryJobQueue({
    db: deps.db,
    clock: deps.clock,
    handler: handle,
    whenQuiet,
    concurrency: options.jobConcurrency,
    log: deps.log,
  });

  async function enqueueTurn(
    actor: Actor,
    input: {
      characterId: string;
      chatId: string;
      userMessageId: string;
      replyMessageId: string;
      replacing?: boolean;
    } & AfterTurnTexts,
  ): Promise<void> {
    let texts: AfterTurnTexts | undefined =
      input.userText !== undefined && input.replyText !== undefined ? input : undefined;
    if (!texts && deps.loadTurn) texts = await deps.loadTurn(input);
    if (!texts?.userText) {
      deps.log?.warn({ chatId: input.chatId }, 'memory: turn texts unavailable, nothing remembered');
      return;
    }
    const partition = { userId: actor.userId, characterId: input.characterId };
    // A regenerate, continue or edit rewrites an exchange memory already holds: the old version goes
    // now (with any queued job for it), so neither reaches the next prompt beside the new one.
    if (input.replacing) {
      await forgetDerived(deps.db, partition, { messageIds: [input.userMessageId, input.replyMessageId] });
    }
    const payload: TurnInput = {
      chatId: input.chatId,
      userMessageId: input.userMessageId,
      replyMessageId: input.replyMessageId,
      userText: texts.userText,
      replyText: texts.replyText ?? '',
      at: texts.at ?? deps.clock.now().toISOString(),
    };
    await jobs.enqueue('extract', partition, payload);
  }

  const enqueueing = new Set<Promise<void>>();
  return {
    name: `hybrid (${deps.embedder.id}${deps.model ? `, facts by ${deps.model.id}` : ', raw turns only'})`,
    jobs,
    scorer,
    embedder: deps.embedder,
    async recall(input) {
      const partition = { userId: input.actor.userId, characterId: input.characterId };
      const cuts = input.exclude ?? [];
      const ranked = (
        await rankMemories({ ...deps, scorer, items }, partition, input.query, {
          candidates: options.candidates,
          signal: input.signal,
        })
      ).filter((entry) => !isAfterBranchPoint(entry.item, cuts));
      const profile = await readProfile(deps.db.kysely, partition);
      const block = buildMemoryBlock(ranked, profile, input.budgetTokens, countTokens);
      return { text: block.text, tokens: block.tokens };
    },
    async forgetMessages(input) {
      const partition = { userId: input.actor.userId, characterId: input.characterId };
      const scope: MessageScope = input.messageIds
        ? { messageIds: input.messageIds }
        : { chatId: input.chatId };
      // Writes still being enqueued may belong to these messages: let them land first.
      while (enqueueing.size > 0) await Promise.all(enqueueing);
      const removed = await forgetDerived(deps.db, partition, scope);
      deps.log?.debug({ chatId: input.chatId, removed }, 'memory followed changed messages');
    },
    afterTurn(input) {
      const pending = enqueueTurn(input.actor, input).catch((error) => {
        deps.log?.error({ err: error, chatId: input.chatId }, 'memory: could not enqueue extraction');
      });
      enqueueing.add(pending);
      void pending.finally(() => enqueueing.delete(pending));
    },
    async settled() {
      while (enqueueing.size > 0) await Promise.all(enqueueing);
      await jobs.drain();
    },
    start: () => jobs.start(),
    stop: () => jobs.stop(),
  };
}

/** Message ids are UUIDv7, so "after the branch point" is a string comparison. */
function isAfterBranchPoint(
  item: { chat_id: string | null; source_message_ids: string },
  cuts: readonly { chatId: string; afterMessageId: string }[],
): boolean {
  if (cuts.length === 0 || item.chat_id === null) return false;
  const cut = cuts.find((candidate) => candidate.chatId === item.chat_id);
  if (!cut) return false;
  const sources = JSON.parse(item.source_message_ids) as string[];
  return sources.some((id) => id > cut.afterMessageId);
}
