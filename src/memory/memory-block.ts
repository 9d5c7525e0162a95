import type { RecalledItem } from './store.js';
import type { TokenCounter } from '../providers/spec.js';
import { compactMoment } from './compact-moment.js';
import type { RankedItem } from './recall.js';

export interface ProfileEntry {
  field: string;
  value: string | string[];
}

export interface BuiltBlock {
  text: string;
  tokens: number;
  /** The items that made it into the block, in rank order. */
  included: RecalledItem[];
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function formatDay(iso: string | null): string {
  if (!iso) return 'undated';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return 'undated';
  return `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
}

function line(item: RecalledItem): string {
  const text = item.text.replace(/\s+/g, ' ').trim();
  if (item.kind === 'fact' && item.invalid_at) {
    return `- used to be true (${formatDay(item.valid_at)} – ${formatDay(item.invalid_at)}): ${text}`;
  }
  return `- (${formatDay(item.valid_at)}) ${text}`;
}

function profileLine(entry: ProfileEntry): string {
  const value = Array.isArray(entry.value) ? entry.value.join(', ') : entry.value;
  return `- ${entry.field.replace(/_/g, ' ')}: ${value}`;
}

/**
 * The prompt's memory section within `budget` tokens: profile first, then current facts, past facts
 * (marked as no longer true, with dates), the latest rolling summary, and relevant conversation moments.
 * Items are admitted in rank order while they fit; a long item is skipped for shorter ones after it.
 * Moments are compacted first (small-talk sentences dropped; with the ranker's `focus` words, very long
 * utterances shortened around them; see compact-moment.ts) so more fit.
 */
export function buildMemoryBlock(
  ranked: RankedItem[],
  profile: ProfileEntry[],
  budget: number,
  countTokens: TokenCounter,
  options: { longUtterance?: number } = {},
): BuiltBlock {
  const sections = {
    profile: profile
      .filter((entry) => (Array.isArray(entry.value) ? entry.value.length : entry.value))
      .map(profileLine),
    current: [] as string[],
    past: [] as string[],
    summary: [] as string[],
    moments: [] as string[],
  };
  const headers: Record<keyof typeof sections, string> = {
    profile: 'About the user:',
    current: 'What you know about the user (current):',
    past: 'No longer true (kept for context):',
    summary: 'Summary of earlier conversation:',
    moments: 'Relevant moments from earlier conversations:',
  };
  // Conversation moments are grouped under one date line per day, in time order: cheaper than a date
  // on every line, and easier for the model to read as a timeline.
  const days = new Map<string, string[]>();
  const renderMoments = () =>
    [...days.entries()]
      .sort(([left], [right]) => left.localeCompare(right))
      .map(([day, lines]) => `${formatDay(day === 'undated' ? null : day)}:\n${lines.join('\n')}`);
  const render = () => {
    sections.moments = renderMoments();
    return (Object.keys(sections) as (keyof typeof sections)[])
      .filter((key) => sections[key].length > 0)
      .map((key) => `${headers[key]}\n${sections[key].join('\n')}`)
      .join('\n\n');
  };
  // Profile lines are few and short; drop them from the end if even they do not fit.
  while (sections.profile.length > 0 && countTokens(render()) > budget) sections.profile.pop();

  const included: RecalledItem[] = [];
  // Where each included item's line went, so the final check can take the last ones back out.
  const placed: { lines: string[]; day: string | null }[] = [];
  const unplace = ({ lines, day }: { lines: string[]; day: string | null }) => {
    lines.pop();
    if (day !== null && lines.length === 0) days.delete(day);
  };
  let used = countTokens(render());
  for (const { item, focus } of ranked) {
    const section =
      item.kind === 'summary'
        ? 'summary'
        : item.kind === 'fact'
          ? item.invalid_at
            ? 'past'
            : 'current'
          : 'moments';
    const isMoment = section === 'moments';
    const day = item.valid_at ? item.valid_at.slice(0, 10) : 'undated';
    const compact = isMoment ? compactMoment(item.text, focus, options.longUtterance) : '';
    // A moment that is nothing but small talk tells the model nothing: it is left out, not counted.
    if (isMoment && !compact) continue;
    const text = isMoment ? `- ${compact}` : line(item);
    const isFirst = isMoment ? days.size === 0 : sections[section].length === 0;
    // Header and date-line costs count once, when a section or a day first gets a line.
    const cost =
      countTokens(text) +
      1 +
      (isFirst ? countTokens(headers[section]) + 2 : 0) +
      (isMoment && !days.has(day) ? countTokens(`${formatDay(item.valid_at)}:`) + 1 : 0);
    // Line-by-line estimates round up on every line (about a token each): an item that overshoots by
    // no more than that may still fit, so the whole block is measured; a clear overshoot is skipped.
    if (used + cost > budget + placed.length + 4) continue;
    const lines = isMoment ? (days.get(day) ?? []) : sections[section];
    lines.push(text);
    if (isMoment) days.set(day, lines);
    if (used + cost > budget) {
      const exact = countTokens(render());
      if (exact > budget) {
        unplace({ lines, day: isMoment ? day : null });
        continue;
      }
      used = exact;
    } else {
      used += cost;
    }
    included.push(item);
    placed.push({ lines, day: isMoment ? day : null });
  }
  // A tokenizer may count the whole block higher than its lines added up: never overshoot the budget.
  while (placed.length > 0 && countTokens(render()) > budget) {
    unplace(placed.pop()!);
    included.pop();
  }
  const text = render();
  return { text, tokens: text ? countTokens(text) : 0, included };
}
