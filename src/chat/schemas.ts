import { z } from 'zod';

export const idParams = z.object({ id: z.string().min(1).max(64) });

export const createChatBody = z.strictObject({
  characterId: z.string().min(1).max(200),
  title: z.string().trim().min(1).max(120).optional(),
  /** Speak as this persona (default: the user's default persona). */
  personaId: z.string().min(1).max(64).optional(),
});

export const historyQuery = z.strictObject({
  before: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export function sendMessageBody(maxChars: number) {
  return z.strictObject({
    content: z
      .string()
      .trim()
      .min(1, 'must not be empty')
      .max(maxChars, `must be at most ${maxChars} characters`),
  });
}

export const swipeBody = z.strictObject({ index: z.number().int().min(0).max(1000) });

export function editMessageBody(maxChars: number) {
  return z.strictObject({
    content: z
      .string()
      .trim()
      .min(1, 'must not be empty')
      .max(maxChars, `must be at most ${maxChars} characters`),
    /** Deletes every later message, so the conversation can be regenerated from the edited one. */
    truncateAfter: z.boolean().optional(),
  });
}
