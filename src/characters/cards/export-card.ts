import { cardToV3Json, encodeJson } from './card-json.js';
import { writeCharx } from './charx.js';
import { placeholderPng, toPng } from './image-check.js';
import { DEFAULT_CARD_LIMITS, invalidCard } from './limits.js';
import { normaliseCard } from './normalise-card.js';
import { writePngCard } from './png-card.js';
import { isPng } from './png-chunks.js';
import type { CardFormat, CardV3, ExportOptions, ExportedCard } from './types.js';

/**
 * Writes a card as PNG (`chara` V2 backfill then `ccv3`, on the avatar or a generated placeholder),
 * JSON (V3) or CHARX (card.json + assets + extra files). The card is written as given — unknown fields
 * included — except that `now` bumps `modification_date`, and CHARX may rewrite asset URIs that have
 * no zip path yet (see writeCharx).
 */
export async function exportCard(
  card: CardV3,
  format: CardFormat,
  options: ExportOptions = {},
): Promise<ExportedCard> {
  // Normalising is idempotent and cheap; it guarantees the written shape even for hand-built cards.
  const normalised = normaliseCard(card).card;
  const stamped = options.now === undefined ? normalised : stamp(normalised, options.now);
  if (format === 'json') {
    return { bytes: encodeJson(cardToV3Json(stamped)), mime: 'application/json', extension: 'json' };
  }
  if (format === 'png') {
    const image = options.avatar
      ? isPng(options.avatar)
        ? options.avatar
        : await toPng(options.avatar, DEFAULT_CARD_LIMITS)
      : await placeholderPng();
    return { bytes: writePngCard(image, stamped, DEFAULT_CARD_LIMITS), mime: 'image/png', extension: 'png' };
  }
  if (format === 'charx') {
    return {
      bytes: writeCharx(stamped, options),
      mime: 'application/zip',
      extension: 'charx',
    };
  }
  throw invalidCard(`Unknown export format "${String(format)}".`);
}

/** Spec V3: set creation once, bump modification on export (Unix seconds). */
function stamp(card: CardV3, now: number): CardV3 {
  const seconds = Math.floor(now);
  const created = card.data.creation_date;
  return {
    ...card,
    data: {
      ...card.data,
      creation_date: created === undefined || created === 0 ? seconds : created,
      modification_date: seconds,
    },
  };
}
