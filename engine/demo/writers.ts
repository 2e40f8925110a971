/** Inserts of the demo's catalogue, calendar, prices, signals, competitors, stock and customers (prepared, bound). */
import type Database from 'better-sqlite3';
import { EVENT_INFO, type EventWindow } from './calendar';
import { CATEGORIES } from './categories';
import { signupTimestamp, type DemoCustomer } from './customers';
import { dateOf, timestamp } from './dates';
import { IMAGE_SIZE, type DemoImage } from './images';
import { minPrice, promoName, type PriceWorld } from './prices';
import { shopPrice, type DemoProduct } from './products';
import { CITY, type SignalSeries } from './signals';
import type { SimResult } from './simulate';

/** Products with their current list price, guardrails, supplier terms, attributes and image ids. */
export function writeProducts(db: Database.Database, products: DemoProduct[], world: PriceWorld, first: number, days: number): void {
  const ins = db.prepare(`INSERT INTO products (id, sku, parent_sku, title_zh, title_en, category, brand, cost, price, currency, min_price, max_price,
    map_price, supplier, lead_time_days, lead_time_sd, moq, case_pack, barcode, images, attributes, status, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'CNY', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'active', ?, ?)`);
  const updated = timestamp(first + days - 1, 20 * 3600);
  products.forEach((p, i) => {
    const attributes = {
      type: p.subtype.en, type_zh: p.subtype.zh, colour: p.colour.en, colour_zh: p.colour.zh, colour_hex: p.colour.hex,
      material: p.material.en, material_zh: p.material.zh, ...(p.size ? { size: p.size } : {}),
    };
    ins.run(p.id, p.sku, p.parentSku, p.titleZh, p.titleEn, p.cat.code, p.brand, p.cost, world.paths[i].list[days - 1], minPrice(p),
      shopPrice(p.refPrice * 1.4), world.mapPrices[i], p.supplier.name, p.supplier.leadMean, p.supplier.leadSd, p.moq, p.casePack, p.barcode,
      JSON.stringify([p.id]), JSON.stringify(attributes), timestamp(first + p.launchDay - 21, 10 * 3600), updated);
  });
}

/**
 * Images: the catalogue picture of each product has the product's id; its further views follow all of those
 * (ids after the last product), and `products.images` lists them all, the catalogue picture first.
 */
export function writeImages(db: Database.Database, images: DemoImage[], products: DemoProduct[], first: number): void {
  const ins = db.prepare('INSERT INTO images (id, product_id, sha256, mime, width, height, bytes, source, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const setList = db.prepare('UPDATE products SET images = ? WHERE id = ?');
  let next = Math.max(0, ...products.map((p) => p.id));
  for (const im of images) {
    const p = products[im.productIndex];
    const at = timestamp(first + p.launchDay - 21, 11 * 3600);
    ins.run(p.id, p.id, im.sha256, 'image/png', IMAGE_SIZE, IMAGE_SIZE, im.png, 'demo', at);
    const ids = [p.id];
    for (const v of im.views) {
      ins.run(++next, p.id, v.sha256, 'image/jpeg', IMAGE_SIZE, IMAGE_SIZE, v.jpeg, 'demo', at);
      ids.push(next);
    }
    setList.run(JSON.stringify(ids), p.id);
  }
}

/** The retail event calendar. */
export function writeCalendar(db: Database.Database, events: EventWindow[]): void {
  const ins = db.prepare('INSERT INTO calendar_events (code, name_zh, name_en, start_date, end_date) VALUES (?, ?, ?, ?, ?)');
  for (const e of events) ins.run(e.code, EVENT_INFO[e.code].zh, EVENT_INFO[e.code].en, dateOf(e.start), dateOf(e.end));
}

/** Promotions and every price change (list changes, promotion starts and ends) in price_history. */
export function writePrices(db: Database.Database, products: DemoProduct[], world: PriceWorld, first: number, days: number): void {
  const insPromo = db.prepare('INSERT INTO promotions (id, name, name_zh, name_en, product_id, category, start_date, end_date, discount_pct, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  world.promos.forEach((pr, i) => {
    const p = products[pr.productIndex];
    insPromo.run(i + 1, promoName(pr), pr.nameZh, pr.nameEn, p.id, p.cat.code, dateOf(first + pr.start), dateOf(first + pr.end), pr.discountPct, 'demo');
  });
  const insHist = db.prepare("INSERT INTO price_history (product_id, effective_at, price, source, note) VALUES (?, ?, ?, 'demo', ?)");
  products.forEach((p, i) => {
    const path = world.paths[i];
    for (let d = p.launchDay; d < days; d++) {
      if (d > p.launchDay && path.price[d] === path.price[d - 1]) continue;
      const promo = path.promo[d] >= 0 ? world.promos[path.promo[d]] : null;
      const wasPromo = d > p.launchDay && path.promo[d - 1] >= 0;
      const note = d === p.launchDay ? 'list price' : promo && path.promo[d - 1] !== path.promo[d] ? promoName(promo) : !promo && wasPromo ? 'promotion ended' : 'list price change';
      insHist.run(p.id, dateOf(first + d), path.price[d], note);
    }
  });
}

/** Daily weather and per-category sentiment. */
export function writeSignals(db: Database.Database, sig: SignalSeries, first: number, days: number): void {
  const ins = db.prepare('INSERT INTO signals (date, kind, key, value, label) VALUES (?, ?, ?, ?, ?)');
  const city = `${CITY.zh} ${CITY.en}`;
  for (let d = 0; d < days; d++) {
    const date = dateOf(first + d);
    ins.run(date, 'weather', 'temp_c', sig.tempC[d], city);
    ins.run(date, 'weather', 'rain_mm', sig.rainMm[d], city);
    CATEGORIES.forEach((c, ci) => ins.run(date, 'sentiment', `category:${c.code}`, sig.sentiment[ci][d], `${c.zh} ${c.en}`));
  }
}

/** Weekly competitor prices. */
export function writeCompetitors(db: Database.Database, products: DemoProduct[], world: PriceWorld, first: number): void {
  const ins = db.prepare('INSERT INTO competitor_prices (product_id, competitor, date, price, in_stock, url) VALUES (?, ?, ?, ?, ?, NULL)');
  const batch = db.transaction((from: number) => {
    for (const c of world.comps.slice(from, from + 10_000)) ins.run(products[c.productIndex].id, c.competitor, dateOf(first + c.day), c.price, c.inStock);
  });
  for (let k = 0; k < world.comps.length; k += 10_000) batch(k);
}

/** The warehouse and weekly stock snapshots per SKU. */
export function writeInventory(db: Database.Database, sim: SimResult, first: number): void {
  db.prepare("INSERT INTO locations (id, code, name) VALUES (1, 'MAIN', '上海主仓 Shanghai main warehouse')").run();
  const ins = db.prepare('INSERT INTO inventory (product_id, location_id, date, on_hand, on_order) VALUES (?, 1, ?, ?, ?)');
  for (const s of sim.snapshots) ins.run(s.productIndex + 1, dateOf(first + s.day), s.onHand, s.onOrder);
}

/** Customers (their segment is set once their orders are written). */
export function writeCustomers(db: Database.Database, customers: DemoCustomer[], first: number): void {
  const ins = db.prepare('INSERT INTO customers (id, external_id, name, email, city, segment, created_at) VALUES (?, ?, ?, ?, ?, NULL, ?)');
  for (const c of customers) ins.run(c.id, c.externalId, c.name, c.email, c.city, signupTimestamp(c, first));
}

/** Segments customers: vip (top 10 % by orders), new (signed up in the last 90 days), else regular. */
export function segmentCustomers(db: Database.Database, lastDate: string): void {
  db.prepare(`UPDATE customers SET segment = CASE
      WHEN k.pr >= 0.9 THEN 'vip' WHEN customers.created_at >= date(?, '-90 days') THEN 'new' ELSE 'regular' END
    FROM (SELECT c.id AS cid, percent_rank() OVER (ORDER BY count(o.id), c.id) AS pr
          FROM customers c LEFT JOIN orders o ON o.customer_id = c.id GROUP BY c.id) AS k
    WHERE customers.id = k.cid`).run(lastDate);
}
