import { z } from 'zod';
import { Unprocessable } from '../errors.js';

/** One message as an import brings it in; swipes hold every alternative, `swipeIndex` the chosen one. */
export interface ImportedMessage {
  role: 'user' | 'assistant';
  swipes: { content: string; createdAt: string }[];
  swipeIndex: number;
  createdAt: string;
}

export interface ParsedChatFile {
  format: 'st-jsonl' | 'agnai' | 'hearth-json';
  title: string | null;
  messages: ImportedMessage[];
}

/** Imports stay a size a chat can hold; beyond it the file is refused, not cut. */
export const MAX_IMPORTED_MESSAGES = 20_000;
const MAX_MESSAGE_CHARS = 100_000;

const invalid = (message: string) => new Unprocessable('invalid_chat_file', message);

// Lenient: only what we read is named; other keys pass.
const stMessage = z.looseObject({
  is_user: z.boolean().optional(),
  is_system: z.boolean().optional(),
  mes: z.string().max(MAX_MESSAGE_CHARS),
  send_date: z.union([z.string(), z.number()]).optional(),
  swipes: z.array(z.string().max(MAX_MESSAGE_CHARS)).max(1000).optional(),
  swipe_id: z.number().int().min(0).optional(),
  swipe_info: z
    .array(z.looseObject({ send_date: z.union([z.string(), z.number()]).optional() }).nullable())
    .optional(),
});
const agnaiChat = z.looseObject({
  name: z.string().optional(),
  messages: z
    .array(
      z.looseObject({
        msg: z.string().max(MAX_MESSAGE_CHARS),
        userId: z.string().nullish(),
        characterId: z.string().nullish(),
        createdAt: z.union([z.string(), z.number()]).optional(),
        retries: z.array(z.string().max(MAX_MESSAGE_CHARS)).max(1000).optional(),
      }),
    )
    .max(MAX_IMPORTED_MESSAGES),
});
const hearthChat = z.looseObject({
  format: z.literal('hearth-chat'),
  chat: z.looseObject({ title: z.string().optional() }),
  messages: z
    .array(
      z.looseObject({
        role: z.enum(['user', 'assistant']),
        swipes: z
          .array(
            z.looseObject({ content: z.string().max(MAX_MESSAGE_CHARS), createdAt: z.string().optional() }),
          )
          .min(1)
          .max(1000),
        swipeIndex: z.number().int().min(0),
        createdAt: z.string(),
      }),
    )
    .max(MAX_IMPORTED_MESSAGES),
});

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

/**
 * SillyTavern has written several date forms over the years: epoch milliseconds, ISO, its
 * humanized `December 3, 2026 5:04pm`, and `2026-12-03@17h04m05s` in headers. Unknown forms yield null.
 */
export function parseChatDate(value: string | number | undefined | null): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value === 'number') return Number.isFinite(value) ? safeIso(new Date(value)) : null;
  const humanized = /^([A-Za-z]+) (\d{1,2}), (\d{4}) (\d{1,2}):(\d{2})(?::(\d{2}))?\s*(am|pm)$/i.exec(
    value.trim(),
  );
  if (humanized) {
    const [, month, day, year, hour, minute, second, half] = humanized;
    const monthIndex = MONTHS.indexOf(month.toLowerCase());
    if (monthIndex < 0) return null;
    const hours = (Number(hour) % 12) + (half.toLowerCase() === 'pm' ? 12 : 0);
    return safeIso(
      new Date(Number(year), monthIndex, Number(day), hours, Number(minute), Number(second ?? 0)),
    );
  }
  const stamp = /^(\d{4})-(\d{1,2})-(\d{1,2})\s?@(\d{1,2})h\s?(\d{1,2})m\s?(\d{1,2})s/.exec(value.trim());
  if (stamp) {
    const [, year, month, day, hour, minute, second] = stamp.map(Number);
    return safeIso(new Date(year, month - 1, day, hour, minute, second));
  }
  if (/^\d{10,}$/.test(value.trim())) return safeIso(new Date(Number(value)));
  return safeIso(new Date(value));
}

function safeIso(date: Date): string | null {
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** Detects the format (SillyTavern JSONL, Agnai chat JSON, Hearth JSON) and reads the messages. */
export function parseChatFile(text: string, now: string): ParsedChatFile {
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  if (trimmed === '') throw invalid('The file is empty.');
  let whole: unknown;
  try {
    whole = JSON.parse(trimmed);
  } catch {
    whole = undefined;
  }
  if (whole !== undefined) {
    const hearth = hearthChat.safeParse(whole);
    if (hearth.success) return fromHearth(hearth.data, now);
    const agnai = agnaiChat.safeParse(whole);
    if (agnai.success) return fromAgnai(agnai.data, now);
    // A one-line JSONL file (header only) also parses as JSON: fall through to JSONL.
  }
  return fromSillyTavern(trimmed, now);
}

function fromSillyTavern(text: string, now: string): ParsedChatFile {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  if (lines.length - 1 > MAX_IMPORTED_MESSAGES)
    throw invalid(`The chat has more than ${MAX_IMPORTED_MESSAGES} messages.`);
  const objects = lines.map((line, index) => {
    try {
      return JSON.parse(line) as unknown;
    } catch {
      throw invalid(
        `Line ${index + 1} is not JSON: this is not a SillyTavern chat (.jsonl), an Agnai chat or a Hearth chat export.`,
      );
    }
  });
  const [header, ...rest] = objects;
  if (
    typeof header !== 'object' ||
    header === null ||
    !('user_name' in header || 'character_name' in header || 'chat_metadata' in header)
  ) {
    throw invalid(
      'The first line is not a SillyTavern chat header (user_name, character_name, chat_metadata).',
    );
  }
  const messages: ImportedMessage[] = [];
  rest.forEach((object, index) => {
    const parsed = stMessage.safeParse(object);
    if (!parsed.success) throw invalid(`Line ${index + 2} is not a SillyTavern message (needs "mes").`);
    const message = parsed.data;
    if (message.is_system) return; // narrator and hidden system lines are not part of the conversation
    const createdAt = parseChatDate(message.send_date) ?? now;
    const role = message.is_user ? 'user' : 'assistant';
    const alternatives =
      !message.is_user && message.swipes && message.swipes.length > 0 ? message.swipes : [message.mes];
    const swipeIndex = Math.min(message.swipe_id ?? 0, alternatives.length - 1);
    messages.push({
      role,
      swipes: alternatives.map((content, swipe) => ({
        content: swipe === swipeIndex ? message.mes : content,
        createdAt: parseChatDate(message.swipe_info?.[swipe]?.send_date) ?? createdAt,
      })),
      swipeIndex,
      createdAt,
    });
  });
  return { format: 'st-jsonl', title: null, messages };
}

function fromAgnai(data: z.infer<typeof agnaiChat>, now: string): ParsedChatFile {
  return {
    format: 'agnai',
    title: data.name?.trim() || null,
    messages: data.messages.map((message) => {
      const createdAt = parseChatDate(message.createdAt) ?? now;
      const role = message.characterId && !message.userId ? 'assistant' : 'user';
      const alternatives = role === 'assistant' ? [message.msg, ...(message.retries ?? [])] : [message.msg];
      return {
        role,
        swipes: alternatives.map((content) => ({ content, createdAt })),
        swipeIndex: 0,
        createdAt,
      };
    }),
  };
}

function fromHearth(data: z.infer<typeof hearthChat>, now: string): ParsedChatFile {
  return {
    format: 'hearth-json',
    title: data.chat.title ?? null,
    messages: data.messages.map((message) => {
      const createdAt = parseChatDate(message.createdAt) ?? now;
      return {
        role: message.role,
        swipes: message.swipes.map((swipe) => ({
          content: swipe.content,
          createdAt: parseChatDate(swipe.createdAt) ?? createdAt,
        })),
        swipeIndex: Math.min(message.swipeIndex, message.swipes.length - 1),
        createdAt,
      };
    }),
  };
}
