import { classifyFast } from './fast-layer.js';
import type { Category } from './taxonomy.js';
import { FLAG_THRESHOLD } from './taxonomy.js';

export interface PublishCheck {
  ok: boolean;
  /** Stable reason codes: `minor_coded_nsfw`, `minor_sexual_content`, `hard_line_content`. */
  problems: { code: string; categories: Category[] }[];
  /** The doc reads as a minor (stated age < 18, school year, child-coded words). */
  minorCoded: boolean;
}

const HARD: Category[] = [
  'child_sexual_exploitation',
  'minor_sexual_roleplay',
  'indiscriminate_weapons',
  'real_person_sexual',
];

/**
 * Scans a character's design doc (flattened to text) before publishing. A minor-coded character may
 * exist as SFW; minor-coded + NSFW, or any sexual content with minor signals, is refused.
 */
export function checkCharacterForPublish(docText: string, rating: 'sfw' | 'nsfw'): PublishCheck {
  const problems: PublishCheck['problems'] = [];
  // Long docs are scanned in overlapping windows so a signal in a late section still counts.
  const windows: string[] = [];
  for (let start = 0; start < Math.max(1, docText.length); start += 3000)
    windows.push(docText.slice(start, start + 3500));
  let minorCoded = false;
  const hard = new Set<Category>();
  for (const window of windows) {
    const result = classifyFast(window);
    if (result.signals.minor >= 0.8) minorCoded = true;
    for (const hit of result.hits)
      if (hit.score >= FLAG_THRESHOLD && HARD.includes(hit.category)) hard.add(hit.category);
  }
  if (minorCoded && rating === 'nsfw')
    problems.push({ code: 'minor_coded_nsfw', categories: ['minor_sexual_roleplay'] });
  const minorSexual: Category[] = [...hard].filter(
    (category) => category === 'minor_sexual_roleplay' || category === 'child_sexual_exploitation',
  );
  if (minorSexual.length) problems.push({ code: 'minor_sexual_content', categories: minorSexual });
  const other = [...hard].filter((category) => !minorSexual.includes(category));
  if (other.length) problems.push({ code: 'hard_line_content', categories: other });
  return { ok: problems.length === 0, problems, minorCoded };
}
