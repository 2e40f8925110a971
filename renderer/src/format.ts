/** Numbers, money, percentages and dates formatted for the UI language (Intl). */
import { useTranslation } from 'react-i18next';
import { useMemo } from 'react';

/** Formatters for the current language. */
export interface Formatters {
  num(v: number | null | undefined, digits?: number): string;
  money(v: number | null | undefined, currency?: string): string;
  pct(v: number | null | undefined, digits?: number): string;
  date(iso: string | null | undefined): string;
  shortDate(iso: string): string;
  bytes(n: number): string;
}

/** Formatting functions bound to the UI language. */
export function useFormat(): Formatters {
  const { i18n } = useTranslation();
  const locale = i18n.language === 'zh' ? 'zh-CN' : 'en-US';
  return useMemo(() => {
    const dash = '—';
    const day = (iso: string): Date => new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
    const dateFmt = new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });
    const shortFmt = new Intl.DateTimeFormat(locale, { month: 'numeric', day: 'numeric', timeZone: 'UTC' });
    return {
      num: (v, digits = 0) => (v === null || v === undefined || !Number.isFinite(v) ? dash : new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(v)),
      money: (v, currency = 'CNY') =>
        v === null || v === undefined || !Number.isFinite(v) ? dash : new Intl.NumberFormat(locale, { style: 'currency', currency, maximumFractionDigits: Math.abs(v) >= 1000 ? 0 : 2 }).format(v),
      pct: (v, digits = 1) => (v === null || v === undefined || !Number.isFinite(v) ? dash : new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: digits }).format(v / 100)),
      date: (iso) => (iso ? dateFmt.format(day(iso)) : dash),
      shortDate: (iso) => shortFmt.format(day(iso)),
      bytes: (n) => {
        const units = ['B', 'KB', 'MB', 'GB'];
        let v = n;
        let u = 0;
        while (v >= 1024 && u < units.length - 1) {
          v /= 1024;
          u++;
        }
        return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(v)} ${units[u]}`;
      },
    };
  }, [locale]);
}

/** A product's title in the UI language, falling back to the other language, then the SKU. */
export function productTitle(lang: string, zh: string | null, en: string | null, sku?: string): string {
  return (lang === 'zh' ? (zh ?? en) : (en ?? zh)) ?? sku ?? '';
}
