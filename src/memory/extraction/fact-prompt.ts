import { z } from 'zod';
import type { MemoryItemRow } from '../../db/tables/memory.js';
import type { ChatRequest } from '../../providers/spec.js';
import { PROFILE_FIELDS } from '../profile.js';

export interface TurnInput {
  chatId: string;
  userMessageId: string;
  replyMessageId: string;
  userText: string;
  replyText: string;
  /** When the user's message was sent (ISO). */
  at: string;
}

const SUBJECT = z
  .string()
  .max(60)
  .transform((value) => value.toLowerCase().replace(/[^a-z0-9_]+/g, '_'));

export const extractedFactsSchema = z.object({
  facts: z
    .array(
      z.object({
        text: z.string().min(3).max(500),
        subject: SUBJECT.nullish(),
        importance: z.number().min(1).max(10).default(5),
        valid_at: z.string().max(40).nullish(),
        supersedes: z.string().max(64).nullish(),
        duplicate_of: z.string().max(64).nullish(),
        profile_field: z.enum(PROFILE_FIELDS).nullish(),
        profile_value: z.string().max(200).nullish(),
      }),
    )
    .max(20),
});
export type ExtractedFacts = z.infer<typeof extractedFactsSchema>;

/** The JSON schema sent with the request (structured output where the adapter supports it). */
export const extractedFactsJsonSchema: Record<string, unknown> = {
  type: 'object',
  additionalProperties: false,
  required: ['facts'],
  properties: {
    facts: {
      type: 'array',
      maxItems: 20,
      items: {
        type: 'object',
        required: ['text', 'importance'],
        properties: {
          text: { type: 'string' },
          subject: { type: ['string', 'null'] },
          importance: { type: 'integer', minimum: 1, maximum: 10 },
          valid_at: { type: ['string', 'null'] },
          supersedes: { type: ['string', 'null'] },
          duplicate_of: { type: ['string', 'null'] },
          profile_field: { type: ['string', 'null'], enum: [...PROFILE_FIELDS, null] },
          profile_value: { type: ['string', 'null'] },
        },
      },
    },
  },
};

const INSTRUCTIONS = `You maintain the long-term memory of a companion character about the user.
From the latest exchange, list atomic facts worth remembering about the user and the relationship:
who, what, when. One fact per item, written in the third person ("The user ..."), self-contained.
For each fact give: importance 1-10; subject, a short snake_case key for what it is about (e.g. location,
job, partner, pet_name); valid_at (ISO date) when the text says when it became true; supersedes, the id of
a known fact this one makes untrue (e.g. a move replaces the old home); duplicate_of, the id of a known
fact that says the same; profile_field and profile_value when it fills one of: ${PROFILE_FIELDS.join(', ')}.
Skip small talk. Reply with JSON only: {"facts": [...]}; an empty list is fine.`;

export function factRequest(turn: TurnInput, known: MemoryItemRow[]): ChatRequest {
  const knownText = known.length ? known.map((fact) => `[${fact.id}] ${fact.text}`).join('\n') : '(none yet)';
  return {
    messages: [
      { role: 'system', content: INSTRUCTIONS },
      {
        role: 'user',
        content: `Known facts:\n${knownText}\n\nLatest exchange (${turn.at}):\nUser: ${turn.userText}\nCharacter: ${turn.replyText}`,
      },
    ],
    maxTokens: 800,
    temperature: 0,
    jsonSchema: { name: 'memory_facts', schema: extractedFactsJsonSchema },
  };
}
