/**
 * Dates mentioned in a question, as a UTC range: "on 25 May, 2023", "May 25 2023", "in May 2023",
 * "May, 2023", "2022", "yesterday", "last week",
 * "3 days ago". Used to favour memories whose `valid_at` falls inside. Null when none is found.
 */
export interface TimeRange {
  from: Date;
  to: Date;
}

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
const DAY_MS = 86_400_000;

function utc(year: number, month: number, day = 1): Date {
  return new Date(Date.UTC(year, month, day));
}

const MONTH = `(${MONTHS.join('|')}|sept|${MONTHS.map((name) => name.slice(0, 3)).join('|')})\\.?`;
const ORDINAL = '(\\d{1,2})(?:st|nd|rd|th)?';
/** "25 May, 2022", "the 3rd of june 2023" / "May 25, 2022". */
const DAY_MONTH_YEAR = new RegExp(`\\b${ORDINAL}\\s+(?:of\\s+)?${MONTH},?\\s+(\\d{4})\\b`);
const MONTH_DAY_YEAR = new RegExp(`\\b${MONTH}\\s+${ORDINAL},?\\s+(\\d{4})\\b`);
const MONTH_YEAR = new RegExp(`\\b${MONTH}\\s*,?\\s*(?:of\\s+)?(\\d{4})\\b`);

function monthIndex(name: string): number {
  return MONTHS.findIndex((month) => month.startsWith(name.slice(0, 3)));
}

/**
 * A named day: memories dated from DAY_BEFORE days before it to DAY_AFTER days after it, because what
 * happened on a day is usually told that day or in the days after ("on Saturday I ran…").
 */
const DAY_BEFORE = 1;
const DAY_AFTER = 7;

export function timeRangeOf(question: string, now: Date): TimeRange | null {
  const text = question.toLowerCase();
  const dayFirst = DAY_MONTH_YEAR.exec(text);
  const monthFirst = dayFirst ? null : MONTH_DAY_YEAR.exec(text);
  const named = dayFirst
    ? { day: dayFirst[1], month: dayFirst[2], year: dayFirst[3] }
    : monthFirst
      ? { day: monthFirst[2], month: monthFirst[1], year: monthFirst[3] }
      : null;
  if (named && Number(named.day) >= 1 && Number(named.day) <= 31) {
    const day = utc(Number(named.year), monthIndex(named.month), Number(named.day)).getTime();
    return { from: new Date(day - DAY_BEFORE * DAY_MS), to: new Date(day + (DAY_AFTER + 1) * DAY_MS) };
  }
  const monthYear = MONTH_YEAR.exec(text);
  if (monthYear) {
    const month = monthIndex(monthYear[1]);
    const year = Number(monthYear[2]);
    return { from: utc(year, month), to: utc(year, month + 1) };
  }
  const year = /\b(19\d{2}|20\d{2})\b/.exec(text);
  if (year) return { from: utc(Number(year[1]), 0), to: utc(Number(year[1]) + 1, 0) };
  const today = utc(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  if (/\byesterday\b/.test(text)) return { from: new Date(today.getTime() - DAY_MS), to: today };
  if (/\btoday\b/.test(text)) return { from: today, to: new Date(today.getTime() + DAY_MS) };
  const ago = /\b(\d+|a|one|two|three|few)\s+(day|week|month|year)s?\s+ago\b/.exec(text);
  const last = /\blast\s+(week|month|year|weekend)\b/.exec(text);
  const unit = ago?.[2] ?? last?.[1];
  if (unit) {
    const count = ago ? Number(ago[1]) || { a: 1, one: 1, two: 2, three: 3, few: 3 }[ago[1]] || 1 : 1;
    const span = { day: 1, week: 7, weekend: 7, month: 30, year: 365 }[unit] ?? 7;
    const center = today.getTime() - count * span * DAY_MS;
    return { from: new Date(center - span * DAY_MS), to: new Date(center + span * DAY_MS) };
  }
  return null;
}

export function isWithin(iso: string | null, range: TimeRange): boolean {
  if (!iso) return false;
  const time = Date.parse(iso);
  return time >= range.from.getTime() && time < range.to.getTime();
}
