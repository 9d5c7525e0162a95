// Public API of Character Card import/export (V1, V2, V3; PNG, JSON, CHARX).
export { importCard, type ImportOptions } from './import-card.js';
export { exportCard } from './export-card.js';
export { DEFAULT_CARD_LIMITS, resolveLimits, type CardLimits } from './limits.js';
export { normaliseCard } from './normalise-card.js';
export type {
  CardAsset,
  CardAssetDescriptor,
  CardDataV3,
  CardFile,
  CardFormat,
  CardSource,
  CardSourceFile,
  CardV3,
  ExportOptions,
  ExportedCard,
  ImportedCard,
} from './types.js';
export { cardFromCharacter, designDocFromCard } from './card-mapping.js';
export { parseExampleDialogues, renderExampleDialogues, type ExampleDialogue } from './example-dialogues.js';
export { exportFromSource, type SourceExportOptions } from './export-source.js';
export { applyCardEdits, type CardEdits, type EditableField } from './apply-card-edits.js';
export { cardEditsBetween } from './card-edits.js';
