/** A store's demand series as the statistical models read them: the daily history plus its known calendar (events, planned promotions). */
import type Database from 'better-sqlite3';
import { loadCalendarRows, loadDemand, type DemandItem } from '../db/queries/forecast';
import { attachCalendar } from './calendar-effects';

/** loadDemand, with each series' special days and the catalogue's uplift factors attached (see calendar-effects.ts). */
export function loadStoreDemand(db: Database.Database, opts: { productIds?: number[]; maxDays?: number } = {}): { end: string | null; items: DemandItem[] } {
  const { end, items } = loadDemand(db, opts);
  if (!end || !items.length) return { end, items };
  const { events, promos } = loadCalendarRows(db);
  const series = attachCalendar(
    items.map((it) => it.series),
    items.map((it) => it.productId),
    events,
    promos,
    end,
  );
  return { end, items: items.map((it, i) => ({ ...it, series: series[i] })) };
}
