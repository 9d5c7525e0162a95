/**
 * Text helpers shared by retrieval, extraction and the eval: tokens, stopwords, token estimates.
 * Lexical stemming is left to the database (FTS5 `porter`, PostgreSQL `english`), so both agree.
 */

/** Rough token count (≈ 4 characters a token for English); used for budgets when no counter is given. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

const STOPWORDS = new Set(
  (
    'a about above after again against all am an and any are as at be because been before being below ' +
    'between both but by can could did do does doing down during each few for from further had has have ' +
    'having he her here hers herself him himself his how i if in into is it its itself just me more most my ' +
    'myself no nor not now of off on once only or other our ours ourselves out over own same she should so ' +
    'some such than that the their theirs them themselves then there these they this those through to too ' +
    'under until up very was we were what when where which while who whom why will with would you your ' +
    "yours yourself yourselves also ever much many thing things get got go going s t don didn isn wasn ' " +
    'like really well yeah oh hey hi lot way kind sort yes okay ok sure might may must shall let us tell'
  ).split(' '),
);

export function isStopword(word: string): boolean {
  return STOPWORDS.has(word);
}

/** Lower-cased word tokens (letters, digits, inner apostrophes dropped). */
export function wordsOf(text: string): string[] {
  return (
    text
      .toLowerCase()
      .replace(/['’]s\b/g, '')
      .match(/[\p{L}\p{N}]+/gu) ?? []
  );
}

/**
 * Remembers a per-text result for the most recent texts. Recall sees the same memories turn after
 * turn, so tokenising each candidate anew was a visible share of a turn.
 */
export function memoByText<T>(compute: (text: string) => T, capacity = 5_000): (text: string) => T {
  const cache = new Map<string, T>();
  return (text) => {
    const known = cache.get(text);
    if (known !== undefined) return known;
    const value = compute(text);
    if (cache.size >= capacity) cache.delete(cache.keys().next().value!);
    cache.set(text, value);
    return value;
  };
}

/** The distinct words of a text (see `wordsOf`), cached: treat the set as read-only. */
export const wordSetOf = memoByText((text) => new Set(wordsOf(text)));

/** Content words of a query: no stopwords, no one-letter tokens, unique, in order. */
export function contentWords(text: string): string[] {
  const seen = new Set<string>();
  for (const word of wordsOf(text)) {
    if (word.length > 1 && !isStopword(word)) seen.add(word);
  }
  return [...seen];
}
