/** A searchable product picker: type any part of a SKU or of the title in either language (any case), pick from the list. */
import { useDeferredValue, useMemo, useState, type ReactNode } from 'react';
import { Select } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { call } from '../api/client';
import { productTitle } from '../format';

const LIMIT = 50;

/** A product as the picker names it: its SKU and both titles. */
interface Named {
  sku: string;
  titleZh: string | null;
  titleEn: string | null;
}

/** An option's label: the SKU and the title in the reader's language. */
function optionLabel(lang: string, r: Named): string {
  return `${r.sku} · ${productTitle(lang, r.titleZh, r.titleEn, r.sku)}`;
}

/** Whether the box's text is a product's label in either language (shown, not typed: the other one for the moment a switch takes). */
function isLabelOf(text: string, r: Named): boolean {
  return text === optionLabel('en', r) || text === optionLabel('zh', r);
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
  // The picked product with both its titles: its label is written in the language of the moment. The label it had when
  // picked stayed in the box after a language switch ('MUG-1 · Mug 1' in 中文), for good where the list lacked it.
  const [picked, setPicked] = useState<(Named & { id: number }) | null>(null);
  const q = useDeferredValue(search.trim());
  // Once a product is picked the box shows its label: do not search for that label (in either language).
  const query = picked && isLabelOf(search, picked) ? '' : q;
  const list = useQuery({
    queryKey: ['products.list', 'picker', withImage, query],
    queryFn: () => call('products.list', { q: query || undefined, withImage: withImage || undefined, sort: 'units28', dir: 'desc', limit: LIMIT }),
    // While the next answer is on its way the box keeps its text and the previous list.
    placeholderData: keepPreviousData,
  });
  const rows = list.data?.rows;
  // A value set by the screen (a "needs attention" SKU) that the list does not hold: its row is asked for, so the box
  // shows that product, not the placeholder, whatever the first 50 are.
  const unlisted = value !== null && picked?.sku !== value && !!list.data && !list.data.rows.some((r) => r.sku === value);
  const own = useQuery({
    queryKey: ['products.list', 'picker-value', value],
    queryFn: () => call('products.list', { q: value ?? undefined, sort: 'sku', dir: 'asc', limit: LIMIT }),
    enabled: unlisted,
  });
  const valueRow = value === null ? undefined : own.data?.rows.find((r) => r.sku === value);
  const data = useMemo(() => {
    const opts = (rows ?? []).map((r) => ({ value: r.sku, label: optionLabel(i18n.language, r) }));
    // The chosen product stays an option, so the box keeps showing it whatever the last search returned.
    if (picked && !opts.some((o) => o.value === picked.sku)) opts.unshift({ value: picked.sku, label: optionLabel(i18n.language, picked) });
    if (valueRow && !opts.some((o) => o.value === valueRow.sku)) opts.unshift({ value: valueRow.sku, label: optionLabel(i18n.language, valueRow) });
    return opts;
  }, [rows, picked, valueRow, i18n.language]);
  // The product in the box. While the box shows its label (not what the user types), the label is written in the
  // language of this render: the Select would put the new label in only an effect later, the old one showing meanwhile.
  const shown = value === null ? undefined : picked?.sku === value ? picked : (rows?.find((r) => r.sku === value) ?? valueRow);
  const boxText = shown && isLabelOf(search, shown) ? optionLabel(i18n.language, shown) : search;
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
      searchValue={boxText}
      onSearchChange={setSearch}
      // The engine already matched the words (SKU, both titles, any case): show its answer as it is.
      filter={({ options }) => options}
      onChange={(v) => {
        const row = v === null ? undefined : v === picked?.sku ? picked : (rows?.find((r) => r.sku === v) ?? (v === valueRow?.sku ? valueRow : undefined));
        const next = row ? { sku: row.sku, titleZh: row.titleZh, titleEn: row.titleEn, id: row.id } : null;
        setPicked(next);
        onPick(next ? { sku: next.sku, id: next.id } : null);
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
