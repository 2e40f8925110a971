/** Calendar arithmetic on 'YYYY-MM-DD' dates as whole UTC days (no clock, no time zones). */

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of a 'YYYY-MM-DD' date. */
export function dayNumber(date: string): number {
  return Math.round(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
}

/** The 'YYYY-MM-DD' date of a day number. */
export function dateOf(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** True when s is a real calendar date written 'YYYY-MM-DD'. */
export function isIsoDate(s: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && dateOf(dayNumber(s)) === s;
}

/** ISO weekday of a day number: 1 = Monday … 7 = Sunday. */
export function isoWeekday(day: number): number {
  // 1970-01-01 was a Thursday (4).
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

/** Day of the year, 1-based. */
export function dayOfYear(day: number): number {
  const d = dateOf(day);
  return day - dayNumber(`${d.slice(0, 4)}-01-01`) + 1;
}

/** Calendar month 1-12 of a day number. */
export function monthOf(day: number): number {
  return Number(dateOf(day).slice(5, 7));
}

/** Calendar year of a day number. */
export function yearOf(day: number): number {
  return Number(dateOf(day).slice(0, 4));
}

/** An ISO-8601 UTC timestamp for a day plus seconds into it. */
export function timestamp(day: number, seconds: number): string {
  return new Date(day * DAY_MS + Math.floor(seconds) * 1000).toISOString().replace('.000Z', 'Z');
}
