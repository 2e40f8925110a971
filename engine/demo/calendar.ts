/** Retail events of the demo calendar (618, Double 11, Black Friday, Chinese New Year) and their demand factors. */
import { CATEGORIES, type EventCode } from './categories';
import { dayNumber, yearOf } from './dates';

/** Chinese New Year's Day (first day of the lunar year), real dates. */
export const CNY_DATES: Record<number, string> = {
  2020: '2020-01-25', 2021: '2021-02-12', 2022: '2022-02-01', 2023: '2023-01-22', 2024: '2024-02-10',
  2025: '2025-01-29', 2026: '2026-02-17', 2027: '2027-02-06', 2028: '2028-01-26', 2029: '2029-02-13', 2030: '2030-02-03',
};

/** Names and peak factors of each event. */
export const EVENT_INFO: Record<EventCode, { zh: string; en: string; peak: number; shape: string }> = {
  '618': { zh: '618年中大促', en: '618 Mid-year Shopping Festival', peak: 2.6, shape: 'Jun 1–18, ramp from 1.2× to the peak on the 18th' },
  double11: { zh: '双十一', en: 'Double 11 (Singles Day)', peak: 4, shape: 'Nov 1–11, ramp from 1.3× to the peak on the 11th' },
  black_friday: { zh: '黑色星期五', en: 'Black Friday', peak: 1.7, shape: 'Friday peak, 1.3× Sat–Sun, 1.4× Cyber Monday' },
  cny_shopping: { zh: '年货节', en: 'Chinese New Year shopping', peak: 1.25, shape: '21 to 8 days before New Year, flat' },
  cny: { zh: '春节', en: 'Chinese New Year (Spring Festival)', peak: 0.45, shape: '7 days before to 6 days after New Year: couriers stop, flat dip' },
};

/** One event occurrence. */
export interface EventWindow {
  code: EventCode;
  start: number;
  end: number;
}

function blackFriday(year: number): number {
  const nov1 = dayNumber(`${year}-11-01`);
  const wd = (((nov1 + 3) % 7) + 7) % 7; // 0 = Monday
  const firstThu = nov1 + ((3 - wd + 7) % 7);
  return firstThu + 21 + 1;
}

/** The events that touch the days [first, last]. */
export function eventsBetween(first: number, last: number): EventWindow[] {
  const out: EventWindow[] = [];
  for (let y = yearOf(first); y <= yearOf(last); y++) {
    const cands: EventWindow[] = [
      { code: '618', start: dayNumber(`${y}-06-01`), end: dayNumber(`${y}-06-18`) },
      { code: 'double11', start: dayNumber(`${y}-11-01`), end: dayNumber(`${y}-11-11`) },
      { code: 'black_friday', start: blackFriday(y), end: blackFriday(y) + 3 },
    ];
    const cny = CNY_DATES[y];
    if (cny) {
      const d = dayNumber(cny);
      cands.push({ code: 'cny_shopping', start: d - 21, end: d - 8 }, { code: 'cny', start: d - 7, end: d + 6 });
    }
    for (const e of cands) if (e.end >= first && e.start <= last) out.push(e);
  }
  return out.sort((a, b) => a.start - b.start || a.code.localeCompare(b.code));
}

/** The base (all-category) factor of an event on a day inside its window. */
export function baseEventFactor(e: EventWindow, day: number): number {
  const info = EVENT_INFO[e.code];
  const k = day - e.start;
  const len = e.end - e.start;
  switch (e.code) {
    case '618':
    case 'double11': {
      if (day === e.end) return info.peak;
      const lo = e.code === '618' ? 1.2 : 1.3;
      return lo + ((info.peak - 1) * 0.25 * k) / Math.max(1, len);
    }
    case 'black_friday':
      return k === 0 ? info.peak : k === 3 ? 1.4 : 1.3;
    case 'cny_shopping':
    case 'cny':
      return info.peak;
  }
}

/** Per-category daily event factors for `days` days from `first` (index [category][day]). */
export function eventFactors(events: EventWindow[], first: number, days: number): Float64Array[] {
  return CATEGORIES.map((cat) => {
    const f = new Float64Array(days).fill(1);
    for (const e of events) {
      const scale = e.code === 'cny' ? 1 : cat.eventScale[e.code];
      for (let d = Math.max(e.start, first); d <= Math.min(e.end, first + days - 1); d++) {
        f[d - first] *= 1 + (baseEventFactor(e, d) - 1) * scale;
      }
    }
    return f;
  });
}

/** True for each day inside any event window (promotions of their own avoid these). */
export function eventMask(events: EventWindow[], first: number, days: number): Uint8Array {
  const m = new Uint8Array(days);
  for (const e of events) for (let d = Math.max(e.start, first); d <= Math.min(e.end, first + days - 1); d++) m[d - first] = 1;
  return m;
}
