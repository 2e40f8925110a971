/** Numbers, money, percentages and dates formatted for the UI language (Intl). */
import { useTranslation } from 'react-i18next';
import { useMemo } from 'react';

/** Formatters for the current language. */
export interface Formatters {
  num(v: number | null | undefined, digits?: number): string;
  /** Always `digits` decimals ("0.800", "12.0"): for table columns, where values are compared down the column. */
  fixed(v: number | null | undefined, digits: number): string;
  /** Days of cover with one decimal, '>3,650' beyond ten years (as `desk plan` prints it): a slow seller's 1,564,500 days is noise. */
  cover(v: number | null | undefined): string;
  /**
   * An amount: two decimals under 1,000 and none from there (a KPI or a sentence); `digits` fixes the decimals for a
   * table column, where amounts are compared down the column ('CN¥916.80' over 'CN¥3,982.40', not 'CN¥3,982').
   */
  money(v: number | null | undefined, currency?: string, digits?: number): string;
  /** A price to the currency's smallest unit ("CN¥1,234.56", "¥1,235" in JPY): money() drops the cents from 1,000 up. */
  price(v: number | null | undefined, currency?: string): string;
  /** Always `digits` decimals with a true minus sign ("12.0%", "−3.5%"). */
  pct(v: number | null | undefined, digits?: number): string;
  /** A change with its sign and `digits` decimals: "+0.3", "−2.1" (a true minus sign), or "0" when it rounds to nothing. */
  signed(v: number | null | undefined, digits?: number): string;
  date(iso: string | null | undefined): string;
  /** A moment as day and time in the reader's time zone ("Dec 6, 2026, 14:05", "2026年12月6日 14:05"). */
  dateTime(iso: string | null | undefined): string;
  shortDate(iso: string): string;
  bytes(n: number): string;
  /** A time taken: "4.2 s" under a minute, "13 min 4 s", "2 h 5 min" ("4.2 秒", "13 分 4 秒", "2 小时 5 分"). */
  duration(seconds: number | null | undefined): string;
}

/** Days of cover shown as a number up to ten years; more reads '>3,650'. */
const COVER_MAX_DAYS = 3650;

/** Formatting functions bound to the UI language. */
export function useFormat(): Formatters {
  const { t, i18n } = useTranslation();
  const locale = i18n.language === 'zh' ? 'zh-CN' : 'en-US';
  return useMemo(() => {
    const dash = '—';
    // Intl formatters are costly to build: one per option set, reused for every cell.
    const cache = new Map<string, Intl.NumberFormat>();
    const nf = (key: string, opts: Intl.NumberFormatOptions): Intl.NumberFormat => {
      let f = cache.get(key);
      if (!f) {
        f = new Intl.NumberFormat(locale, opts);
        cache.set(key, f);
      }
      return f;
    };
    const ok = (v: number | null | undefined): v is number => v !== null && v !== undefined && Number.isFinite(v);
    const day = (iso: string): Date => new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
    const dateFmt = new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });
    const dateTimeFmt = new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    const shortFmt = new Intl.DateTimeFormat(locale, { month: 'numeric', day: 'numeric', timeZone: 'UTC' });
    return {
      num: (v, digits = 0) => (ok(v) ? nf(`n${digits}`, { maximumFractionDigits: digits }).format(v) : dash),
      cover: (v) => (ok(v) && v > COVER_MAX_DAYS ? `>${nf('n0', { maximumFractionDigits: 0 }).format(COVER_MAX_DAYS)}` : ok(v) ? nf('n1', { maximumFractionDigits: 1 }).format(v) : dash),
      fixed: (v, digits) => (ok(v) ? nf(`f${digits}`, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(v) : dash),
      money: (v, currency = 'CNY', fixed) => {
        if (!ok(v)) return dash;
        const digits = fixed ?? (Math.abs(v) >= 1000 || v === 0 ? 0 : 2);
        return nf(`m${currency}${digits}`, { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits }).format(v);
      },
      price: (v, currency = 'CNY') => (ok(v) ? nf(`c${currency}`, { style: 'currency', currency }).format(v) : dash),
      // Percentages and changes keep their decimals ("5.0%" beside "4.7%", so a column reads evenly) and take a true
      // minus sign, as signed() always did ("−3.2%", not "-3.2%").
      pct: (v, digits = 1) => (ok(v) ? nf(`p${digits}`, { style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits }).format(v / 100).replace(/^-/, '−') : dash),
      signed: (v, digits = 1) => {
        if (!ok(v)) return dash;
        const r = Math.round(v * 10 ** digits) / 10 ** digits;
        const abs = nf(`f${digits}`, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(Math.abs(r));
        return r === 0 ? '0' : `${r > 0 ? '+' : '−'}${abs}`;
      },
      date: (iso) => (iso ? dateFmt.format(day(iso)) : dash),
      dateTime: (iso) => (iso && Number.isFinite(Date.parse(iso)) ? dateTimeFmt.format(new Date(iso)) : dash),
      shortDate: (iso) => shortFmt.format(day(iso)),
      bytes: (n) => {
        const units = ['B', 'KB', 'MB', 'GB'];
        let v = n;
        let u = 0;
        while (v >= 1024 && u < units.length - 1) {
          v /= 1024;
          u++;
        }
        return `${nf('n1', { maximumFractionDigits: 1 }).format(v)} ${units[u]}`;
      },
      duration: (v) => {
        if (!ok(v) || v < 0) return dash;
        if (v < 0.05) return t('common.durUnderTenth');
        if (v < 59.95) return t('common.durSeconds', { s: nf('f1', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(v) });
        const whole = Math.round(v);
        if (whole < 3600) return t('common.durMinutes', { m: Math.floor(whole / 60), s: whole % 60 });
        const minutes = Math.round(v / 60);
        return t('common.durHours', { h: Math.floor(minutes / 60), m: minutes % 60 });
      },
    };
  }, [locale, t]);
}

/** A product's title in the UI language, falling back to the other language, then the SKU. */
export function productTitle(lang: string, zh: string | null, en: string | null, sku?: string): string {
  return (lang === 'zh' ? (zh ?? en) : (en ?? zh)) ?? sku ?? '';
}
