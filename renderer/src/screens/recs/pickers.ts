/** The Recommendations screen's searches for its customer and product pickers (answered by the engine, see EnginePicker). */
import { call } from '../../api/client';
import type { PickerPage } from '../../components/EnginePicker';
import { productTitle } from '../../format';

/** How many matches a picker lists; the rest are counted ("N more — keep typing"). */
export const PICKER_LIMIT = 50;

/** Cache key of the customer searches of a run (the search text is appended; '' is the first page). */
export function customerSearchKey(runId: string | undefined): readonly unknown[] {
  return ['recs', 'customers', runId];
}

/** Customers with recommendations whose id, name or email holds the text, labelled with all three. */
export async function searchCustomers(text: string): Promise<PickerPage> {
  const r = await call('recs.customers.search', { query: text, limit: PICKER_LIMIT });
  return {
    options: r.rows.map((c) => ({ value: c.externalId, label: [c.name, c.email, c.externalId].filter(Boolean).join(' · ') })),
    total: r.total,
    unlisted: r.unlisted,
  };
}

/** A product as the picker labels it: its title in `lang` and its SKU ('Linen Tote Bag (NEW-1)'). */
export function productLabel(lang: string, p: { sku: string; titleZh: string | null; titleEn: string | null }): string {
  return `${productTitle(lang, p.titleZh, p.titleEn, p.sku)} (${p.sku})`;
}

/** Products whose SKU or title (either language) holds the text, labelled in the UI language and in both. */
export function productSearch(lang: string): (text: string) => Promise<PickerPage> {
  return async (text) => {
    const r = await call('products.list', { q: text || undefined, limit: PICKER_LIMIT });
    return { options: r.rows.map((p) => ({ value: p.sku, label: productLabel(lang, p), labels: { en: productLabel('en', p), zh: productLabel('zh', p) } })), total: r.total };
  };
}
