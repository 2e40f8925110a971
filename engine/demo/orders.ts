/** Groups the simulated sales into customers' orders and writes orders and order lines (daily_sales follows by trigger). */
import type Database from 'better-sqlite3';
import type { DemoCustomer } from './customers';
import { dateOf, timestamp } from './dates';
import { Rng } from './rng';
import type { SimResult } from './simulate';

/** An order kept in memory for the browsing and chat phases. */
export interface DemoOrder {
  id: number;
  orderNo: string;
  day: number;
  /** Seconds after midnight UTC. */
  sec: number;
  customer: number;
  channel: string;
  products: number[];
}

/** Order-time weights per UTC hour (Beijing evening = 12–15 UTC is the peak). */
const HOUR_WEIGHTS = [0.5, 0.8, 1, 1, 1.1, 0.9, 1, 1, 1, 1, 0.9, 1.1, 1.4, 1.6, 1.7, 1.3, 0.8, 0.4, 0.2, 0.1, 0.1, 0.1, 0.15, 0.3];
const CHANNELS = ['taobao', 'jd', 'wechat', 'douyin', 'shopify'];
const CHANNEL_WEIGHTS = [45, 20, 15, 10, 10];
/** Lines per order: 1 (84 %), 2 (12 %), 3 (4 %) → 1.2 on average. */
const BASKET_WEIGHTS = [0, 0.84, 0.12, 0.04];

/** Writes every order with its lines; returns the orders of the last `keepDays` days. */
export function writeOrders(
  db: Database.Database,
  seed: number,
  sim: SimResult,
  customers: DemoCustomer[],
  first: number,
  days: number,
  keepDays: number,
  tick: (day: number) => void,
): { orders: number; lines: number; recent: DemoOrder[] } {
  const rng = Rng.forPhase(seed, 'orders');
  const byDay: number[][] = Array.from({ length: days }, () => []);
  for (let i = 0; i < sim.lineDay.length; i++) byDay[sim.lineDay[i]].push(i);
  const insOrder = db.prepare('INSERT INTO orders (id, order_no, customer_id, channel, ordered_at, status, currency) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const insLine = db.prepare('INSERT INTO order_lines (order_id, line_no, product_id, quantity, unit_price, discount) VALUES (?, ?, ?, ?, ?, 0)');
  const recent: DemoOrder[] = [];
  let orderId = 0;
  let lineCount = 0;
  let avail = 0;
  const writeDay = (d: number): void => {
    while (avail < customers.length && customers[avail].signup <= d) avail++;
    const lines = rng.shuffle(byDay[d]);
    const baskets: { sec: number; lines: number[] }[] = [];
    for (let k = 0; k < lines.length; ) {
      const want = rng.weighted(BASKET_WEIGHTS);
      const basket = [lines[k++]];
      while (basket.length < want && k < lines.length && !basket.some((b) => sim.lineProduct[b] === sim.lineProduct[lines[k]])) basket.push(lines[k++]);
      baskets.push({ sec: rng.weighted(HOUR_WEIGHTS) * 3600 + rng.int(3600), lines: basket });
    }
    baskets.sort((a, b) => a.sec - b.sec);
    const ymd = dateOf(first + d).replace(/-/g, '');
    baskets.forEach((b, seq) => {
      orderId++;
      // Regulars who signed up long ago order more often than newcomers.
      const customer = customers[Math.min(Math.max(avail, 1) - 1, Math.floor(Math.max(avail, 1) * Math.pow(rng.next(), 1.5)))].id;
      const channel = CHANNELS[rng.weighted(CHANNEL_WEIGHTS)];
      const orderNo = `DM${ymd}${String(seq + 1).padStart(5, '0')}`;
      insOrder.run(orderId, orderNo, customer, channel, timestamp(first + d, b.sec), rng.chance(0.02) ? 'returned' : 'completed', 'CNY');
      b.lines.forEach((li, n) => {
        insLine.run(orderId, n + 1, sim.lineProduct[li] + 1, sim.lineQty[li], sim.linePrice[li]);
        lineCount++;
      });
      if (d >= days - keepDays) recent.push({ id: orderId, orderNo, day: d, sec: b.sec, customer, channel, products: b.lines.map((li) => sim.lineProduct[li]) });
    });
    tick(d);
  };
  // A week per transaction keeps the write lock short, so the app stays responsive while the demo fills.
  const writeWeek = db.transaction((from: number) => {
    for (let d = from; d < Math.min(days, from + 7); d++) writeDay(d);
  });
  for (let d = 0; d < days; d += 7) writeWeek(d);
  return { orders: orderId, lines: lineCount, recent };
}

/** Marks the days each SKU started with nothing on hand (censored demand): they sold nothing. */
export function markStockouts(db: Database.Database, sim: SimResult, first: number): number {
  const up = db.prepare(
    `INSERT INTO daily_sales (product_id, date, units, revenue, order_count, stockout, source) VALUES (?, ?, 0, 0, 0, 1, 'orders')
     ON CONFLICT (product_id, date) DO UPDATE SET stockout = 1`,
  );
  for (const [pi, d] of sim.stockouts) up.run(pi + 1, dateOf(first + d));
  return sim.stockouts.length;
}
