/** Customers' browsing sessions (search, view, cart, purchase) that follow item similarity and recency. */
import type Database from 'better-sqlite3';
import type { DemoCustomer } from './customers';
import { timestamp } from './dates';
import type { DemoOrder } from './orders';
import type { DemoProduct } from './products';
import { Rng, WeightedSampler } from './rng';

const CHANNELS = ['app', 'web', 'mini_program'];

/** Writes browsing sessions for the recent orders (half of them) plus sessions that bought nothing; returns the event count. */
export function writeBrowsing(
  db: Database.Database,
  seed: number,
  products: DemoProduct[],
  customers: DemoCustomer[],
  recent: DemoOrder[],
  first: number,
  days: number,
  windowDays: number,
  tick: (done: number, total: number) => void,
): number {
  const rng = Rng.forPhase(seed, 'browsing');
  const ins = db.prepare('INSERT INTO browsing_events (customer_id, session_id, product_id, kind, query, ts, channel) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const byCat = new Map<string, number[]>();
  const byLook = new Map<string, number[]>();
  products.forEach((p, i) => {
    for (const [m, key] of [[byCat, p.cat.code], [byLook, `${p.cat.code}|${p.colour.en}`]] as const) {
      const list = m.get(key) ?? [];
      list.push(i);
      m.set(key, list);
    }
  });
  const popular = new WeightedSampler(products.map((p) => p.base));
  const recentViews = new Map<number, number[]>();
  const similar = (i: number, customer: number): number => {
    const p = products[i];
    const u = rng.next();
    if (u < 0.5) return rng.pick(byLook.get(`${p.cat.code}|${p.colour.en}`) ?? [i]);
    if (u < 0.8) return rng.pick(byCat.get(p.cat.code) ?? [i]);
    const mine = recentViews.get(customer);
    if (u < 0.9 && mine?.length) return rng.pick(mine);
    return popular.draw(rng);
  };
  const remember = (customer: number, i: number): void => {
    const mine = recentViews.get(customer) ?? [];
    mine.push(i);
    if (mine.length > 5) mine.shift();
    recentViews.set(customer, mine);
  };
  let sessions = 0;
  let events = 0;
  const emit = (sid: string, customer: number, product: number | null, kind: string, query: string | null, day: number, sec: number, channel: string): void => {
    ins.run(customer, sid, product === null ? null : product + 1, kind, query, timestamp(first + day, sec), channel);
    events++;
  };
  const searchText = (customer: number, i: number): string => {
    const p = products[i];
    return customers[customer - 1].zh ? `${p.colour.zh}${p.subtype.zh}` : `${p.colour.en.toLowerCase()} ${p.subtype.en.toLowerCase()}`;
  };
  const total = recent.length;
  const purchaseSession = (o: DemoOrder): void => {
    if (!rng.chance(0.5)) return;
    const sid = `S${String(++sessions).padStart(7, '0')}`;
    const channel = rng.pick(CHANNELS);
    const target = o.products[0];
    const views: number[] = [];
    let cur = target;
    for (let v = rng.poisson(1.5); v > 0; v--) views.push((cur = similar(cur, o.customer)));
    const search = rng.chance(0.35);
    const steps = (search ? 1 : 0) + views.length + 1 + o.products.length;
    const gaps = Array.from({ length: steps }, () => 15 + rng.int(90));
    let sec = o.sec - gaps.reduce((a, b) => a + b, 0);
    let g = 0;
    if (search) {
      emit(sid, o.customer, null, 'search', searchText(o.customer, target), o.day, sec, channel);
      sec += gaps[g++];
    }
    for (const v of views.reverse()) {
      emit(sid, o.customer, v, 'view', null, o.day, sec, channel);
      remember(o.customer, v);
      sec += gaps[g++];
    }
    emit(sid, o.customer, target, 'view', null, o.day, sec, channel);
    sec += gaps[g++];
    for (const pi of o.products) emit(sid, o.customer, pi, 'cart', null, o.day, sec++, channel);
    for (const pi of o.products) emit(sid, o.customer, pi, 'purchase', null, o.day, o.sec, channel);
    remember(o.customer, target);
  };
  // Short transactions (1,000 orders each) keep the write lock brief.
  const purchases = db.transaction((from: number) => {
    tick(from, total);
    for (let k = from; k < Math.min(total, from + 1000); k++) purchaseSession(recent[k]);
  });
  for (let k = 0; k < total; k += 1000) purchases(k);
  // Sessions that bought nothing: start from a recent view or a popular item and wander through similar ones.
  const idle = Math.round(sessions * 0.7);
  const start = days - windowDays;
  const signedUp = new Int32Array(windowDays);
  for (let d = 0, n = 0; d < windowDays; d++) {
    while (n < customers.length && customers[n].signup <= start + d) n++;
    signedUp[d] = n;
  }
  const idleSession = (): void => {
    const offset = rng.int(windowDays);
    const day = start + offset;
    const customer = 1 + rng.int(Math.max(1, signedUp[offset]));
    const sid = `S${String(++sessions).padStart(7, '0')}`;
    const channel = rng.pick(CHANNELS);
    let sec = 3600 * (1 + rng.int(16)) + rng.int(3600);
    const mine = recentViews.get(customer);
    let cur = mine?.length && rng.chance(0.3) ? rng.pick(mine) : popular.draw(rng);
    if (rng.chance(0.25)) emit(sid, customer, null, 'search', searchText(customer, cur), day, sec++, channel);
    for (let v = 1 + rng.poisson(2.5); v > 0; v--) {
      emit(sid, customer, cur, 'view', null, day, (sec += 10 + rng.int(80)), channel);
      remember(customer, cur);
      if (v > 1) cur = similar(cur, customer);
    }
    if (rng.chance(0.12)) emit(sid, customer, cur, 'cart', null, day, sec + 5, channel);
  };
  const idles = db.transaction((n: number) => {
    for (let k = 0; k < n; k++) idleSession();
  });
  for (let k = 0; k < idle; k += 1000) idles(Math.min(1000, idle - k));
  tick(total, total);
  return events;
}
