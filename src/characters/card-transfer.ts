import type { Clock } from '../clock.js';
import type { CharacterRow } from '../db/tables/characters.js';
import { processAvatar, readAvatar, storeAvatar } from './avatar.js';
import {
  type CardFormat,
  type CardV3,
  type ExportedCard,
  cardEditsBetween,
  cardFromCharacter,
  designDocFromCard,
  exportCard,
  exportFromSource,
  importCard,
} from './cards/index.js';
import { loadCardSource, saveCardSource } from './card-source-store.js';
import { attachLorebook } from './character-extras.js';
import { assertAdultCharacter } from './character-service.js';
import { type Executor, createCharacter, deleteCharacter, docOf, setAvatar } from './character-store.js';
import { defaultRuntimeRules } from './design-doc.js';

export interface ImportCardOptions {
  filename?: string;
  contentType?: string;
  dataDir: string;
  maxBytes: number;
  /** HEARTH_CARD_EXTENSIONS_LIMIT; the card library's default when absent. */
  maxExtensionBytes?: number;
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
    limits: { maxBytes: options.maxBytes, maxExtensionBytes: options.maxExtensionBytes },
  });
  const doc = designDocFromCard(imported.card);
  assertAdultCharacter(doc);
  const avatar = imported.avatar ? await processAvatar(imported.avatar) : null;
  const created = await createCharacter(
    db,
    ownerId,
    { ...doc, visibility: 'private', status: 'draft' },
    { clock: options.clock, cardJson: JSON.stringify(imported.card), status: 'draft' },
  );
  // createCharacter commits on its own; a later failure removes the character again (no partial import).
  try {
    let row = created;
    const book = imported.card.data.character_book;
    if (book && book.entries.length > 0) {
      await attachLorebook(
        db,
        { ownerId, characterId: row.id, name: book.name ?? doc.name, data: book },
        options.clock,
      );
    }
    if (avatar) {
      const paths = await storeAvatar(options.dataDir, row.id, avatar);
      row = await setAvatar(db, row, paths, options.clock);
    }
    await saveCardSource(
      db,
      row.id,
      { source: imported.origin, importedDoc: doc, avatarPath: row.avatar_path },
      options.clock,
    );
    return row;
  } catch (error) {
    await deleteCharacter(db, created);
    throw error;
  }
}

/**
 * A card for `row` as the viewer may see it (`includeHidden` = owner, moderator or operator): the owner's export carries the whole design doc; anyone else's
 * drops the hidden runtime rules and the original card's system prompts.
 */
export async function exportCharacterCard(
  db: Executor,
  row: CharacterRow,
  viewer: { includeHidden: boolean },
  format: CardFormat,
  dataDir: string,
  clock: Clock,
): Promise<ExportedCard> {
  const full = docOf(row);
  const hidden = viewer.includeHidden;
  const doc = hidden ? full : { ...full, runtime: defaultRuntimeRules };
  const avatar = row.avatar_path ? new Uint8Array(await readAvatar(dataDir, row.avatar_path)) : undefined;
  const stored = await loadCardSource(db, row.id);
  if (stored) {
    // An imported card exports from itself, with only the user's edits applied (issue 22 item 4).
    const edits = cardEditsBetween(stored.importedDoc, full, JSON.parse(stored.source.text), {
      includeHidden: hidden,
      hearth: doc,
      now: clock.now(),
    });
    return exportFromSource(stored.source, edits, format, {
      avatar,
      avatarReplaced: row.avatar_path !== stored.avatarPath,
    });
  }
  let base: CardV3 | undefined = row.card_json ? (JSON.parse(row.card_json) as CardV3) : undefined;
  if (base && !hidden) {
    base = { ...base, data: { ...base.data, system_prompt: '', post_history_instructions: '' } };
  }
  const card = cardFromCharacter(doc, base);
  return exportCard(card, format, { avatar, now: Math.floor(clock.now().getTime() / 1000) });
}
