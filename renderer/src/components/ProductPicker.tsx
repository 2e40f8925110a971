/** A searchable product picker: type any part of a SKU or of the title in either language (any case), pick from the list. */
import { useDeferredValue, useMemo, useState, type ReactNode } from 'react';
import { Select } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { call } from '../api/client';
import { productTitle } from '../format';

const LIMIT = 50;

/** An option's label: the SKU and the title in the reader's language. */
function optionLabel(lang: string, r: { sku: string; titleZh: string | null; titleEn: string | null }): string {
  return `${r.sku} · ${productTitle(lang, r.titleZh, r.titleEn, r.sku)}`;
}

/** A picked product: its SKU (the option value) and id. */
export interface PickedProduct {
  sku: string;
  id: number;
}

/**
 * The picker; `onPick` gets the chosen product (null when cleared). The engine searches (products.list `q`), so every
 * product is reachable, not only the 50 listed before typing; `withImage` lists only products that have a photo.
 */
export function ProductPicker({
  value,
  onPick,
  withImage = false,
  placeholder,
  disabled = false,
  w = 480,
  testId = 'sku-picker',
}: {
  value: string | null;
  onPick: (product: PickedProduct | null) => void;
  withImage?: boolean;
  placeholder?: string;
  disabled?: boolean;
  w?: number | string;
  testId?: string;
}): ReactNode {
  const { t, i18n } = useTranslation();
  const [search, setSearch] = useState('');
  const [picked, setPicked] = useState<{ value: string; label: string; id: number } | null>(null);
  const q = useDeferredValue(search.trim());
  // Once a product is picked the box shows its label: do not search for that label.
  const query = picked && search === picked.label ? '' : q;
  const list = useQuery({
    queryKey: ['products.list', 'picker', withImage, query],
    queryFn: () => call('products.list', { q: query || undefined, withImage: withImage || undefined, sort: 'units28', dir: 'desc', limit: LIMIT }),
    // While the next answer is on its way the box keeps its text and the previous list.
    placeholderData: keepPreviousData,
  });
  const rows = list.data?.rows;
  // A value set by the screen (a "needs attention" SKU) that the list does not hold: its row is asked for, so the box
  // shows that product, not the placeholder, whatever the first 50 are.
  const unlisted = value !== null && picked?.value !== value && !!list.data && !list.data.rows.some((r) => r.sku === value);
  const own = useQuery({
    queryKey: ['products.list', 'picker-value', value],
    queryFn: () => call('products.list', { q: value ?? undefined, sort: 'sku', dir: 'asc', limit: LIMIT }),
    enabled: unlisted,
  });
  const valueRow = value === null ? undefined : own.data?.rows.find((r) => r.sku === value);
  const data = useMemo(() => {
    const opts = (rows ?? []).map((r) => ({ value: r.sku, label: optionLabel(i18n.language, r) }));
    // The chosen product stays an option, so the box keeps showing it whatever the last search returned.
    if (picked && !opts.some((o) => o.value === picked.value)) opts.unshift({ value: picked.value, label: picked.label });
    if (valueRow && !opts.some((o) => o.value === valueRow.sku)) opts.unshift({ value: valueRow.sku, label: optionLabel(i18n.language, valueRow) });
    return opts;
  }, [rows, picked, valueRow, i18n.language]);
  return (
    <Select
      w={w}
      maw="100%"
      searchable
      clearable
      disabled={disabled}
      // Picking the shown product again keeps it (Mantine would otherwise clear it).
      allowDeselect={false}
      data={data}
      value={value}
      searchValue={search}
      onSearchChange={setSearch}
      // The engine already matched the words (SKU, both titles, any case): show its answer as it is.
      filter={({ options }) => options}
      onChange={(v, option) => {
        const id = v === null ? undefined : v === picked?.value ? picked.id : (rows?.find((r) => r.sku === v) ?? (v === valueRow?.sku ? valueRow : undefined))?.id;
        const next = v !== null && id !== undefined ? { value: v, label: option?.label ?? v, id } : null;
        setPicked(next);
        onPick(next ? { sku: next.value, id: next.id } : null);
      }}
      leftSection={<IconSearch size={14} />}
      placeholder={placeholder ?? t('planning.pickProduct')}
      aria-label={placeholder ?? t('planning.pickProduct')}
      nothingFoundMessage={list.isFetching ? t('common.loading') : t('products.none')}
      maxDropdownHeight={320}
      data-testid={testId}
      // The search the listed options answer (absent while a search is on its way): tests wait on it, never on time.
      data-results-for={list.isFetching || list.isPlaceholderData || q !== search.trim() ? undefined : query}
    />
  );
}
