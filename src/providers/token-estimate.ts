/**
 * A cheap token estimate for models whose tokenizer we do not have (remote APIs) or have not loaded
 * yet: ~4 characters per token for Latin text, one per character for CJK, rounded up so prompt
 * budgets err on the safe side.
 */
export function estimateTokens(text: string): number {
  if (text === '') return 0;
  let wide = 0;
  for (const char of text) {
    if (/[\u3000-\u9fff\uac00-\ud7af\uf900-\ufaff]/.test(char)) wide += 1;
  }
  return Math.ceil((text.length - wide) / 3.5) + wide;
}
