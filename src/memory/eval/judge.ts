import type { LanguageModel } from '../../providers/spec.js';
import { collectText } from '../extraction/model-json.js';

export interface JudgedAnswer {
  category: number;
  answer: string;
  correct: boolean;
}

export interface JudgeSummary {
  questions: number;
  /** Share of questions whose generated answer the judge labelled CORRECT. */
  accuracy: number;
  by_category: Record<string, { questions: number; accuracy: number }>;
}

const MAX_ANSWER_CHARS = 600;

/**
 * LLM-as-judge answer accuracy (the "J" metric Mem0 and Zep publish): the model answers the question
 * from the memory block the prompt would get, then grades its answer against the gold one.
 */
export async function answerAndJudge(
  model: LanguageModel,
  input: { question: string; gold: string; memoryBlock: string; category: number },
  signal: AbortSignal,
): Promise<JudgedAnswer> {
  const answer = (
    await collectText(
      model,
      {
        messages: [
          {
            role: 'system',
            content:
              'You answer questions about a long conversation between two people, using only the memories ' +
              'given. Memory lines carry dates: turn relative times ("last week") into dates from them. ' +
              'Answer in a short phrase. If the memories do not say, answer "unknown".',
          },
          { role: 'user', content: `Memories:\n${input.memoryBlock}\n\nQuestion: ${input.question}` },
        ],
        maxTokens: 64,
        temperature: 0,
      },
      signal,
      MAX_ANSWER_CHARS,
    ).catch(() => '')
  ).trim();
  const verdict = await collectText(
    model,
    {
      messages: [
        {
          role: 'system',
          content:
            'You grade answers. An answer is CORRECT when it means the same as the gold answer or contains ' +
            'it: other wording, more detail or another date format is fine; a different fact, a wrong date ' +
            'or "unknown" is WRONG. Reply with one word: CORRECT or WRONG.',
        },
        {
          role: 'user',
          content: `Question: ${input.question}\nGold answer: ${input.gold}\nGenerated answer: ${answer || '(none)'}`,
        },
      ],
      maxTokens: 8,
      temperature: 0,
    },
    signal,
    MAX_ANSWER_CHARS,
  ).catch(() => '');
  return { category: input.category, answer, correct: firstLabel(verdict) === 'CORRECT' };
}

/** The first CORRECT/WRONG in the judge's reply; anything else counts as WRONG. */
function firstLabel(verdict: string): 'CORRECT' | 'WRONG' {
  const match = /\b(CORRECT|WRONG|INCORRECT)\b/i.exec(verdict);
  return match?.[1].toUpperCase() === 'CORRECT' ? 'CORRECT' : 'WRONG';
}

export function summarizeJudged(judged: JudgedAnswer[]): JudgeSummary {
  const accuracyOf = (items: JudgedAnswer[]) =>
    items.length === 0 ? 0 : Number((items.filter((item) => item.correct).length / items.length).toFixed(4));
  return {
    questions: judged.length,
    accuracy: accuracyOf(judged),
    by_category: Object.fromEntries(
      [1, 2, 3, 4].map((category) => {
        const items = judged.filter((item) => item.category === category);
        return [String(category), { questions: items.length, accuracy: accuracyOf(items) }];
      }),
    ),
  };
}
