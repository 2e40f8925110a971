/** Date and timestamp parsing for imports: ISO, y/m/d, d/m/y, m/d/y, 2024年3月5日 and Excel serial numbers. */

/** How the dates of a column are written. */
export type DateFormat = 'iso' | 'ymd' | 'dmy' | 'mdy' | 'excel';

/** All date formats, for flags and schemas. */
export const DATE_FORMATS: readonly DateFormat[] = ['iso', 'ymd', 'dmy', 'mdy', 'excel'];

const TIME = String.raw`(?:[T ]+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?`;
const YMD = new RegExp(String.raw`^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?` + TIME + '$');
const XY_Y = new RegExp(String.raw`^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})` + TIME + '$');
const SERIAL = /^\d{5}(?:\.\d+)?$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

const DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function validYmd(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1 || d > DAYS[m - 1] || y < 1900 || y > 2200) return false;
  if (m === 2 && d === 29) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return true;
}

function build(y: number, m: number, d: number, hh: string | undefined, mi: string | undefined, ss: string | undefined, tz: string | undefined, withTime: boolean): string | null {
  if (!validYmd(y, m, d)) return null;
  const date = `${y}-${pad(m)}-${pad(d)}`;
  if (!withTime) return date;
  const h = hh ? Number(hh) : 0;
  const min = mi ? Number(mi) : 0;
  const s = ss ? Number(ss) : 0;
  if (h > 23 || min > 59 || s > 59) return null;
  if (!tz) return `${date}T${pad(h)}:${pad(min)}:${pad(s)}`;
  let offsetMin = 0;
  if (tz !== 'Z') {
    const sign = tz[0] === '-' ? -1 : 1;
    const digits = tz.slice(1).replace(':', '');
    offsetMin = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2)));
  }
  const ms = Date.UTC(y, m - 1, d, h, min, s) - offsetMin * 60_000;
  return new Date(ms).toISOString().slice(0, 19) + 'Z';
}

function fromSerial(text: string, withTime: boolean): string | null {
  const v = Number(text);
  if (!(v >= 20_000 && v < 80_000)) return null;
  // Excel's day 0 is 1899-12-30 once its 1900 leap-year bug is accounted for.
  const ms = Math.round((v - 25_569) * 86_400_000);
  const iso = new Date(ms).toISOString();
  return withTime ? iso.slice(0, 19) : iso.slice(0, 10);
}

/** Parses a date ('YYYY-MM-DD') or, with `withTime`, a timestamp ('YYYY-MM-DDTHH:MM:SS', 'Z' when a zone was given); null when invalid. */
export function parseDateValue(text: string, format: DateFormat | null, withTime = false): string | null {
  if (text.length === 10 && ISO_DATE.test(text)) {
    const y = Number(text.slice(0, 4));
    const m = Number(text.slice(5, 7));
    const d = Number(text.slice(8, 10));
    if (!validYmd(y, m, d)) return null;
    return withTime ? `${text}T00:00:00` : text;
  }
  // A serial in a column of written dates is still a date: a workbook's formula dates (=A2+7) arrive as their serial.
  if (format === 'excel' || SERIAL.test(text)) return fromSerial(text, withTime);
  if (format !== 'dmy' && format !== 'mdy') {
    const a = YMD.exec(text);
    if (a) return build(Number(a[1]), Number(a[2]), Number(a[3]), a[4], a[5], a[6], a[7], withTime);
    if (format === 'iso' || format === 'ymd') return null;
  }
  const b = XY_Y.exec(text);
  if (!b) return null;
  const first = Number(b[1]);
  const second = Number(b[2]);
  const dmy = format === 'dmy' || (format === null && first > 12);
  return dmy
    ? build(Number(b[3]), second, first, b[4], b[5], b[6], b[7], withTime)
    : build(Number(b[3]), first, second, b[4], b[5], b[6], b[7], withTime);
}

/** What a sample of a column's values says about its date format. */
export interface DateDetection {
  format: DateFormat | null;
  /** True when d/m/y and m/d/y could not be told apart (no day above 12 in the sample). */
  ambiguous: boolean;
}

/** Detects a column's date format from sample values: y-m-d, Excel serials, or d/m vs m/d by any part above 12. */
export function detectDateFormat(samples: readonly string[]): DateDetection {
  let ymd = 0;
  let xy = 0;
  let serial = 0;
  let firstOver12 = false;
  let secondOver12 = false;
  for (const s of samples) {
    if (YMD.test(s)) ymd++;
    else if (SERIAL.test(s)) serial++;
    else {
      const b = XY_Y.exec(s);
      if (b) {
        xy++;
        if (Number(b[1]) > 12) firstOver12 = true;
        if (Number(b[2]) > 12) secondOver12 = true;
      }
    }
  }
  if (ymd === 0 && xy === 0 && serial === 0) return { format: null, ambiguous: false };
  if (ymd >= xy && ymd >= serial) return { format: 'ymd', ambiguous: false };
  if (serial > xy) return { format: 'excel', ambiguous: false };
  if (firstOver12 && !secondOver12) return { format: 'dmy', ambiguous: false };
  if (secondOver12 && !firstOver12) return { format: 'mdy', ambiguous: false };
  // Nothing above 12 (or contradictory): day-first is the common form outside the US.
  return { format: 'dmy', ambiguous: true };
}
