/** A searchable product picker: type any part of a SKU or of the title in either language (any case), pick from the list. */
import { useMemo, type ReactNode } from 'react';
import { IconSearch } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import { EnginePicker, type PickerPage } from '../../components/EnginePicker';
import { productTitle } from '../../format';

const LIMIT = 50;

/** The picker; `onPick` gets the chosen SKU. The engine searches (products.list `q`), so every product is reachable. */
export function ProductPicker({ value, onPick }: { value: string | null; onPick: (sku: string | null) => void }): ReactNode {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  // Best sellers first: the products a planner looks at most.
  const search = useMemo(
    () =>
      async (q: string): Promise<PickerPage> => {
        const r = await call('products.list', { q: q || undefined, sort: 'units28', dir: 'desc', limit: LIMIT });
        return { options: r.rows.map((p) => ({ value: p.sku, label: `${p.sku} · ${productTitle(lang, p.titleZh, p.titleEn, p.sku)}` })), total: r.total };
      },
    [lang],
  );
  return (
    <EnginePicker
      w={480}
      clearable
      queryKey={['products.list', 'picker', lang]}
      search={search}
      value={value}
      onChange={onPick}
      leftSection={<IconSearch size={14} />}
      placeholder={t('planning.pickProduct')}
      ariaLabel={t('planning.pickProduct')}
      nothingFound={t('products.none')}
      testid="sku-picker"
    />
  );
}
