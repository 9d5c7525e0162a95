import type { Clock } from '../clock.js';
import type { CharacterRow } from '../db/tables/characters.js';
import { processAvatar, readAvatar, storeAvatar } from './avatar.js';
import {
  type CardFormat,
  type CardV3,
  type ExportedCard,
  cardFromCharacter,
  designDocFromCard,
  exportCard,
  importCard,
} from './cards/index.js';
import { attachLorebook } from './character-extras.js';
import { assertAdultCharacter } from './character-service.js';
import { type Executor, createCharacter, docOf, setAvatar } from './character-store.js';
import { defaultRuntimeRules } from './design-doc.js';

export interface ImportCardOptions {
  filename?: string;
  contentType?: string;
  dataDir: string;
  maxBytes: number;
  clock: Clock;
}

/**
 * Imports a card file as a new private draft of `ownerId`. Everything that can fail (parsing, limits,
 * the adults-only check, the avatar) runs before the first write, so a bad file stores nothing.
 */
export async function importCharacterCard(
  db: Executor,
  ownerId: string,
  bytes: Uint8Array,
  options: ImportCardOptions,
): Promise<CharacterRow> {
  const imported = await importCard(bytes, {
    filename: options.filename,
    contentType: options.contentType,
    limits: { maxBytes: options.maxBytes },
  });
  const doc = designDocFromCard(imported.card);
  assertAdultCharacter(doc);
  const avatar = imported.avatar ? await processAvatar(imported.avatar) : null;
  const row = await createCharacter(
    db,
    ownerId,
    { ...doc, visibility: 'private', status: 'draft' },
    { clock: options.clock, cardJson: JSON.stringify(imported.card), status: 'draft' },
  );
  const book = imported.card.data.character_book;
  if (book && book.entries.length > 0) {
    await attachLorebook(
      db,
      { ownerId, characterId: row.id, name: book.name ?? doc.name, data: book },
      options.clock,
    );
  }
  if (!avatar) return row;
  const paths = await storeAvatar(options.dataDir, row.id, avatar);
  return setAvatar(db, row, paths, options.clock);
}

/**
 * A card for `row` as the viewer may see it (`includeHidden` = owner, moderator or operator): the owner's export carries the whole design doc; anyone else's
 * drops the hidden runtime rules and the original card's system prompts.
 */
export async function exportCharacterCard(
  row: CharacterRow,
  viewer: { includeHidden: boolean },
  format: CardFormat,
  dataDir: string,
  clock: Clock,
): Promise<ExportedCard> {
  const full = docOf(row);
  const hidden = viewer.includeHidden;
  const doc = hidden ? full : { ...full, runtime: defaultRuntimeRules };
  let base: CardV3 | undefined = row.card_json ? (JSON.parse(row.card_json) as CardV3) : undefined;
  if (base && !hidden) {
    base = { ...base, data: { ...base.data, system_prompt: '', post_history_instructions: '' } };
  }
  const card = cardFromCharacter(doc, base);
  const avatar = row.avatar_path ? new Uint8Array(await readAvatar(dataDir, row.avatar_path)) : undefined;
  return exportCard(card, format, { avatar, now: Math.floor(clock.now().getTime() / 1000) });
}
