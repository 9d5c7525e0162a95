/**
 * Lorebook shapes as they travel in cards (V2 `character_book`, V3 `lorebook_v3`). Every object keeps
 * unknown keys (index signatures): editors must never drop fields they do not understand (spec §7).
 */
export interface LorebookEntry {
  keys: string[];
  content: string;
  extensions: Record<string, unknown>;
  enabled: boolean;
  /** Lower = inserted earlier. */
  insertion_order: number;
  /** V3: keys are regexes. ST writes `true` everywhere, so only `/re/flags` keys are treated as regexes. */
  use_regex: boolean;
  case_sensitive?: boolean;
  constant?: boolean;
  name?: string;
  /** Over budget, lower priority is dropped first. */
  priority?: number;
  id?: number | string;
  comment?: string;
  selective?: boolean;
  secondary_keys?: string[];
  /** Spec values are `before_char` / `after_char`; other strings (chub's `""`) are kept as found. */
  position?: string;
  [key: string]: unknown;
}

export interface Lorebook {
  name?: string;
  description?: string;
  scan_depth?: number;
  token_budget?: number;
  recursive_scanning?: boolean;
  extensions: Record<string, unknown>;
  entries: LorebookEntry[];
  [key: string]: unknown;
}

/** Where a hit goes in the prompt. `at_depth` comes with `depth` (messages back from the newest). */
export type LorebookPosition =
  | 'before_char'
  | 'after_char'
  | 'before_desc'
  | 'after_desc'
  | 'personality'
  | 'scenario'
  | 'author_note_top'
  | 'author_note_bottom'
  | 'examples_top'
  | 'examples_bottom'
  | 'at_depth';

export type LorebookRole = 'system' | 'user' | 'assistant';

export interface LorebookHit {
  entryId: string;
  /** Decorator lines stripped; macros are left for prompt assembly. */
  content: string;
  position: LorebookPosition;
  /** The entry's `insertion_order` (lower first within a position). */
  order: number;
  depth?: number;
  role?: LorebookRole;
  tokens: number;
  /** RisuAI-only `@@position pt_*` and other slots Hearth does not model, kept for the caller. */
  customPosition?: string;
  /** `@@disable_ui_prompt` values carried by the entry. */
  disableUiPrompts?: Array<'system_prompt' | 'post_history_instructions'>;
}
