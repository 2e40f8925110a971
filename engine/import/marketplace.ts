/** Shopify and WooCommerce product exports, recognised by their headers and turned into product rows (variants included). */

/** A recognised marketplace layout: canonical product-field headers and a row transform (null skips a row). */
export interface MarketplaceAdapter {
  format: 'shopify' | 'woocommerce';
  headers: string[];
  transform(row: string[]): string[] | null;
}

const SHOPIFY_OUT = ['sku', 'parent_sku', 'title_en', 'brand', 'category', 'price', 'cost', 'barcode', 'status', 'attributes'];
const WOO_OUT = ['sku', 'parent_sku', 'title_en', 'category', 'price', 'status', 'attributes'];

function indexer(headers: readonly string[]): (name: string) => number {
  const m = new Map(headers.map((h, i) => [h.trim(), i]));
  return (name) => m.get(name) ?? -1;
}

function at(row: readonly string[], i: number): string {
  return i >= 0 && i < row.length ? row[i].trim() : '';
}

function shopify(headers: readonly string[]): MarketplaceAdapter {
  const ix = indexer(headers);
  const c = {
    handle: ix('Handle'), title: ix('Title'), vendor: ix('Vendor'), type: ix('Type'), category: ix('Product Category'),
    sku: ix('Variant SKU'), price: ix('Variant Price'), cost: ix('Cost per item'), barcode: ix('Variant Barcode'), status: ix('Status'),
    optName: [ix('Option1 Name'), ix('Option2 Name'), ix('Option3 Name')], optValue: [ix('Option1 Value'), ix('Option2 Value'), ix('Option3 Value')],
  };
  let handle = '';
  let first: string[] = [];
  let n = 0;
  return {
    format: 'shopify',
    headers: SHOPIFY_OUT,
    transform(row) {
      const h = at(row, c.handle);
      if (h !== handle) {
        handle = h;
        first = row;
        n = 0;
      }
      const values = c.optValue.map((i) => at(row, i));
      const isVariant = at(row, c.sku) !== '' || at(row, c.price) !== '' || values.some((v) => v !== '');
      if (!isVariant) return null; // extra image rows of a product
      n++;
      const attrs: Record<string, string> = {};
      c.optName.forEach((ni, k) => {
        const name = at(first, ni);
        if (name && name !== 'Title' && values[k]) attrs[name] = values[k];
      });
      const category = at(first, c.type) || at(first, c.category);
      return [
        at(row, c.sku) || `${h}-${n}`, h, at(first, c.title), at(first, c.vendor), category, at(row, c.price), at(row, c.cost),
        at(row, c.barcode), at(row, c.status) || at(first, c.status), Object.keys(attrs).length ? JSON.stringify(attrs) : '',
      ];
    },
  };
}

function woocommerce(headers: readonly string[]): MarketplaceAdapter {
  const ix = indexer(headers);
  const c = { id: ix('ID'), type: ix('Type'), sku: ix('SKU'), name: ix('Name'), published: ix('Published'), price: ix('Regular price'), categories: ix('Categories'), parent: ix('Parent') };
  const attrCols: [number, number][] = [];
  for (let k = 1; ix(`Attribute ${k} name`) >= 0; k++) attrCols.push([ix(`Attribute ${k} name`), ix(`Attribute ${k} value(s)`)]);
  const skuById = new Map<string, string>();
  return {
    format: 'woocommerce',
    headers: WOO_OUT,
    transform(row) {
      const id = at(row, c.id);
      const sku = at(row, c.sku) || (id ? `woo-${id}` : '');
      if (id) skuById.set(id, sku);
      const parentRaw = at(row, c.parent);
      const parentId = /^id:(\d+)$/i.exec(parentRaw)?.[1];
      const parent = parentId ? (skuById.get(parentId) ?? `woo-${parentId}`) : parentRaw;
      const published = at(row, c.published);
      const status = published === '1' ? 'active' : published === '' ? '' : 'draft';
      const attrs: Record<string, string> = {};
      for (const [ni, vi] of attrCols) if (at(row, ni) && at(row, vi)) attrs[at(row, ni)] = at(row, vi);
      const type = at(row, c.type).split(',')[0].trim();
      if (type) attrs.woocommerce_type = type;
      const category = at(row, c.categories).split(',')[0].trim();
      return [sku, parent, at(row, c.name), category, at(row, c.price), status, Object.keys(attrs).length ? JSON.stringify(attrs) : ''];
    },
  };
}

/** Recognises a Shopify or WooCommerce product export by its header row, or returns null. */
export function detectMarketplace(headers: readonly string[]): MarketplaceAdapter | null {
  const set = new Set(headers.map((h) => h.trim()));
  if (set.has('Handle') && set.has('Variant SKU') && set.has('Title')) return shopify(headers);
  if (set.has('Type') && set.has('SKU') && set.has('Name') && set.has('Regular price') && set.has('Parent')) return woocommerce(headers);
  return null;
}
