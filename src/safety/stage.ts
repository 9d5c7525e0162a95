import type { Kysely } from 'kysely';
import type { Actor } from '../accounts/index.js';
import type { InputVerdict, ModerationStage, TurnCharacter, TurnHistoryMessage } from '../chat/stages.js';
import type { Clock } from '../clock.js';
import type { Database } from '../db/index.js';
import type { SafetyConfig } from './config.js';
import {
  type EnforcementDeps,
  activeStrikeCount,
  addStrike,
  enforcementOptionsFrom,
  suspendUser,
} from './enforcement.js';
import { warmUpFastLayer } from './fast-layer.js';
import type { FetchLike, ModelClassifier } from './model/classifier.js';
import { createGuardModel } from './model/guard-model.js';
import { guardLanguageModel } from './model/llama-guard.js';
import { createOpenAiModeration } from './model/openai-moderation.js';
import { type CascadeOptions, type ModerationResult, moderate } from './moderate.js';
import { createOutputGuard } from './output-guard.js';
import type { PolicyCharacter, PolicyOptions } from './policy.js';
import { DEFAULT_CRISIS_RESOURCES, safeReplyFor } from './safe-replies.js';
import { appendAudit } from './store/audit.js';
import { insertModerationItem } from './store/items.js';
import { HARD_LINE_CATEGORIES } from './taxonomy.js';

/** Minimal logger shape (pino's child loggers fit). Never given message text. */
export interface SafetyLog {
  info(object: Record<string, unknown>, message?: string): void;
  warn(object: Record<string, unknown>, message?: string): void;
}

export interface ModerationStageDeps {
  db: Kysely<Database>;
  clock: Clock;
  config: SafetyConfig;
  log?: SafetyLog;
  /** Whether a character reads as under 18 (the characters layer knows); defaults to "no". */
  isMinorCoded?: (characterId: string) => Promise<boolean>;
  /** Classifiers to use instead of the configured ones (tests, custom deployments). */
  classifiers?: readonly ModelClassifier[];
  fetch?: FetchLike;
}

export function classifiersFrom(config: SafetyConfig, fetchImpl?: FetchLike): ModelClassifier[] {
  const classifiers: ModelClassifier[] = [];
  if (config.llamaGuard) {
    const model = guardLanguageModel({ ...config.llamaGuard, fetch: fetchImpl });
    classifiers.push(createGuardModel({ model, family: config.llamaGuard.family }));
  }
  if (config.openAiModeration)
    classifiers.push(createOpenAiModeration({ ...config.openAiModeration, fetch: fetchImpl }));
  return classifiers;
}

export function cascadeFrom(config: SafetyConfig, classifiers: readonly ModelClassifier[]): CascadeOptions {
  return {
    classifiers,
    timeoutMs: config.timeoutMs,
    hardLineTimeoutMs: config.hardLineTimeoutMs,
    band: config.guardBand,
    failClosed: new Set(config.failClosed.length ? config.failClosed : HARD_LINE_CATEGORIES),
  };
}

/**
 * The real moderation stage for `runTurn` (replaces `moderationOff`): checks user input through the
 * cascade, guards the output stream clause by clause, queues flagged items for review, records
 * strikes and enforces thresholds, and answers with prepared in-character or crisis replies.
 */
export function createModerationStage(deps: ModerationStageDeps): ModerationStage {
  warmUpFastLayer();
  const { db, clock, config } = deps;
  const classifiers = deps.classifiers ?? classifiersFrom(config, deps.fetch);
  const cascade = cascadeFrom(config, classifiers);
  const policy: PolicyOptions = { suspendOnMinorSexual: config.suspendOnMinorSexual, strictAfterStrikes: 2 };
  const enforcementDeps: EnforcementDeps = {
    db,
    clock,
    enforcement: enforcementOptionsFrom(config),
  };
  const resources = { ...DEFAULT_CRISIS_RESOURCES, ...config.crisisResources };
  // A turn's input check and output guard get the same actor object (one per request): the strike
  // count is read once per turn, and again only after this stage recorded a strike.
  const strikesOfTurn = new WeakMap<Actor, Promise<number>>();
  function strikesOf(actor: Actor): Promise<number> {
    let strikes = strikesOfTurn.get(actor);
    if (!strikes) {
      strikes = activeStrikeCount(db, clock, actor.userId);
      strikesOfTurn.set(actor, strikes);
    }
    return strikes;
  }

  async function policyCharacter(character: TurnCharacter): Promise<PolicyCharacter> {
    const minorCoded =
      character.minorCoded ?? (deps.isMinorCoded ? await deps.isMinorCoded(character.id) : false);
    return { rating: character.rating, creatorVerified: character.creatorVerified, minorCoded };
  }

  /** Queue, audit, strike and suspend as the decision says; returns the prepared reply. */
  async function handleFlag(input: {
    actor: Actor;
    character: TurnCharacter;
    chatId: string;
    direction: 'input' | 'output';
    text: string;
    context: TurnHistoryMessage[];
    result: ModerationResult;
  }): Promise<{ reply: string; code: string }> {
    const { decision } = input.result;
    let itemId: string | null = null;
    if (decision.review) {
      itemId = await insertModerationItem(db, clock, {
        source: 'flag',
        direction: input.direction,
        subjectUserId: input.actor.userId,
        characterId: input.character.id,
        chatId: input.chatId,
        content: input.text,
        context: input.context,
        hits: input.result.hits,
        actionTaken: decision.action,
        reason: decision.code,
      });
    }
    if (decision.action !== 'allow' || itemId) {
      await appendAudit(db, clock, {
        actorId: null,
        action: `moderation.${input.direction}.${decision.action}`,
        subjectUserId: input.actor.userId,
        itemId,
        details: {
          code: decision.code,
          categories: decision.categories,
          characterId: input.character.id,
          chatId: input.chatId,
          degraded: input.result.degraded,
        },
      });
    }
    if (decision.strike) {
      strikesOfTurn.delete(input.actor);
      const { outcome } = await addStrike(enforcementDeps, {
        userId: input.actor.userId,
        itemId,
        reason: decision.code,
        actorId: null,
      });
      deps.log?.info({ userId: input.actor.userId, outcome }, 'safety strike');
    }
    if (decision.suspend && input.actor.status === 'active') {
      await suspendUser(enforcementDeps, {
        userId: input.actor.userId,
        reason: 'Content involving minors is never allowed.',
        days: null,
        by: null,
      });
    }
    deps.log?.info(
      {
        userId: input.actor.userId,
        chatId: input.chatId,
        direction: input.direction,
        code: decision.code,
        action: decision.action,
      },
      'safety decision',
    );
    const reply = await safeReplyFor(db, {
      characterId: input.character.id,
      characterName: input.character.name,
      userName: input.actor.displayName,
      code: decision.code,
      locale: config.locale,
      resources,
    });
    return { reply, code: decision.code };
  }

  return {
    name: classifiers.length
      ? `cascade (fast + ${classifiers.map((c) => c.name).join(' + ')})`
      : 'fast rules',
    async checkInput({ actor, character, chatId, text, history }): Promise<InputVerdict> {
      const strikes = await strikesOf(actor);
      const result = await moderate(text, {
        direction: 'input',
        actor: { ageVerified: actor.ageVerified, nsfwOptIn: actor.nsfwOptIn, strikes },
        character: await policyCharacter(character),
        history: history.slice(-6).map((message) => message.content),
        cascade,
        policy,
      });
      if (result.degraded) deps.log?.warn({ chatId }, 'safety classifiers unavailable; fast layer only');
      const { decision } = result;
      if (decision.action === 'allow' && !decision.review) return { action: 'allow', kind: result.kind };
      const flagged = await handleFlag({
        actor,
        character,
        chatId,
        direction: 'input',
        text,
        context: history,
        result,
      });
      if (decision.action === 'allow') return { action: 'allow', kind: result.kind };
      return { action: decision.action, reply: flagged.reply, code: flagged.code };
    },
    openOutputGuard({ actor, character, chatId, canary, hiddenTexts }) {
      // Loaded on the first clause, not when the guard opens: a turn that fails before any output
      // must leave no query running (or rejecting unobserved) after it ends.
      let context: Promise<[PolicyCharacter, number]> | undefined;
      const loadContext = () => (context ??= Promise.all([policyCharacter(character), strikesOf(actor)]));
      return createOutputGuard({
        canary,
        hiddenTexts,
        async check(text) {
          const [policyCharacterOfTurn, strikes] = await loadContext();
          return moderate(text, {
            direction: 'output',
            actor: {
              ageVerified: actor.ageVerified,
              nsfwOptIn: actor.nsfwOptIn,
              strikes,
            },
            character: policyCharacterOfTurn,
            cascade,
            policy,
            fastOnly: !config.modelOnOutput,
          });
        },
        async onFlagged(result, text, reason) {
          if (reason === 'prompt_leak') {
            const leak = await handleFlag({
              actor,
              character,
              chatId,
              direction: 'output',
              text,
              context: [],
              result,
            });
            return { reply: leak.reply, code: 'prompt_leak' };
          }
          return handleFlag({ actor, character, chatId, direction: 'output', text, context: [], result });
        },
      });
    },
  };
}
