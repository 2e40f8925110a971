/** The words' values for a forecast older than the sales (engine/planning/freshness.ts decides when it is). */
import type { OpResult } from '../../../engine/api/ops/index';
import type { Formatters } from '../format';

/** The stored forecast against the sales now, as the engine gives it (forecast.latest, dashboard.summary, planning.plan). */
export type ForecastFreshness = NonNullable<OpResult<'forecast.latest'>['freshness']>;

/** Why it is out of date: newer sales than its origin, else products with sales that it leaves out. */
export function staleReason(f: ForecastFreshness): 'newer' | 'uncovered' {
  return f.newerDays > 0 ? 'newer' : 'uncovered';
}

/** Its origin and the sales' end in the reader's date format, the count of newer days or left-out products (for plurals). */
export function staleParams(f: ForecastFreshness, fmt: Formatters): { origin: string; end: string; n: string; count: number } {
  const count = staleReason(f) === 'newer' ? f.newerDays : f.uncovered;
  return { origin: fmt.date(f.origin), end: fmt.date(f.salesEnd), n: fmt.num(count), count };
}
