/**
 * A forecast run's warnings (sales data that end weeks ago, a saved neural model that could not be used): worded in
 * both languages when the run ends, kept with its job's result, and read back for the Planning screen in the caller's.
 */
import type Database from 'better-sqlite3';
import type { DamagedArtefact } from '../fs/damaged';
import { dayText, tr, type Lang } from '../i18n';
import { forecastFreshness, type ForecastFreshness } from '../planning/freshness';
import { daysBetween, today } from './dates';
import { forecastCatalog } from './messages';

/** History that ended more days ago than this makes a forecast whose first days are already past. */
export const STALE_AFTER_DAYS = 3;

/** One warning as a forecast run's result keeps it: `message` in the run's language, and both. */
export interface StoredForecastWarning {
  code: string;
  what: string;
  category: string | null;
  path: string;
  message: string;
  messageEn: string;
  messageZh: string;
  /** For `stale_history`: the last day of sales and the horizon, so the days are counted again when read. */
  end?: string;
  horizon?: number;
}

/** A warning as a client sees it, in its language. */
export type ForecastWarning = Omit<StoredForecastWarning, 'messageEn' | 'messageZh'>;

function staleText(lang: Lang, end: string, horizon: number, ago: number): string {
  // The forecast starts the day after `end`: ago − 1 of its days are past, every one of them once that reaches the horizon.
  const past = ago - 1;
  // The day as the screen writes dates beside it ("Oct 20, 2026", "2026年10月20日"), not the stored 2026-10-20.
  return tr(forecastCatalog, lang, past >= horizon ? 'stale.historyAll' : 'stale.history', { end: dayText(end, lang), days: ago, past, horizon });
}

/** The warning for sales data that end `ago` days before today, or null while they are recent. */
export function staleHistoryWarning(end: string, horizon: number, lang: Lang, now = today()): StoredForecastWarning | null {
  const ago = daysBetween(end, now);
  if (ago <= STALE_AFTER_DAYS) return null;
  const en = staleText('en', end, horizon, ago);
  const zh = staleText('zh', end, horizon, ago);
  return { code: 'stale_history', what: 'sales', category: null, path: '', message: lang === 'zh' ? zh : en, messageEn: en, messageZh: zh, end, horizon };
}

/** A damaged artefact the run ignored, as a stored warning. */
export function artefactWarning(d: DamagedArtefact, lang: Lang): StoredForecastWarning {
  return { code: d.code, what: d.what, category: d.category, path: d.path, message: lang === 'zh' ? d.message_zh : d.message_en, messageEn: d.message_en, messageZh: d.message_zh };
}

/**
 * The latest forecast run (when, on history to which day, for how many SKUs), its warnings in `lang` (days counted to
 * today) and whether the stored forecast is older than the sales now (`freshness`, null without a stored forecast).
 */
export function latestForecastWarnings(db: Database.Database, lang: Lang): { run: { id: string; model: string; historyEnd: string | null; skus: number; createdAt: string } | null; warnings: ForecastWarning[]; freshness: ForecastFreshness | null } {
  const run = db
    .prepare(
      `SELECT r.id, r.model, r.history_end AS historyEnd, r.sku_count AS skus, r.created_at AS createdAt, j.result FROM forecast_runs r LEFT JOIN jobs j ON j.id = r.job_id
        WHERE r.kind = 'forecast' ORDER BY r.created_at DESC, r.rowid DESC LIMIT 1`,
    )
    .get() as { id: string; model: string; historyEnd: string | null; skus: number; createdAt: string; result: string | null } | undefined;
  const freshness = forecastFreshness(db);
  if (!run) return { run: null, warnings: [], freshness };
  const { result, ...info } = run;
  let stored: Partial<StoredForecastWarning>[] = [];
  try {
    const r = result ? (JSON.parse(result) as { warnings?: unknown }) : null;
    if (Array.isArray(r?.warnings)) stored = r.warnings as Partial<StoredForecastWarning>[];
  } catch {
    // A result that is not JSON holds no warnings to show.
  }
  const warnings: ForecastWarning[] = [];
  for (const w of stored) {
    if (typeof w.code !== 'string') continue;
    // Stale sales: counted again today (the run's "N days ago" grows older with it).
    if (w.code === 'stale_history' && typeof w.end === 'string') {
      // Sales imported since end later: the note no longer holds, and the out-of-date forecast is said instead (freshness).
      if (freshness?.salesEnd && freshness.salesEnd > w.end) continue;
      const again = staleHistoryWarning(w.end, w.horizon ?? 28, lang);
      if (again) warnings.push(strip(again));
      continue;
    }
    // Runs before the warnings kept both languages have only the run's own wording.
    const message = (lang === 'zh' ? w.messageZh : w.messageEn) ?? w.message ?? '';
    warnings.push(strip({ code: w.code, what: w.what ?? '', category: w.category ?? null, path: w.path ?? '', message, messageEn: '', messageZh: '' }));
  }
  return { run: info, warnings, freshness };
}

function strip(w: StoredForecastWarning): ForecastWarning {
  const { messageEn: _en, messageZh: _zh, ...rest } = w;
  return rest;
}
