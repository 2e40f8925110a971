/** The demo store generator: a seeded, deterministic shop with 2.5 years of orders and the truth behind them. */
import type Database from 'better-sqlite3';
import { EngineError } from '../errors';
import { tr, type Lang } from '../i18n';
import { writeBrowsing } from './browsing';
import { eventFactors, eventMask, eventsBetween } from './calendar';
import { wipeDemo } from './cleanup';
import { writeChats } from './chats';
import { generateCustomers } from './customers';
import { dateOf, dayNumber, timestamp } from './dates';
import { renderImages } from './images';
import { demoMessages } from './messages';
import { markStockouts, writeOrders } from './orders';
import type { DemoParams } from './params';
import { generatePrices } from './prices';
import { generateProducts, MEAN_BASE } from './products';
import { generateSignals } from './signals';
import { simulate } from './simulate';
import { writeTruth } from './truth';
import { addBundledPhotos } from '../tryon/bundled';
import { renderTryonExtras, TRYON_EXTRAS_MIN_SKUS, writeTryonExtras } from './tryon-extras';
import { segmentCustomers, writeCalendar, writeCompetitors, writeCustomers, writeImages, writeInventory, writePrices, writeProducts, writeSignals } from './writers';

/** What a generation reports back to its caller. */
export interface GenerateHooks {
  lang: Lang;
  progress(done: number, total: number, phase: string): void;
  checkCancelled(): void;
  isCancelled(): boolean;
}

/** Summary of a generated demo store. */
export interface DemoSummary {
  params: DemoParams;
  firstDay: string;
  lastDay: string;
  counts: Record<string, number>;
  /** Share of SKU-days (after launch) that were out of stock. */
  stockoutShare: number;
  /** Share of demanded units that could not be sold because stock ran out. */
  lostDemandShare: number;
}

/** Progress weight of each phase (sums to 100). */
const PHASES = { products: 2, images: 14, calendar: 1, demand: 12, orders: 38, inventory: 4, competitors: 6, signals: 2, browsing: 17, chats: 2, truth: 2 } as const;
type Phase = keyof typeof PHASES;

/** Fills an empty, migrated store with the demo shop; on failure or cancellation the store is left empty again. */
export async function generateDemo(db: Database.Database, params: DemoParams, hooks: GenerateHooks): Promise<DemoSummary> {
  const count = (db.prepare('SELECT count(*) AS n FROM products').get() as { n: number }).n;
  if (count > 0) throw new EngineError('user_error', tr(demoMessages, hooks.lang, 'notEmpty', { path: db.name, count }), { count });
  const { seed, skus, days } = params;
  const last = dayNumber(params.end);
  const first = last - days + 1;
  let done = 0;
  const order = Object.keys(PHASES) as Phase[];
  const step = (phase: Phase, frac: number): void => {
    const before = order.slice(0, order.indexOf(phase)).reduce((a, p) => a + PHASES[p], 0);
    // Progress only moves forward, whatever order the writes happen in.
    done = Math.max(done, before + PHASES[phase] * Math.min(1, frac));
    hooks.progress(Math.round(done * 10) / 10, 100, phase);
  };

  step('products', 0);
  const products = generateProducts(seed, skus, days);
  step('images', 0);
  const images = await renderImages(products, (n) => step('images', n / skus), hooks.isCancelled);
  hooks.checkCancelled();
  step('calendar', 0);
  const events = eventsBetween(first, last);
  const evf = eventFactors(events, first, days);
  const sig = generateSignals(seed, first, days);
  const world = generatePrices(seed, products, events, eventMask(events, first, days), first, days);
  step('demand', 0);
  const sim = simulate(seed, products, first, days, world, sig, evf, (i) => {
    if (i % 20 === 0) {
      hooks.checkCancelled();
      step('demand', i / skus);
    }
  });
  // About 5k customers for the default shop; fewer for small ones.
  const customers = generateCustomers(seed, Math.max(50, Math.min(5000, Math.round(sim.lineDay.length / 45))), days);
  const browseDays = Math.min(days, 150);
  const counts: Record<string, number> = {};

  const tx = (fn: () => void): void => db.transaction(fn)();
  try {
    // Short transactions per phase (orders a week at a time): the app's own writes never wait long for the lock.
    tx(() => {
      writeProducts(db, products, world, first, days);
      writeImages(db, images, products, first);
      // The calendar also holds the coming year's events: a shop plans for Double 11 before it comes, and the forecasts
      // lift those days (engine/forecast/calendar-effects.ts). Demand above uses the events inside the history only.
      writeCalendar(db, eventsBetween(first, last + 365));
      writePrices(db, products, world, first, days);
      writeCustomers(db, customers, first);
    });
    step('orders', 0);
    const o = writeOrders(db, seed, sim, customers, first, days, browseDays, (d) => {
      if (d % 7 === 0) {
        hooks.checkCancelled();
        step('orders', d / days);
      }
    });
    tx(() => {
      segmentCustomers(db, params.end);
      markStockouts(db, sim, first);
    });
    step('inventory', 0);
    tx(() => writeInventory(db, sim, first));
    hooks.checkCancelled();
    step('competitors', 0);
    writeCompetitors(db, products, world, first);
    step('signals', 0);
    tx(() => writeSignals(db, sig, first, days));
    hooks.checkCancelled();
    step('browsing', 0);
    writeBrowsing(db, seed, products, customers, o.recent, first, days, browseDays, (k, total) => {
      hooks.checkCancelled();
      step('browsing', k / Math.max(1, total));
    });
    step('chats', 0);
    tx(() => {
      writeChats(db, seed, products, customers, o.recent, first, days, Math.max(8, Math.min(40, Math.round(o.orders / 100))));
      step('truth', 0);
      writeTruth(db, products, { ...params, firstDay: first, meanBase: MEAN_BASE, generator: 'merchant-desk demo v1' });
    });
    // Try-on model photos bundled with the app (no random draws: the seeded catalogue is unchanged).
    tx(() => addBundledPhotos(db, timestamp(first + days - 1, 12 * 3600)));
    // A watch, a bracelet and a hat for try-on, after everything seeded (new arrivals, no draws), in stores big enough.
    if (skus >= TRYON_EXTRAS_MIN_SKUS) {
      const extras = await renderTryonExtras();
      tx(() => writeTryonExtras(db, extras, timestamp(first + days - 1, 12 * 3600)));
    }
  } catch (e) {
    // Cancelled or failed: take back what was committed so the store is empty again.
    wipeDemo(db);
    throw e;
  }
  for (const t of ['products', 'images', 'customers', 'orders', 'order_lines', 'daily_sales', 'inventory', 'promotions', 'price_history', 'calendar_events', 'competitor_prices', 'signals', 'browsing_events', 'conversations', 'messages', 'kb_articles', 'demo_truth']) {
    counts[t] = (db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n;
  }
  step('truth', 1);
  const onSale = products.reduce((a, p) => a + (days - p.launchDay), 0);
  return {
    params,
    firstDay: dateOf(first),
    lastDay: params.end,
    counts,
    stockoutShare: sim.stockouts.length / Math.max(1, onSale),
    lostDemandShare: 1 - sim.soldUnits / Math.max(1, sim.demandUnits),
  };
}
