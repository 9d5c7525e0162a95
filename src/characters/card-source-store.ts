import { type Clock, isoNow } from '../clock.js';
import type { CardSource } from './cards/index.js';
import type { Executor } from './character-store.js';
import { type DesignDoc, designDocBaseSchema } from './design-doc.js';

/** An imported card kept as the export base (issue 22 item 4), with the doc derived from it at import. */
export interface StoredCardSource {
  source: CardSource;
  importedDoc: DesignDoc;
  /** The avatar file set at import; null when the card brought none. */
  avatarPath: string | null;
}

/** Bytes a source takes in the database: the card text (UTF-8) plus every file. */
export function sourceBytes(source: CardSource): number {
  return (
    Buffer.byteLength(source.text, 'utf8') + source.files.reduce((sum, file) => sum + file.bytes.length, 0)
  );
}

export async function saveCardSource(
  db: Executor,
  characterId: string,
  stored: StoredCardSource,
  clock: Clock,
): Promise<void> {
  const { source } = stored;
  await db
    .insertInto('character_card_sources')
    .values({
      character_id: characterId,
      format: source.format,
      card_text: source.text,
      imported_doc: JSON.stringify(stored.importedDoc),
      avatar_path: stored.avatarPath,
      stored_bytes: sourceBytes(source),
      created_at: isoNow(clock),
    })
    .execute();
  for (const [position, file] of source.files.entries()) {
    await db
      .insertInto('character_card_files')
      .values({ character_id: characterId, position, kind: file.kind, path: file.path, bytes: file.bytes })
      .execute();
  }
}

export async function loadCardSource(
  db: Executor,
  characterId: string,
): Promise<StoredCardSource | undefined> {
  const row = await db
    .selectFrom('character_card_sources')
    .selectAll()
    .where('character_id', '=', characterId)
    .executeTakeFirst();
  if (!row) return undefined;
  const files = await db
    .selectFrom('character_card_files')
    .select(['kind', 'path', 'bytes'])
    .where('character_id', '=', characterId)
    .orderBy('position')
    .execute();
  return {
    source: {
      format: row.format,
      text: row.card_text,
      files: files.map((file) => ({ kind: file.kind, path: file.path, bytes: new Uint8Array(file.bytes) })),
    },
    importedDoc: designDocBaseSchema.parse(JSON.parse(row.imported_doc)),
    avatarPath: row.avatar_path,
  };
}
