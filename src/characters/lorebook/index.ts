// Public API of the lorebook engine (characters layer): card lorebook model, compiler and scanner.
export type { Lorebook, LorebookEntry, LorebookHit, LorebookPosition, LorebookRole } from './types.js';
export { normaliseLorebook } from './normalise-lorebook.js';
export { parseDecorators, stripDecorators, type EntryDecorators, type ParsedContent } from './decorators.js';
export {
  compileLorebook,
  type CompiledLorebook,
  type CompiledEntry,
  type KeyMatcher,
  type SelectiveLogic,
} from './compile-lorebook.js';
export { scanLorebook, type ScanOptions } from './scan-lorebook.js';
export {
  compileRegexKey,
  isRegexKey,
  MAX_REGEX_INPUT_LENGTH,
  MAX_REGEX_PATTERN_LENGTH,
  REGEX_TIMEOUT_MS,
} from './regex-keys.js';
export { lorebookFromJson } from './read-lorebook-file.js';
