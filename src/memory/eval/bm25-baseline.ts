/**
 * The "plain BM25 over raw turns" baseline the eval prints beside our figures: one document per turn,
 * lower-cased word tokens, no stemming, no stopword list, k1 = 1.2, b = 0.75.
 */
export interface Bm25Document {
  id: string;
  text: string;
}

function tokens(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

export class Bm25Index {
  readonly #documents: { id: string; text: string; length: number; counts: Map<string, number> }[] = [];
  readonly #frequency = new Map<string, number>();
  #averageLength = 0;

  constructor(documents: Bm25Document[]) {
    for (const document of documents) {
      const counts = new Map<string, number>();
      const words = tokens(document.text);
      for (const word of words) counts.set(word, (counts.get(word) ?? 0) + 1);
      for (const word of counts.keys()) this.#frequency.set(word, (this.#frequency.get(word) ?? 0) + 1);
      this.#documents.push({ id: document.id, text: document.text, length: words.length, counts });
    }
    this.#averageLength =
      this.#documents.reduce((sum, document) => sum + document.length, 0) /
      Math.max(1, this.#documents.length);
  }

  search(query: string, limit: number): { id: string; text: string; score: number }[] {
    const total = this.#documents.length;
    const terms = [...new Set(tokens(query))];
    const scored = this.#documents.map((document) => {
      let score = 0;
      for (const term of terms) {
        const count = document.counts.get(term);
        if (!count) continue;
        const frequency = this.#frequency.get(term) ?? 0;
        const idf = Math.log(1 + (total - frequency + 0.5) / (frequency + 0.5));
        score +=
          (idf * count * 2.2) / (count + 1.2 * (0.25 + (0.75 * document.length) / this.#averageLength));
      }
      return { id: document.id, text: document.text, score };
    });
    return scored
      .filter((entry) => entry.score > 0)
      .sort((left, right) => right.score - left.score)
      .slice(0, limit);
  }
}
