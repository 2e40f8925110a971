/** Composes the demo catalogue: SKUs with bilingual titles, costs, prices, suppliers and demand truths. */
import { CATEGORIES, type CategoryDef } from './categories';
import { Rng } from './rng';
import { BRANDS, GENDERS, SUPPLIERS, SUBTYPES, type Colour, type Subtype, type SupplierDef, type Word } from './words';

/** One generated SKU with the hidden parameters its demand is drawn from. */
export interface DemoProduct {
  /** Row id in products (1-based, in generation order). */
  id: number;
  sku: string;
  parentSku: string | null;
  titleZh: string;
  titleEn: string;
  cat: CategoryDef;
  subtype: Subtype;
  colour: Colour;
  size: string | null;
  material: Word;
  brand: string;
  supplier: SupplierDef;
  /** Reference (initial) list price: demand ∝ (price / refPrice)^elasticity. */
  refPrice: number;
  cost: number;
  moq: number;
  casePack: number;
  barcode: string;
  /** Base demand, units/day at the start before all factors. */
  base: number;
  elasticity: number;
  /** Log-demand per +10 °C anomaly (category + subtype). */
  tempCoef: number;
  /** Yearly season of this SKU (its subtype's own, else its category's). */
  season: { yearlyAmp: number; yearlyPeakDoy: number };
  /** Extra stock the planner keeps as a share of expected demand over lead time + review. */
  safety: number;
  /** Index of the first day it is on sale (0 = before the data starts). */
  launchDay: number;
  /** Image pattern and shape variant. */
  pattern: 'solid' | 'stripes' | 'dots' | 'check';
  shapeVariant: number;
}

const SIZE_WEIGHT: Record<string, number> = { S: 0.7, M: 1.2, L: 1.1, XL: 0.7 };
const PATTERNS: DemoProduct['pattern'][] = ['solid', 'stripes', 'dots', 'check'];
/** Mean base demand per SKU, units/day (before trend, season and events). */
export const MEAN_BASE = 0.85;

/** Rounds a price to a shop-like ending (.99 under 50, else .9). */
export function shopPrice(x: number): number {
  const v = Math.max(1, x);
  return v < 50 ? Math.floor(v) + 0.99 : Math.floor(v) + 0.9;
}

function ean13(rng: Rng): string {
  let s = '69';
  for (let i = 0; i < 10; i++) s += String(rng.int(10));
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(s[i]) * (i % 2 ? 3 : 1);
  return s + String((10 - (sum % 10)) % 10);
}

/** How many SKUs each category gets (largest remainder, at least one each). */
export function categoryCounts(skus: number): number[] {
  const raw = CATEGORIES.map((c) => c.share * skus);
  const counts = raw.map((r) => Math.max(1, Math.floor(r)));
  let left = skus - counts.reduce((a, b) => a + b, 0);
  const order = raw.map((r, i) => ({ i, f: r - Math.floor(r) })).sort((a, b) => b.f - a.f || a.i - b.i);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) counts[order[k].i]++;
  for (let k = counts.length - 1; left < 0; k = (k - 1 + counts.length) % counts.length) {
    if (counts[k] > 1) {
      counts[k]--;
      left++;
    }
  }
  return counts;
}

interface Draft {
  subtype: Subtype;
  gender: Word | null;
  material: Word;
  style: Word;
  colour: Colour;
  size: string | null;
  parent: string | null;
}

function titles(cat: CategoryDef, d: Draft): { zh: string; en: string } {
  const g = d.gender;
  const zh = `${g ? g.zh : ''}${d.material.zh}${d.style.zh}${d.subtype.zh} ${d.colour.zh}${d.size ? ` ${d.size}` : ''}`;
  const en = `${g ? `${g.en} ` : ''}${d.material.en} ${d.style.en} ${d.subtype.en} ${d.colour.en}${d.size ? ` ${d.size}` : ''}`;
  return cat.code === 'phone_accessories' && d.size ? { zh: zh.replace(` ${d.size}`, ` 适用${d.size}`), en: en.replace(` ${d.size}`, ` for ${d.size}`) } : { zh, en };
}

function drafts(rng: Rng, cat: CategoryDef, n: number): Draft[] {
  const out: Draft[] = [];
  const subs = SUBTYPES[cat.code];
  let group = 0;
  while (out.length < n) {
    const subtype = subs[out.length < subs.length ? out.length : rng.int(subs.length)];
    const gender = subtype.gendered ? rng.pick(GENDERS) : null;
    const material = rng.pick(subtype.materials);
    const style = rng.pick(subtype.styles);
    const sizes = subtype.sizes ?? [null];
    // Apparel styles often come as variants: a few colours × sizes under one parent SKU.
    if (cat.code === 'apparel' && subtype.sizes && n - out.length >= 4 && rng.chance(0.5)) {
      group++;
      const parent = `${cat.prefix}-G${String(group).padStart(3, '0')}`;
      const colours = rng.shuffle([...subtype.colours]).slice(0, 2);
      const groupSizes = subtype.sizes.slice(1, 1 + Math.min(3, subtype.sizes.length - 1));
      for (const colour of colours) {
        for (const size of groupSizes) {
          if (out.length < n) out.push({ subtype, gender, material, style, colour, size, parent });
        }
      }
      continue;
    }
    out.push({ subtype, gender, material, style, colour: rng.pick(subtype.colours), size: rng.pick(sizes), parent: null });
  }
  return out;
}

/** Generates `skus` products over the six categories. */
export function generateProducts(seed: number, skus: number, days: number): DemoProduct[] {
  const rng = Rng.forPhase(seed, 'products');
  const counts = categoryCounts(skus);
  const products: DemoProduct[] = [];
  const rawBase: number[] = [];
  const groupPrice = new Map<string, { refPrice: number; costRatio: number }>();
  CATEGORIES.forEach((cat, ci) => {
    const suppliers = SUPPLIERS.filter((s) => s.categories.includes(cat.code));
    drafts(rng, cat, counts[ci]).forEach((d, k) => {
      const t = titles(cat, d);
      const [lo, hi] = cat.price;
      // Variants of one style share their price and cost.
      const drawn = { refPrice: shopPrice(Math.exp(rng.range(Math.log(lo), Math.log(hi)))), costRatio: rng.range(0.3, 0.55) };
      const { refPrice, costRatio } = d.parent ? (groupPrice.get(d.parent) ?? drawn) : drawn;
      if (d.parent) groupPrice.set(d.parent, { refPrice, costRatio });
      // Long tail: log-normal base demand; a few best sellers, many slow movers.
      const base = Math.exp(1.25 * rng.normal()) * (d.size ? (SIZE_WEIGHT[d.size] ?? 1) : 1);
      rawBase.push(base);
      products.push({
        id: products.length + 1,
        sku: `${cat.prefix}-${String(k + 1).padStart(4, '0')}`,
        parentSku: d.parent,
        titleZh: t.zh,
        titleEn: t.en,
        cat,
        subtype: d.subtype,
        colour: d.colour,
        size: d.size,
        material: d.material,
        brand: rng.pick(BRANDS[cat.code]),
        supplier: rng.pick(suppliers),
        refPrice,
        cost: Math.round(refPrice * costRatio * 100) / 100,
        moq: 0,
        casePack: rng.pick([1, 5, 10, 12, 20, 24]),
        barcode: ean13(rng),
        base: 0,
        elasticity: cat.elasticity * Math.exp(0.15 * rng.normal()),
        tempCoef: cat.tempCoef + (d.subtype.tempExtra ?? 0),
        season: d.subtype.season ?? { yearlyAmp: cat.yearlyAmp, yearlyPeakDoy: cat.yearlyPeakDoy },
        safety: rng.range(-0.15, 0.5),
        launchDay: rng.chance(0.15) ? Math.floor(rng.range(0.1, 0.9) * days) : 0,
        pattern: rng.pick(PATTERNS),
        shapeVariant: rng.int(4),
      });
    });
  });
  const mean = rawBase.reduce((a, b) => a + b, 0) / rawBase.length;
  products.forEach((p, i) => {
    p.base = (rawBase[i] / mean) * MEAN_BASE;
    p.moq = p.base > 3 ? 100 : p.base > 1 ? 50 : p.base > 0.3 ? 20 : 10;
  });
  return products;
}
