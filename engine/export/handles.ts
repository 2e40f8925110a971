/**
 * Shopify product handles: the key Shopify matches an uploaded row to a product by. Rows sharing a handle are variants
 * of one product, so two products must never share one, and a product must get the same handle on every export so a
 * re-upload updates it instead of creating a duplicate.
 */
import { createHash } from 'node:crypto';

/** What a handle is derived from: a product's SKU, its variant group and its free attributes. */
export interface HandleSource {
  sku: string;
  parentSku: string | null;
  attributes: Record<string, unknown>;
}

/** Characters that only separate words in a SKU: a slug may turn them into '-' without losing what tells SKUs apart. */
const SEPARATORS = /[\s\-_./]/;

/** The handle the merchant set (imported from Shopify or typed), kept as given. */
function explicitHandle(s: HandleSource): string | null {
  const h = s.attributes.shopify_handle ?? s.attributes.handle;
  return typeof h === 'string' && h ? h : null;
}

/** The product a row belongs to: its variant group, else itself. */
function productKey(s: HandleSource): string {
  return s.parentSku ?? s.sku;
}

function slug(key: string): string {
  return key.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

function shortHash(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex').slice(0, 8);
}

/**
 * A product's own handle: the slug of its key when the slug keeps every character but case and separators (AP-0001 →
 * ap-0001), else the slug with a short hash of the key (红色-1 → 1-…, 红色 → the hash alone), so keys that differ only
 * in what the slug drops still get different handles.
 */
export function baseHandle(key: string): string {
  const s = slug(key);
  const lossless = s !== '' && [...key].every((c) => /[A-Za-z0-9]/.test(c) || SEPARATORS.test(c));
  if (lossless) return s;
  return s ? `${s}-${shortHash(key)}` : shortHash(key);
}

/** How close a key is to its slug: the key that already is it (then one that differs only in case) keeps it. */
function rank(key: string, handle: string): number {
  if (key === handle) return 0;
  return key.toLowerCase() === handle ? 1 : 2;
}

function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The handle of each row, unique per product over `catalog` (every product in the store, so an export of a few rows
 * names them as a full export would). Keys whose plain slugs collide (AB-1, ab_1) are told apart by a hash of the key,
 * the key closest to the slug keeping it; handles the merchant set are kept and never given to another product.
 */
export function shopifyHandles(catalog: readonly HandleSource[]): (row: HandleSource) => string {
  const explicit = new Set<string>();
  const keys = new Set<string>();
  for (const s of catalog) {
    const h = explicitHandle(s);
    if (h) explicit.add(h);
    else keys.add(productKey(s));
  }
  const base = new Map([...keys].map((key) => [key, baseHandle(key)]));
  const byBase = new Map<string, string[]>();
  for (const [key, b] of base) byBase.set(b, [...(byBase.get(b) ?? []), key]);
  const wanted = new Map<string, string>();
  for (const [b, group] of byBase) {
    group.sort((x, y) => rank(x, b) - rank(y, b) || byCodeUnits(x, y));
    group.forEach((key, i) => wanted.set(key, i === 0 && !explicit.has(b) ? b : `${b}-${shortHash(key)}`));
  }
  // Plain slugs first, so a hashed handle that happens to equal one (a SKU spelt like it) is the one numbered.
  const used = new Set(explicit);
  const assigned = new Map<string, string>();
  const hashed = (key: string): number => Number(wanted.get(key) !== base.get(key));
  for (const key of [...keys].sort((x, y) => hashed(x) - hashed(y) || byCodeUnits(x, y))) {
    const w = wanted.get(key) ?? baseHandle(key);
    let h = w;
    for (let n = 2; used.has(h); n++) h = `${w}-${n}`;
    used.add(h);
    assigned.set(key, h);
  }
  return (row) => explicitHandle(row) ?? assigned.get(productKey(row)) ?? baseHandle(productKey(row));
}
