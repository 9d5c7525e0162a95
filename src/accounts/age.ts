/** Whole years between a YYYY-MM-DD birth date and `today` (UTC), birthdays counted on the day. */
export function ageOn(birthDate: string, today: Date): number {
  const [year, month, day] = birthDate.split('-').map(Number);
  let age = today.getUTCFullYear() - year;
  const beforeBirthday =
    today.getUTCMonth() + 1 < month || (today.getUTCMonth() + 1 === month && today.getUTCDate() < day);
  if (beforeBirthday) age -= 1;
  return age;
}

export const MINIMUM_AGE = 18;

export function isAdult(birthDate: string, today: Date): boolean {
  return ageOn(birthDate, today) >= MINIMUM_AGE;
}

/** True for a real calendar date (rejects 2001-02-30) that is not in the future. */
export function isPlausibleBirthDate(birthDate: string, today: Date): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birthDate);
  if (!match) return false;
  const date = new Date(`${birthDate}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== birthDate) return false;
  return date <= today && Number(match[1]) >= 1900;
}
