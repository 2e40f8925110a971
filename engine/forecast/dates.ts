/** Calendar helpers on 'YYYY-MM-DD' strings (UTC, no time zones involved). */

const DAY = 86_400_000;

/** Milliseconds of a 'YYYY-MM-DD' date at UTC midnight. */
export function dayMs(d: string): number {
  return Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10)));
}

/** The date `n` days after `d`. */
export function addDays(d: string, n: number): string {
  return new Date(dayMs(d) + n * DAY).toISOString().slice(0, 10);
}

/** Whole days from a to b (b − a). */
export function daysBetween(a: string, b: string): number {
  return Math.round((dayMs(b) - dayMs(a)) / DAY);
}

/** Today's date in UTC (or DESK_TODAY when set, for reproducible runs). */
export function today(): string {
  return process.env.DESK_TODAY ?? new Date().toISOString().slice(0, 10);
}
