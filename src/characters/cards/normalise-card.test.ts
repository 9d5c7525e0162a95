import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors.js';
import { compileLorebook, scanLorebook } from '../lorebook/index.js';
import { cardToV2Json, cardToV3Json } from './card-json.js';
import { designDocFromCard } from './card-mapping.js';
import { normaliseCard } from './normalise-card.js';

const field = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string()),
  fc.jsonValue(),
);
const entry = fc.record(
  {
    keys: fc.oneof(fc.array(fc.string()), fc.string(), field),
    content: field,
    extensions: fc.oneof(fc.dictionary(fc.string(), fc.jsonValue()), field),
    enabled: field,
    insertion_order: field,
    use_regex: field,
    constant: field,
    selective: field,
    secondary_keys: field,
    priority: field,
    id: field,
    position: field,
  },
  { requiredKeys: [] },
);
const data = fc.record(
  {
    name: field,
    description: field,
    first_mes: field,
    alternate_greetings: field,
    tags: field,
    character_version: field,
    extensions: fc.oneof(fc.dictionary(fc.string(), fc.jsonValue()), field),
    creation_date: field,
    assets: fc.oneof(fc.array(fc.record({ type: field, uri: field, name: field, ext: field })), field),
    character_book: fc.oneof(
      fc.record({ entries: fc.array(entry), scan_depth: field, extensions: field }),
      field,
    ),
    x_unknown: fc.jsonValue(),
  },
  { requiredKeys: [] },
);
const card = fc.record({
  spec: fc.constantFrom('chara_card_v2', 'chara_card_v3'),
  spec_version: field,
  data,
  name: field,
  x_root: fc.jsonValue(),
});

describe('normaliseCard (property tests)', () => {
  it('never crashes on wrongly typed fields, and is a fixed point after export', () => {
    fc.assert(
      fc.property(card, (raw) => {
        let normalised: ReturnType<typeof normaliseCard>;
        try {
          normalised = normaliseCard(raw);
        } catch (error) {
          expect(error).toBeInstanceOf(AppError);
          return;
        }
        const again = normaliseCard(JSON.parse(JSON.stringify(cardToV3Json(normalised.card))));
        expect(again.card).toEqual(JSON.parse(JSON.stringify(normalised.card)));
        normaliseCard(JSON.parse(JSON.stringify(cardToV2Json(normalised.card))));
        try {
          designDocFromCard(normalised.card);
        } catch (error) {
          expect(error).toBeInstanceOf(AppError);
        }
        const book = normalised.card.data.character_book;
        if (book)
          scanLorebook(compileLorebook(book), {
            messages: ['a b c'],
            tokenCounter: (t) => t.length,
            budgetTokens: 50,
          });
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 300), seed: Number(process.env.FUZZ_SEED ?? 1) },
    );
  });
});
