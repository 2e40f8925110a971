/** Turns a SKU's history into regression rows: level choice, weekly aggregation, control columns. */
import type { ElasticityOptions, PriceObs, PriceSeries } from './elasticity-types';

/** Time level of the fitted rows. */
export type Level = 'daily' | 'weekly' | 'monthly' | 'rows';

/** The matrix one SKU is fitted on. */
export interface Design {
  level: Level;
  x: number[][];
  y: number[];
  /** log exposure (in-stock days of a week), for the Poisson offset. */
  offset: number[];
  /** Column names; column 1 is always 'log_price'. */
  names: string[];
  /** Prices of the raw observations (before aggregation), for the variation checks. */
  rawPrices: number[];
}

const DAY = 86_400_000;

function dayNumber(date: string): number {
  return Math.floor(Date.parse(`${date.slice(0, 10)}T00:00:00Z`) / DAY);
}

function detectLevel(days: number[]): Level {
  if (days.length < 2) return 'rows';
  const gaps: number[] = [];
  for (let i = 1; i < days.length; i++) if (days[i] > days[i - 1]) gaps.push(days[i] - days[i - 1]);
  if (!gaps.length) return 'rows';
  gaps.sort((a, b) => a - b);
  const g = gaps[Math.floor(gaps.length / 2)];
  return g <= 1.5 ? 'daily' : g <= 8 ? 'weekly' : g <= 35 ? 'monthly' : 'rows';
}

interface Row {
  day: number | null;
  units: number;
  price: number;
  promo: number;
  comp: number | null;
  list: number;
  controls: number[];
  exposure: number;
}

function toWeeks(rows: Row[]): Row[] {
  const weeks = new Map<number, Row[]>();
  for (const r of rows) {
    // Weeks start on Monday: day 0 (1970-01-01) was a Thursday.
    const wk = Math.floor(((r.day ?? 0) + 3) / 7);
    const list = weeks.get(wk) ?? [];
    list.push(r);
    weeks.set(wk, list);
  }
  const out: Row[] = [];
  for (const [wk, list] of [...weeks.entries()].sort((a, b) => a[0] - b[0])) {
    const units = list.reduce((s, r) => s + r.units, 0);
    const mean = (f: (r: Row) => number): number => list.reduce((s, r) => s + f(r), 0) / list.length;
    const price = units > 0 ? list.reduce((s, r) => s + r.units * r.price, 0) / units : mean((r) => r.price);
    const comps = list.filter((r) => r.comp !== null);
    out.push({
      day: wk * 7 - 3,
      units,
      price,
      promo: mean((r) => r.promo),
      comp: comps.length ? comps.reduce((s, r) => s + (r.comp ?? 0), 0) / comps.length : null,
      list: mean((r) => r.list),
      controls: list[0].controls.map((_, j) => mean((r) => r.controls[j])),
      exposure: list.length,
    });
  }
  return out;
}

function usable(o: PriceObs): boolean {
  return !o.stockout && Number.isFinite(o.units) && o.units >= 0 && Number.isFinite(o.price) && o.price > 0;
}

/** Builds the regression rows of one series; `useControls` false gives intercept + log price only. */
export function buildDesign(s: PriceSeries, opts: ElasticityOptions): Design {
  const obs = s.obs.filter(usable);
  const dated = obs.length > 0 && obs.every((o) => typeof o.date === 'string' && !Number.isNaN(Date.parse(o.date)));
  let rows: Row[] = obs.map((o) => ({
    day: dated ? dayNumber(o.date as string) : null,
    units: o.units,
    price: o.price,
    promo: o.promo ?? 0,
    comp: o.compPrice != null && o.compPrice > 0 ? o.compPrice : null,
    list: o.listPrice != null && o.listPrice > 0 ? o.listPrice : o.price,
    controls: o.controls ?? [],
    exposure: 1,
  }));
  if (dated) rows.sort((a, b) => (a.day ?? 0) - (b.day ?? 0));
  let level = dated ? detectLevel(rows.map((r) => r.day ?? 0)) : 'rows';
  if (level === 'daily') {
    const perDay = rows.reduce((t, r) => t + r.units, 0) / Math.max(1, rows.length);
    if (perDay < opts.weeklyBelowUnitsPerDay) {
      rows = toWeeks(rows);
      level = 'weekly';
    }
  }
  const names = ['intercept', 'log_price'];
  const cols: ((r: Row) => number)[] = [() => 1, (r) => Math.log(r.price)];
  if (opts.useControls) {
    cols.push((r) => r.promo);
    names.push('promo');
    const gaps = rows.filter((r) => r.comp !== null).map((r) => Math.log(r.list / (r.comp as number)));
    if (gaps.length) {
      // The competitor gap log(own list / competitor): the log_price coefficient is then the
      // own-price elasticity at a fixed gap to competitors (rows without a competitor price get the mean gap).
      const meanGap = gaps.reduce((a, b) => a + b, 0) / gaps.length;
      cols.push((r) => (r.comp !== null ? Math.log(r.list / r.comp) : meanGap));
      names.push('competitor_gap');
    }
    // Extra controls come before calendar terms: columns are dropped from the end when data is short.
    opts.controlNames.forEach((name, j) => {
      cols.push((r) => r.controls[j] ?? 0);
      names.push(name);
    });
    const days = rows.map((r) => r.day ?? 0);
    const span = dated ? days[days.length - 1] - days[0] : 0;
    if (dated && span >= 90) {
      cols.push((r) => ((r.day ?? 0) - days[0]) / 365.25);
      names.push('trend');
    }
    const harmonics = level === 'monthly' ? 1 : 2;
    if (dated && span >= 300) {
      for (let h = 1; h <= harmonics; h++) {
        cols.push((r) => Math.sin((2 * Math.PI * h * (r.day ?? 0)) / 365.25), (r) => Math.cos((2 * Math.PI * h * (r.day ?? 0)) / 365.25));
        names.push(`season_sin${h}`, `season_cos${h}`);
      }
    }
    if (level === 'daily') {
      for (let d = 1; d < 7; d++) {
        cols.push((r) => ((((r.day ?? 0) + 3) % 7) === d ? 1 : 0));
        names.push(`dow${d}`);
      }
    }
  }
  let x = rows.map((r) => cols.map((f) => f(r)));
  // Drop controls that never vary (they would make the system singular).
  const keep = names.map((_, j) => j < 2 || x.some((row) => row[j] !== x[0][j]));
  x = x.map((row) => row.filter((_, j) => keep[j]));
  return {
    level,
    x,
    y: rows.map((r) => r.units),
    offset: rows.map((r) => Math.log(r.exposure)),
    names: names.filter((_, j) => keep[j]),
    rawPrices: obs.map((o) => o.price),
  };
}
