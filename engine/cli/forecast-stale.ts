/** The lines `desk plan` and `desk forecast` print when the stored forecast is older than the sales (freshness.ts). */
import { dayText, tr, type Lang } from '../i18n';
import type { ForecastFreshness } from '../planning/freshness';
import { analysisCliMessages } from './analysis-messages';

/** What makes the forecast out of date, in the reader's language and with days as the CLI's sentences write them; none while it is current. */
export function staleForecastLines(f: ForecastFreshness | null, lang: Lang): string[] {
  if (!f?.stale) return [];
  const origin = dayText(f.origin, lang);
  const out: string[] = [];
  if (f.newerDays > 0 && f.salesEnd) out.push(tr(analysisCliMessages, lang, 'forecast_stale_newer', { origin, end: dayText(f.salesEnd, lang), days: f.newerDays }));
  if (f.uncovered > 0) out.push(tr(analysisCliMessages, lang, 'forecast_stale_uncovered', { origin, n: f.uncovered }));
  return out;
}
