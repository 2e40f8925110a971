/** A searchable product picker: type any part of a SKU or of the title in either language (any case), pick from the list. */
import { useDeferredValue, useMemo, useState, type ReactNode } from 'react';
import { Select } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import { productTitle } from '../../format';

const LIMIT = 50;

/** The picker; `onPick` gets the chosen SKU. The engine searches (products.list `q`), so every product is reachable. */
export function ProductPicker({ value, onPick }: { value: string | null; onPick: (sku: string | null) => void }): ReactNode {
  const { t, i18n } = useTranslation();
  const [search, setSearch] = useState('');
  const [picked, setPicked] = useState<{ value: string; label: string } | null>(null);
  const q = useDeferredValue(search.trim());
  // Once a product is picked the box shows its label: do not search for that label.
  const query = picked && search === picked.label ? '' : q;
  const list = useQuery({
    queryKey: ['products.list', 'picker', query],
    queryFn: () => call('products.list', { q: query || undefined, sort: 'units28', dir: 'desc', limit: LIMIT }),
    placeholderData: keepPreviousData,
  });
  const data = useMemo(() => {
    const opts = (list.data?.rows ?? []).map((r) => ({ value: r.sku, label: `${r.sku} · ${productTitle(i18n.language, r.titleZh, r.titleEn, r.sku)}` }));
    // The chosen product stays an option, so the box keeps showing it whatever the last search returned.
    if (picked && !opts.some((o) => o.value === picked.value)) opts.unshift(picked);
    return opts;
  }, [list.data, picked, i18n.language]);
  return (
    <Select
      w={480}
      searchable
      clearable
      // Picking the shown product again keeps it (Mantine would otherwise clear it).
      allowDeselect={false}
      data={data}
      value={value}
      searchValue={search}
      onSearchChange={setSearch}
      // The engine already matched the words (SKU, both titles, any case): show its answer as it is.
      filter={({ options }) => options}
      onChange={(v, option) => {
        setPicked(v ? { value: v, label: option?.label ?? v } : null);
        onPick(v);
      }}
      leftSection={<IconSearch size={14} />}
      placeholder={t('planning.pickProduct')}
      aria-label={t('planning.pickProduct')}
      nothingFoundMessage={list.isFetching ? t('common.loading') : t('products.none')}
      maxDropdownHeight={320}
      data-testid="sku-picker"
      // The search the listed options answer (absent while a search is on its way): tests wait on it, never on time.
      data-results-for={list.isFetching || list.isPlaceholderData || q !== search.trim() ? undefined : query}
    />
  );
}
