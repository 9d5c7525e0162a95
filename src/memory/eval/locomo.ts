import fs from 'node:fs';
import { z } from 'zod';

/** A LoCoMo conversation (format: shared/data/README.md), normalised for ingestion. */
export interface LocomoTurn {
  speaker: string;
  diaId: string;
  text: string;
}

export interface LocomoSession {
  index: number;
  /** ISO timestamp of the session start. */
  startedAt: string;
  turns: LocomoTurn[];
}

export interface LocomoQuestion {
  question: string;
  evidence: string[];
  category: number;
  /** Gold answer (categories 1–4), used by `--judge`. */
  answer?: string;
}

export interface LocomoConversation {
  name: string;
  speakers: [string, string];
  sessions: LocomoSession[];
  questions: LocomoQuestion[];
}

const turnSchema = z.object({
  speaker: z.string(),
  dia_id: z.string(),
  text: z.string(),
  blip_caption: z.string().optional(),
});
const questionSchema = z.object({
  question: z.string(),
  answer: z.union([z.string(), z.number()]).optional(),
  evidence: z.array(z.string()).default([]),
  category: z.number().int(),
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

/** "1:56 pm on 8 May, 2023" → ISO (UTC). */
export function parseSessionDate(text: string): string {
  const match = /(\d{1,2}):(\d{2})\s*(am|pm)\s+on\s+(\d{1,2})\s+([a-z]+),?\s+(\d{4})/i.exec(text);
  if (!match) {
    const fallback = Date.parse(text);
    if (Number.isNaN(fallback)) throw new Error(`unreadable session date: ${text}`);
    return new Date(fallback).toISOString();
  }
  const [, hour, minute, half, day, monthName, year] = match;
  const month = MONTHS.findIndex((name) => name.startsWith(monthName.toLowerCase().slice(0, 3)));
  const hour24 = (Number(hour) % 12) + (half.toLowerCase() === 'pm' ? 12 : 0);
  return new Date(Date.UTC(Number(year), month, Number(day), hour24, Number(minute))).toISOString();
}

/** Some evidence lists join ids ("D8:6; D9:17"); split them into single dia_ids. */
function splitEvidence(evidence: string[]): string[] {
  return evidence.flatMap((entry) => entry.split(/[;,\s]+/)).filter((id) => /^D\d+:\d+$/.test(id));
}

export function parseLocomo(name: string, raw: unknown): LocomoConversation {
  const data = raw as Record<string, unknown>;
  const root = (data.conversation as Record<string, unknown> | undefined) ?? data;
  const sessions: LocomoSession[] = [];
  for (const key of Object.keys(root)) {
    const match = /^session_(\d+)$/.exec(key);
    if (!match) continue;
    const index = Number(match[1]);
    const date = root[`session_${index}_date_time`];
    if (typeof date !== 'string') continue;
    const turns = z.array(turnSchema).parse(root[key]);
    sessions.push({
      index,
      startedAt: parseSessionDate(date),
      turns: turns.map((turn) => ({
        speaker: turn.speaker,
        diaId: turn.dia_id,
        text: turn.blip_caption ? `${turn.text} [shares a photo: ${turn.blip_caption}]` : turn.text,
      })),
    });
  }
  sessions.sort((left, right) => left.index - right.index);
  const questions = z
    .array(questionSchema.passthrough())
    .parse(data.qa ?? [])
    .map((question) => ({
      question: question.question,
      evidence: splitEvidence(question.evidence),
      category: question.category,
      answer: question.answer === undefined ? undefined : String(question.answer),
    }));
  return {
    name,
    speakers: [String(root.speaker_a ?? 'A'), String(root.speaker_b ?? 'B')],
    sessions,
    questions,
  };
}

export function readLocomoFile(file: string): LocomoConversation {
  return parseLocomo(file.split('/').pop() ?? file, JSON.parse(fs.readFileSync(file, 'utf8')));
}
