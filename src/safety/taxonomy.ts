/**
 * The hazard taxonomy: the MLCommons AILuminate / Llama Guard 3 categories (S1–S14) plus the
 * companion-specific ones a chat product needs. Every detector (fast rules, model classifiers,
 * eval label mappings) speaks these ids, so policy never depends on where a signal came from.
 */
export const CATEGORIES = [
  'violent_crimes',
  'non_violent_crimes',
  'sex_related_crimes',
  'child_sexual_exploitation',
  'defamation',
  'specialized_advice',
  'privacy',
  'intellectual_property',
  'indiscriminate_weapons',
  'hate',
  'self_harm',
  'sexual_content',
  'elections',
  'code_interpreter_abuse',
  // companion-specific
  'minor_sexual_roleplay',
  'real_person_sexual',
  'harassment',
  'prompt_injection',
] as const;

export type Category = (typeof CATEGORIES)[number];

export const CATEGORY_LABELS: Record<Category, string> = {
  violent_crimes: 'Violent crimes',
  non_violent_crimes: 'Non-violent crimes',
  sex_related_crimes: 'Sex-related crimes',
  child_sexual_exploitation: 'Child sexual exploitation',
  defamation: 'Defamation',
  specialized_advice: 'Specialised advice',
  privacy: 'Privacy / doxxing',
  intellectual_property: 'Intellectual property',
  indiscriminate_weapons: 'Indiscriminate weapons (CBRNE)',
  hate: 'Hate',
  self_harm: 'Suicide and self-harm',
  sexual_content: 'Sexual content (adult)',
  elections: 'Elections',
  code_interpreter_abuse: 'Code interpreter abuse',
  minor_sexual_roleplay: 'Minor-coded sexual roleplay',
  real_person_sexual: 'Sexual content about real people without consent',
  harassment: 'Harassment and threats',
  prompt_injection: 'Prompt injection / system-prompt extraction',
};

/** Llama Guard 3 hazard codes (MLCommons taxonomy) → our ids. */
export const LLAMA_GUARD_CODES: Record<string, Category> = {
  S1: 'violent_crimes',
  S2: 'non_violent_crimes',
  S3: 'sex_related_crimes',
  S4: 'child_sexual_exploitation',
  S5: 'defamation',
  S6: 'specialized_advice',
  S7: 'privacy',
  S8: 'intellectual_property',
  S9: 'indiscriminate_weapons',
  S10: 'hate',
  S11: 'self_harm',
  S12: 'sexual_content',
  S13: 'elections',
  S14: 'code_interpreter_abuse',
};

/**
 * OpenAI moderation categories (API names and the short JSONL labels of the moderation dataset)
 * → our ids. `sexual/minors` (S3 in the JSONL set) is child sexual exploitation; `harassment`
 * and `violence/graphic` have no MLCommons twin and map to the nearest companion category.
 */
export const OPENAI_CATEGORY_MAP: Record<string, Category> = {
  sexual: 'sexual_content',
  'sexual/minors': 'child_sexual_exploitation',
  hate: 'hate',
  'hate/threatening': 'hate',
  harassment: 'harassment',
  'harassment/threatening': 'harassment',
  'self-harm': 'self_harm',
  'self-harm/intent': 'self_harm',
  'self-harm/instructions': 'self_harm',
  violence: 'violent_crimes',
  'violence/graphic': 'violent_crimes',
  illicit: 'non_violent_crimes',
  'illicit/violent': 'violent_crimes',
  // short labels of the OpenAI moderation evaluation JSONL
  S: 'sexual_content',
  S3: 'child_sexual_exploitation',
  H: 'hate',
  H2: 'hate',
  V: 'violent_crimes',
  V2: 'violent_crimes',
  HR: 'harassment',
  SH: 'self_harm',
};

/** Categories that are never negotiable: model timeouts fail closed for these. */
export const HARD_LINE_CATEGORIES: ReadonlySet<Category> = new Set<Category>([
  'child_sexual_exploitation',
  'minor_sexual_roleplay',
  'indiscriminate_weapons',
  'real_person_sexual',
  'privacy',
  'violent_crimes',
  'non_violent_crimes',
]);

/** One piece of evidence: a span of the normalised text and the rule that matched it. */
export interface Evidence {
  rule: string;
  start: number;
  end: number;
  text: string;
}

export interface CategoryHit {
  category: Category;
  /** 0–1; ≥ FLAG_THRESHOLD means flagged. */
  score: number;
  evidence: Evidence[];
  /** Which layer produced the hit. */
  source: 'fast' | 'classifier' | 'llama_guard' | 'guard' | 'openai';
}

export const FLAG_THRESHOLD = 0.5;
