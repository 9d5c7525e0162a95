import { PayloadTooLarge } from '../../errors.js';
import { DATA_FIELDS } from './normalise-card.js';
import { type CardLimits, formatBytes } from './limits.js';
import type { CardV3 } from './types.js';

/** Root keys every card may carry (spec labels and the legacy ST/TavernAI fields). */
const ROOT_FIELDS = new Set([
  'spec',
  'spec_version',
  'data',
  'creatorcomment',
  'talkativeness',
  'fav',
  'avatar',
  'chat',
  'create_date',
]);

/**
 * Refuses a card whose extension data — `data.extensions` and every key outside the spec, at the root
 * and in `data` — is over `limits.maxExtensionBytes` of JSON (413 `card_extensions_too_large`). It is
 * kept whole for lossless export, so it must be bounded (issue 13 item 7).
 */
export function checkExtensionSize(card: CardV3, limits: CardLimits): void {
  const extra: unknown[] = [card.data.extensions];
  for (const [key, value] of Object.entries(card)) if (!ROOT_FIELDS.has(key)) extra.push(value);
  for (const [key, value] of Object.entries(card.data)) if (!DATA_FIELDS.has(key)) extra.push(value);
  const bytes = Buffer.byteLength(JSON.stringify(extra), 'utf8');
  if (bytes > limits.maxExtensionBytes) {
    throw new PayloadTooLarge(
      'card_extensions_too_large',
      `The card carries ${formatBytes(bytes)} of extension data; the limit is ${formatBytes(limits.maxExtensionBytes)} (HEARTH_CARD_EXTENSIONS_LIMIT).`,
    );
  }
}
