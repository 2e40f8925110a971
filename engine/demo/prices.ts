/** Price paths of the demo: list-price changes, promotions with real price cuts, and competitors' weekly prices. */
import { EVENT_INFO, type EventWindow } from './calendar';
import type { DemoProduct } from './products';
import { shopPrice } from './products';
import { Rng } from './rng';

/** One promotion of one SKU (day indexes are inclusive, 0 = first day of the data). */
export interface Promo {
  productIndex: number;
  /** The promotion's name in each language (the store's one `name` joins them: promoName). */
  nameZh: string;
  nameEn: string;
  start: number;
  end: number;
  discountPct: number;
  kind: 'event' | 'flash';
}

/** Daily prices of one SKU. */
export interface PricePath {
  list: Float64Array;
  /** What customers paid that day. */
  price: Float64Array;
  /** Index into the promotions array, or -1. */
  promo: Int32Array;
  /** Mean in-stock competitor price / own list price (from the latest weekly observation). */
  compRatio: Float64Array;
}

/** One weekly competitor price observation. */
export interface CompObs {
  productIndex: number;
  competitor: string;
  day: number;
  price: number;
  inStock: number;
}

/** The competitors the shop watches. */
export const COMPETITORS = ['Tmall · Lianhua Store 莲花旗舰店', 'JD · Youpin Mall 优品商城', 'Pinduoduo · Bargain Hub 拼省省', 'Douyin · Live Shop 抖店直播间'];
const FLASH_NAME = { nameZh: '限时折扣', nameEn: 'Flash sale' };
/** The one name a store has for a promotion (both languages), beside `name_zh` / `name_en`. */
export function promoName(p: Pick<Promo, 'nameZh' | 'nameEn'>): string {
  return `${p.nameZh} ${p.nameEn}`;
}
/** The floor a promotion may not go below: the minimum price, and MAP where set. */
export function priceFloor(p: DemoProduct, mapPrice: number | null): number {
  return Math.max(minPrice(p), mapPrice ?? 0);
}
/** Minimum price of a SKU (cost plus 15 %). */
export function minPrice(p: DemoProduct): number {
  return Math.ceil(p.cost * 1.15 * 100) / 100;
}

/** Everything priced: per-SKU paths, promotions and competitor observations. */
export interface PriceWorld {
  paths: PricePath[];
  promos: Promo[];
  comps: CompObs[];
  mapPrices: (number | null)[];
}

/** Draws list changes, promotions and competitor prices for every SKU over `days` days. */
export function generatePrices(seed: number, products: DemoProduct[], events: EventWindow[], mask: Uint8Array, first: number, days: number): PriceWorld {
  const rng = Rng.forPhase(seed, 'prices');
  const promos: Promo[] = [];
  const comps: CompObs[] = [];
  const mapPrices: (number | null)[] = [];
  const groups = new Map<string, { mapPrice: number | null; changes: Map<number, number> }>();
  const paths = products.map((p, pi) => {
    // Variants of one style share their MAP and list-price changes.
    const shared = p.parentSku ? groups.get(p.parentSku) : undefined;
    const mapPrice = shared ? shared.mapPrice : rng.chance(0.3) ? shopPrice(p.refPrice * 0.75) : null;
    mapPrices.push(mapPrice);
    const floor = priceFloor(p, mapPrice);
    const list = new Float64Array(days);
    const changes = shared?.changes ?? new Map<number, number>();
    if (!shared) {
      const nChanges = rng.poisson((days / 365) * 1.3);
      for (let k = 0; k < nChanges; k++) changes.set(14 + rng.int(Math.max(1, days - 14)), Math.min(1.2, Math.max(0.85, Math.exp(0.09 * rng.normal()))));
      if (p.parentSku) groups.set(p.parentSku, { mapPrice, changes });
    }
    let cur = p.refPrice;
    for (let d = 0; d < days; d++) {
      const f = changes.get(d);
      if (f !== undefined) cur = Math.max(shopPrice(cur * f), shopPrice(floor * 1.15));
      list[d] = cur;
    }
    const promo = new Int32Array(days).fill(-1);
    const addPromo = (pr: Promo): void => {
      for (let d = pr.start; d <= pr.end; d++) promo[d] = promos.length;
      promos.push(pr);
    };
    for (const e of events) {
      const part = e.code === '618' || e.code === 'double11' ? 0.55 : e.code === 'black_friday' ? 0.25 : 0;
      if (!rng.chance(part)) continue;
      const start = Math.max(e.start - first, p.launchDay);
      const end = Math.min(e.end - first, days - 1);
      if (start > end) continue;
      const discountPct = e.code === 'black_friday' ? rng.pick([15, 20, 25]) : rng.pick([10, 15, 20, 25, 30]);
      addPromo({ productIndex: pi, nameZh: EVENT_INFO[e.code].zh, nameEn: EVENT_INFO[e.code].en, start, end, discountPct, kind: 'event' });
    }
    // Flash sales of a few days every month or two, away from the big events.
    let d = p.launchDay + 10 + rng.int(40);
    while (d < days) {
      const len = 3 + rng.int(5);
      const end = Math.min(days - 1, d + len - 1);
      let clear = true;
      for (let k = Math.max(0, d - 3); k <= Math.min(days - 1, end + 3); k++) if (mask[k] || promo[k] >= 0) clear = false;
      if (clear) addPromo({ productIndex: pi, ...FLASH_NAME, start: d, end, discountPct: rng.pick([10, 15, 20, 25, 30, 35]), kind: 'flash' });
      d = end + 30 + Math.floor(-Math.log(Math.max(rng.next(), 1e-9)) * 45);
    }
    const price = new Float64Array(days);
    for (let k = 0; k < days; k++) {
      const pr = promo[k] >= 0 ? promos[promo[k]] : null;
      price[k] = pr ? Math.min(list[k], Math.max(floor, shopPrice(list[k] * (1 - pr.discountPct / 100)))) : list[k];
    }
    // Competitors follow our list price with a bias of their own, noise and promotions of their own.
    const compRatio = new Float64Array(days).fill(1);
    const rivals = rng.shuffle([...COMPETITORS]).slice(0, 2 + rng.int(2));
    const bias = rivals.map(() => 0.07 * rng.normal());
    let ratio = 1;
    for (let k = 0; k < days; k++) {
      if (k % 7 === 0) {
        let sum = 0;
        let n = 0;
        rivals.forEach((competitor, ri) => {
          const own = rng.chance(0.1) ? 1 - rng.range(0.1, 0.25) : 1;
          const cp = shopPrice(list[k] * (1 + bias[ri]) * Math.exp(0.03 * rng.normal()) * own);
          const inStock = rng.chance(0.95) ? 1 : 0;
          if (k >= p.launchDay) comps.push({ productIndex: pi, competitor, day: k, price: cp, inStock });
          if (inStock) {
            sum += cp / list[k];
            n++;
          }
        });
        ratio = n ? sum / n : 1.15;
      }
      compRatio[k] = ratio;
    }
    return { list, price, promo, compRatio };
  });
  return { paths, promos, comps, mapPrices };
}
