import type { Kysely } from 'kysely';
import type { Actor } from '../accounts/index.js';
import type { Clock } from '../clock.js';
import type { ChatRow, Database, MessageRow } from '../db/index.js';
import { AppError } from '../errors.js';
import { newId } from '../ids.js';
import { personaForChat } from '../personas/index.js';
import { branchCuts } from './branch-chat.js';
import { getOwnChat } from './chat-store.js';
import { joinContinuation } from './join-continuation.js';
import { type ClientTurnOptions, assertServable, withClientTexts } from './client-turn.js';
import type { HistoryCache } from './history-cache.js';
import { publicMessage } from './message-store.js';
import { persistFailedUserMessage, persistTurn } from './persist-turn.js';
import { inputToModerate, markModerated } from './input-moderation.js';
import { type TurnMode, type TurnPlan, planTurn } from './plan-turn.js';
import type { ChatCharacters, ChatModels } from './ports.js';
import type { CreditsStage, MediaStage, MemoryStage, ModerationStage } from './stages.js';
import { streamReply } from './stream-reply.js';
import type { TurnEvent } from './turn-events.js';

export interface TurnLog {
  info(object: object, message: string): void;
  warn(object: object, message: string): void;
  error(object: object, message: string): void;
}

export interface TurnDeps {
  db: Kysely<Database>;
  clock: Clock;
  log: TurnLog;
  /** Stage 1 beyond authentication: throws when the account may not chat (suspended, banned). */
  authorize(actor: Actor): Promise<Actor>;
  credits: CreditsStage;
  moderation: ModerationStage;
  memory: MemoryStage;
  characters: ChatCharacters;
  models: ChatModels;
  media: MediaStage;
  /** Recent messages of active chats, kept in process (history-cache.ts). */
  history: HistoryCache;
  memoryBudgetTokens: number;
  maxReplyTokens: number;
}

export interface TurnRequest {
  actor: Actor;
  chatId: string;
  mode: TurnMode;
  signal: AbortSignal;
  requestId: string;
  /** Set by the OpenAI-compatible route only (prompt mode, sampler fields, quiet prompts). */
  client?: ClientTurnOptions;
}

/**
 * One turn of a chat, as DESIGN §1 lists it. Errors before the first event are thrown (the route answers
 * them as HTTP errors); after that they become an `error` event. Every path that does not deliver a
 * reply releases the credit hold.
 */
export async function* runTurn(request: TurnRequest, deps: TurnDeps): AsyncGenerator<TurnEvent> {
  const { signal } = request;

  // 1. authorize
  const actor = await deps.authorize(request.actor);
  const chat = await getOwnChat(deps.db, actor.userId, request.chatId);
  const character = await deps.characters.forChat(actor, chat.character_id);
  const plan = await planTurn(deps.db, deps.history, chat, request.mode);
  const userMessageId = newId();
  const client = request.client ?? {};
  const isQuiet = client.quiet === true;
  const model = await deps.models.resolve({ characterModel: character.modelOverride, actor });
  const sampling = { ...client.sampling, maxTokens: client.sampling?.maxTokens ?? deps.maxReplyTokens };
  if (request.client) {
    assertServable(
      model,
      { messages: client.prompt ?? [], ...sampling },
      { countTokens: deps.models.countTokens(model), clientPrompt: client.prompt !== undefined },
    );
  }

  // 2. reserve credits (throws PaymentRequired before anything is streamed)
  const hold = await deps.credits.reserve({
    actor,
    chatId: chat.id,
    character,
    requestId: request.requestId,
  });
  let holdOpen = true;
  let isPersisted = false;
  const release = async (reason: 'blocked' | 'aborted' | 'failed') => {
    if (!holdOpen) return;
    holdOpen = false;
    await deps.credits.release(hold, reason);
  };

  try {
    // 3. moderate input: the new text, or on regenerate/continue the last user message when its
    //    current text was never checked (edited, imported, older than the check) — issue 13 item 3;
    //    on /v1 in client mode also every user text of the request that is new to the chat
    const planned = inputToModerate(plan);
    const input = withClientTexts(planned, client.moderationText, plan);
    if (input !== null) {
      const verdict = await deps.moderation.checkInput({
        actor,
        character,
        chatId: chat.id,
        text: input.text,
        history: input.history,
      });
      if (verdict.action !== 'allow' && isQuiet) {
        // A quiet prompt is no chat turn: nothing is stored, the client gets the safe reply.
        await release('blocked');
        const message = transientMessage(chat, newId(), 'assistant', verdict.reply, deps.clock);
        yield { type: 'blocked', reply: verdict.reply, code: verdict.code, message };
        return;
      }
      if (verdict.action !== 'allow') {
        // A stored message that fails is marked blocked, so it never reaches a prompt again.
        if (input.messageId && planned)
          await markModerated(deps.db, input.messageId, planned.text, 'blocked');
        const stored = await persistTurn(deps.db, deps.clock, {
          chat,
          plan: input.messageId ? { ...plan, target: { type: 'new-reply' } } : plan,
          userMessageId,
          userStatus: 'blocked',
          reply: { content: verdict.reply, status: 'blocked', kind: null, media: [] },
          history: deps.history,
        });
        await release('blocked');
        deps.log.info(
          { chatId: chat.id, action: verdict.action, code: verdict.code },
          'turn stopped by input moderation',
        );
        if (stored.userMessage) yield { type: 'user-message', message: publicMessage(stored.userMessage) };
        yield {
          type: 'blocked',
          reply: verdict.reply,
          code: verdict.code,
          message: publicMessage(stored.reply),
        };
        return;
      }
      if (input.messageId && planned) await markModerated(deps.db, input.messageId, planned.text);
    }
    if (plan.newUserText !== null && !isQuiet) {
      yield {
        type: 'user-message',
        message: transientMessage(chat, userMessageId, 'user', plan.newUserText, deps.clock),
      };
    }

    // 4. recall memory (a client-mode prompt is the client's own: Hearth adds nothing to it)
    const memory = client.prompt
      ? { text: '', tokens: 0 }
      : await deps.memory.recall({
          actor,
          characterId: character.id,
          chatId: chat.id,
          query: plan.queryText,
          budgetTokens: deps.memoryBudgetTokens,
          signal,
          exclude: await branchCuts(deps.db, chat),
        });

    // 5. assemble persona (the user's persona and the chat's author's note ride along)
    const persona = client.prompt ? null : await personaForChat(deps.db, actor.userId, chat.persona_id);
    const {
      request: prompt,
      canary,
      hiddenTexts,
    }: Awaited<ReturnType<typeof deps.characters.buildPrompt>> = client.prompt
      ? { request: { messages: client.prompt } }
      : await deps.characters.buildPrompt({
          actor,
          characterId: character.id,
          chatId: chat.id,
          history: plan.history,
          memoryBlock: memory.text,
          isContinuation: plan.target.type === 'continue',
          persona: persona && {
            name: persona.name,
            description: persona.description,
            pronouns: persona.pronouns,
          },
          authorNote: {
            text: chat.author_note,
            depth: chat.author_note_depth,
            frequency: chat.author_note_frequency,
          },
          budgetTokens: deps.models.promptBudget(model, sampling.maxTokens),
          countTokens: deps.models.countTokens(model),
        });
    const messages = client.prefill
      ? [...prompt.messages, { role: 'assistant' as const, content: client.prefill }]
      : prompt.messages;

    // 6. infer + 7. post-filter
    const guard = deps.moderation.openOutputGuard({
      actor,
      character,
      chatId: chat.id,
      canary,
      hiddenTexts,
    });
    const reply = streamReply(
      model,
      {
        ...prompt,
        ...client.sampling,
        messages,
        maxTokens: client.sampling?.maxTokens ?? prompt.maxTokens ?? deps.maxReplyTokens,
      },
      guard,
      signal,
    );
    const outcome = yield* plan.target.type === 'continue'
      ? joinContinuation(plan.target.message.content, reply)
      : reply;
    if (outcome.status === 'complete' && outcome.toolCalls && outcome.toolCalls.length > 0) {
      yield { type: 'tool-calls', calls: outcome.toolCalls };
    }

    if (isQuiet) {
      // A quiet prompt: the answer goes back to the client only; priced as a utility call.
      if (outcome.status === 'complete') {
        holdOpen = false;
        await deps.credits.settle(hold, { actor, kind: 'utility', messageId: `quiet:${request.requestId}` });
      } else
        await release(
          outcome.status === 'stopped' ? 'aborted' : outcome.status === 'blocked' ? 'blocked' : 'failed',
        );
      const text = outcome.status === 'blocked' ? outcome.reply : outcome.text;
      const message = transientMessage(chat, newId(), 'assistant', text, deps.clock);
      if (outcome.status === 'blocked')
        yield { type: 'blocked', reply: outcome.reply, code: outcome.code, message };
      else if (outcome.status === 'error')
        yield { type: 'error', code: outcome.failure.code, message: outcome.failure.message };
      else yield { type: 'finish', finishReason: outcome.finishReason, message };
      return;
    }

    // 8. select media (only for a reply that was delivered whole)
    const media =
      outcome.status === 'complete'
        ? await deps.media.select({ actor, character, chatId: chat.id, replyText: outcome.text })
        : null;
    if (media) yield { type: 'media', media };

    // 9. persist & settle
    const isBlocked = outcome.status === 'blocked';
    const stored = await persistTurn(deps.db, deps.clock, {
      chat,
      plan,
      userMessageId,
      reply: {
        content: isBlocked ? outcome.reply : outcome.text,
        status: outcome.status,
        kind: outcome.kind,
        media: media ? [media] : [],
      },
      history: deps.history,
    });
    isPersisted = true;
    if (outcome.status === 'complete') {
      holdOpen = false;
      await deps.credits.settle(hold, { actor, kind: outcome.kind, messageId: stored.reply.id });
      if (client.memory !== false)
        deps.memory.afterTurn({
          actor,
          characterId: character.id,
          chatId: chat.id,
          // Regenerate and continue answer a stored user message; a continued reply is remembered whole.
          userMessageId: stored.userMessage?.id ?? plan.queryMessageId ?? userMessageId,
          replyMessageId: stored.reply.id,
          userText: plan.queryText,
          replyText: stored.reply.content,
          at: stored.reply.created_at,
          replacing: plan.newUserText === null,
        });
      await deps.characters.recordExchange({
        actor,
        characterId: character.id,
        userText: plan.queryText,
        replyText: outcome.text,
      });
    } else {
      await release(
        outcome.status === 'stopped' ? 'aborted' : outcome.status === 'blocked' ? 'blocked' : 'failed',
      );
    }

    const message = publicMessage(stored.reply);
    if (outcome.status === 'blocked')
      yield { type: 'blocked', reply: outcome.reply, code: outcome.code, message };
    else if (outcome.status === 'error')
      yield { type: 'error', code: outcome.failure.code, message: outcome.failure.message };
    else yield { type: 'finish', finishReason: outcome.finishReason, message };
  } catch (error) {
    await release(signal.aborted ? 'aborted' : 'failed');
    const failure = describeFailure(error);
    if (failure.code === 'internal_error') deps.log.error({ err: error, chatId: chat.id }, 'turn failed');
    else deps.log.warn({ code: failure.code, chatId: chat.id }, 'turn failed');
    const userMessage =
      isPersisted || signal.aborted || isQuiet
        ? null
        : await keepFailedUserMessage(deps, { chat, plan, userMessageId });
    yield { type: 'error', ...failure, ...(userMessage && { userMessage: publicMessage(userMessage) }) };
  }
}

/** The user's text stays in the history when no reply could be made; a failure to keep it is only logged. */
async function keepFailedUserMessage(
  deps: TurnDeps,
  input: { chat: ChatRow; plan: TurnPlan; userMessageId: string },
): Promise<MessageRow | null> {
  try {
    return await persistFailedUserMessage(deps.db, deps.clock, { ...input, history: deps.history });
  } catch (error) {
    deps.log.error({ err: error, chatId: input.chat.id }, 'could not keep the failed user message');
    return null;
  }
}

/** A message as the client sees it before (or, for quiet prompts, without) being stored. */
function transientMessage(
  chat: ChatRow,
  id: string,
  role: 'user' | 'assistant',
  content: string,
  clock: Clock,
) {
  const now = clock.now().toISOString();
  return {
    id,
    chatId: chat.id,
    role,
    content,
    status: 'complete' as const,
    swipeIndex: 0,
    swipeCount: 1,
    media: [],
    createdAt: now,
    updatedAt: now,
  };
}

/** Typed failures keep their code and message (provider failures carry the upstream's words). */
export function describeFailure(error: unknown): { code: string; message: string } {
  if (error instanceof AppError) return { code: error.code, message: error.message };
  const candidate = error as { code?: unknown; message?: unknown; retryable?: unknown };
  if (typeof candidate?.code === 'string' && typeof candidate.retryable === 'boolean') {
    return { code: candidate.code, message: String(candidate.message) };
  }
  return { code: 'internal_error', message: 'The reply failed on our side. Please try again.' };
}
