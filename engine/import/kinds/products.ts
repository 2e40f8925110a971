/** Products, keyed by SKU (Shopify and WooCommerce exports are turned into these fields first). */
import { storeCurrency } from '../currency';
import { mappedCols, upsertPlan } from '../plan';
import type { KindDef } from '../types';
import { field, SKU_SYNONYMS } from './fields';

const VALUE_FIELDS = [
  'parent_sku', 'title_zh', 'title_en', 'category', 'brand', 'cost', 'price', 'currency', 'min_price', 'max_price', 'map_price',
  'supplier', 'lead_time_days', 'lead_time_sd', 'moq', 'case_pack', 'barcode', 'status', 'attributes',
] as const;

/**
 * Before the merge: a history row for each existing product whose imported price differs from the price it is
 * exported at now (the newest of its recorded price and its approved recommendation, else products.price).
 */
const PRICE_HISTORY_SQL = `INSERT INTO price_history (product_id, effective_at, price, source, note)
  SELECT id, @now, new_price, 'products', 'products file' FROM (
    SELECT t.id, s.price AS new_price, t.price AS listed,
      (SELECT h.price FROM price_history h WHERE h.product_id = t.id ORDER BY h.effective_at DESC LIMIT 1) AS hist_price,
      (SELECT h.effective_at FROM price_history h WHERE h.product_id = t.id ORDER BY h.effective_at DESC LIMIT 1) AS hist_at,
      (SELECT COALESCE(r.final_price, r.recommended_price) FROM price_recommendations r WHERE r.product_id = t.id
         AND r.status IN ('approved', 'edited', 'applied') AND COALESCE(r.final_price, r.recommended_price) IS NOT NULL
         ORDER BY COALESCE(r.applied_at, r.decided_at, r.created_at) DESC, r.id DESC LIMIT 1) AS rec_price,
      (SELECT COALESCE(r.applied_at, r.decided_at, r.created_at) FROM price_recommendations r WHERE r.product_id = t.id
         AND r.status IN ('approved', 'edited', 'applied') AND COALESCE(r.final_price, r.recommended_price) IS NOT NULL
         ORDER BY COALESCE(r.applied_at, r.decided_at, r.created_at) DESC, r.id DESC LIMIT 1) AS rec_at
    FROM temp.import_stage s JOIN products t ON t.sku = s.sku
    WHERE s.price IS NOT NULL)
  WHERE new_price IS NOT (CASE WHEN rec_at IS NOT NULL AND (hist_at IS NULL OR rec_at >= hist_at) THEN rec_price WHEN hist_at IS NOT NULL THEN hist_price ELSE listed END)
  ON CONFLICT (product_id, effective_at) DO UPDATE SET price = excluded.price, source = 'products', note = excluded.note`;

/** The products import kind. */
export const productsKind: KindDef = {
  name: 'products',
  label: { en: 'Products', zh: '商品' },
  fields: [
    field('sku', 'text', 'SKU', '商品编码', SKU_SYNONYMS, { required: true, identifier: true }),
    field('parent_sku', 'text', 'Parent SKU', '父商品编码', ['parent', 'parent sku', 'handle', 'style', 'group', '父编码', '款式编码', '父商品编码', '商品款号'], { identifier: true }),
    field('title_zh', 'text', 'Title (Chinese)', '中文标题', ['标题', '商品名称', '商品标题', '名称', '品名', 'title zh', 'chinese title', 'name zh']),
    field('title_en', 'text', 'Title (English)', '英文标题', ['title', 'name', 'product name', 'product title', 'item name', 'title en', 'english title', '英文名称']),
    field('category', 'text', 'Category', '类目', ['category', 'product category', 'type', 'product type', '类目', '分类', '品类', '商品类目']),
    field('brand', 'text', 'Brand', '品牌', ['brand', 'vendor', 'manufacturer', '品牌', '厂商']),
    field('cost', 'money', 'Unit cost', '成本', ['cost', 'unit cost', 'cost price', 'cost per item', 'purchase price', '成本', '成本价', '进价', '采购价'], { min: 0 }),
    field('price', 'money', 'Price', '售价', ['price', 'sale price', 'selling price', 'retail price', 'list price', 'unit price', '售价', '价格', '单价', '销售价', '零售价', '一口价'], { min: 0 }),
    field('currency', 'text', 'Currency', '币种', ['currency', 'ccy', '币种', '货币'], { default: 'CNY' }),
    field('min_price', 'money', 'Minimum price', '最低价', ['min price', 'floor price', 'minimum price', '最低价', '底价'], { min: 0 }),
    field('max_price', 'money', 'Maximum price', '最高价', ['max price', 'ceiling price', 'maximum price', '最高价'], { min: 0 }),
    field('map_price', 'money', 'Minimum advertised price', '最低广告价', ['map', 'map price', 'minimum advertised price', '最低广告价', '控价'], { min: 0 }),
    field('supplier', 'text', 'Supplier', '供应商', ['supplier', 'vendor name', '供应商', '供货商'], { identifier: true }),
    field('lead_time_days', 'number', 'Lead time (days)', '交货期（天）', ['lead time', 'lead time days', 'leadtime', '交货期', '采购周期', '到货天数'], { min: 0 }),
    field('lead_time_sd', 'number', 'Lead time variability (days)', '交货期波动（天）', ['lead time sd', 'lead time std', '交货期波动'], { min: 0 }),
    field('moq', 'int', 'Minimum order quantity', '起订量', ['moq', 'minimum order quantity', 'min order qty', '起订量', '最小起订量'], { min: 0 }),
    field('case_pack', 'int', 'Case pack', '箱规', ['case pack', 'pack size', 'case qty', '箱规', '每箱数量'], { min: 1 }),
    field('barcode', 'text', 'Barcode', '条形码', ['barcode', 'ean', 'upc', 'gtin', '条码', '条形码'], { identifier: true }),
    field('status', 'enum', 'Status', '状态', ['status', 'state', '状态', '商品状态'], {
      values: ['active', 'draft', 'archived'],
      default: 'active',
      aliases: { 上架: 'active', 在售: 'active', 出售中: 'active', 草稿: 'draft', 下架: 'archived', 已下架: 'archived', 归档: 'archived', published: 'active', publish: 'active', private: 'draft' },
    }),
    field('attributes', 'json', 'Attributes (JSON)', '属性（JSON）', ['attributes', 'attrs', '属性'], { default: '{}' }),
  ],
  plan(mapped, now, db) {
    // Without a currency column a new product is in the store's currency (it was CNY, the database default, in a USD
    // store); an existing one keeps its own.
    const fill = mapped.includes('currency') ? null : storeCurrency(db);
    const plan = upsertPlan(this, mapped, {
      table: 'products',
      key: [['sku', 's.sku']],
      cols: mappedCols(mapped, VALUE_FIELDS),
      onInsert: [['created_at', '@now'], ['updated_at', '@now'], ...(fill ? [['currency', '@currency'] as const] : [])],
      onChange: [['updated_at', '@now']],
      params: fill ? { now, currency: fill.currency } : { now },
    });
    if (fill) plan.newRowsCurrency = fill;
    // A price in the file is the merchant's price from now on: recorded in price_history (as an applied recommendation
    // is), so exports, guardrails and elasticity read it instead of an older recorded or recommended price.
    if (mapped.includes('price')) plan.merge.unshift(PRICE_HISTORY_SQL);
    return plan;
  },
};
