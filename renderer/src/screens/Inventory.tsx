/** Inventory: every product in a virtualized, sortable table, searchable in Chinese and English, filterable. */
import { useDeferredValue, useMemo, useState, type ReactNode } from 'react';
import { Alert, Button, CloseButton, Group, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { OnChangeFn, SortingState } from '@tanstack/react-table';
import { useTranslation } from 'react-i18next';
import type { OpInput } from '../../../engine/api/ops/index';
import { call } from '../api/client';
import { useLangQuery } from '../api/langQuery';
import { QueryState } from '../components/QueryState';
import { useKept } from '../components/kept';
import { openForecastInPlanning } from '../components/openInventory';
import { useReadySignal } from '../components/ready';
import { staleParams, staleReason } from '../components/staleForecast';
import { useCodeLabel } from '../codes';
import { useFormat } from '../format';
import { ProductTable } from './inventory/ProductTable';

type Sort = NonNullable<OpInput<'products.list'>['sort']>;

/** The inventory screen. */
export function InventoryScreen(): ReactNode {
  const { t, i18n } = useTranslation();
  const f = useFormat();
  // Another screen (visual search) may open Inventory searched for one SKU.
  const [handoff] = useState(() => {
    const sku = sessionStorage.getItem('desk.inventory.q');
    sessionStorage.removeItem('desk.inventory.q');
    return sku;
  });
  // The Dashboard may open Inventory at every product under N days of cover ("Show all 73").
  const [coverHandoff] = useState(() => {
    const days = Number(sessionStorage.getItem('desk.inventory.cover') ?? NaN);
    sessionStorage.removeItem('desk.inventory.cover');
    return Number.isFinite(days) && days > 0 ? days : null;
  });
  const handed = handoff !== null || coverHandoff !== null;
  // The search, filters and sort are kept across visits to other screens; a SKU handed over replaces the search and
  // clears the filters, which could hide it.
  const [search, setSearch] = useKept('inventory.search', '', handed ? { value: handoff ?? '' } : undefined);
  const q = useDeferredValue(search.trim());
  const [category, setCategory] = useKept<string | null>('inventory.category', null, handed ? { value: null } : undefined);
  const [supplier, setSupplier] = useKept<string | null>('inventory.supplier', null, handed ? { value: null } : undefined);
  const [coverBelow, setCoverBelow] = useKept<number | null>('inventory.coverBelow', null, handed ? { value: coverHandoff } : undefined);
  const [sorting, keepSorting] = useKept<SortingState>('inventory.sort', [{ id: 'sku', desc: false }]);
  const setSorting: OnChangeFn<SortingState> = (u) => keepSorting(typeof u === 'function' ? u(sorting) : u);
  const sort = (sorting[0]?.id ?? 'sku') as Sort;
  const dir = sorting[0]?.desc ? 'desc' : 'asc';
  const list = useQuery({
    // Titles and category names sort, and supplier names show, in the reader's language (pinyin order in Chinese): a
    // language switch asks again.
    queryKey: ['products.list', q, category, supplier, coverBelow, sort, dir, i18n.language],
    queryFn: () => call('products.list', { q: q || undefined, category: category ?? undefined, supplier: supplier ?? undefined, coverBelow: coverBelow ?? undefined, sort, dir, limit: 50_000 }),
    placeholderData: keepPreviousData,
  });
  useReadySignal(list.isSuccess && !list.isPlaceholderData && !list.isFetching, 'inventory');
  const status = useQuery({ queryKey: ['planning.status'], queryFn: () => call('planning.status', {}), retry: false });
  const stock = useMemo(() => (status.data?.some((r) => r.demandSource === 'forecast') ? new Map(status.data.map((r) => [r.sku, r])) : undefined), [status.data]);
  // Whether the forecast the columns come from is older than the sales (still shown: said above the table).
  const latest = useLangQuery({ queryKey: ['forecast.latest'], queryFn: () => call('forecast.latest', {}) });
  const fresh = latest.data?.freshness;
  const label = useCodeLabel();
  const categories = useMemo(() => (list.data?.categories ?? []).map((c) => ({ value: c, label: label('category', c) })), [list.data, label]);
  const suppliers = useMemo(() => list.data?.supplierNames ?? [], [list.data]);
  return (
    <Stack gap="sm" h="calc(100vh - 48px - 2 * var(--mantine-spacing-md))">
      <Group justify="space-between" wrap="nowrap">
        <Title order={1} size="h3">
          {t('nav.inventory')}
        </Title>
        <Text size="sm" c="dimmed" data-testid="product-count" data-count={list.data?.total ?? ''}>
          {list.data ? t('products.count', { n: f.num(list.data.total), count: list.data.total }) : ''}
        </Text>
      </Group>
      <Group gap="xs" wrap="nowrap">
        <TextInput
          leftSection={<IconSearch size={14} />}
          placeholder={t('products.searchPlaceholder')}
          aria-label={t('products.search')}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          style={{ flex: 1 }}
          data-testid="product-search"
        />
        <Select
          placeholder={t('products.allCategories')}
          aria-label={t('products.col.category')}
          data={categories}
          value={category}
          onChange={setCategory}
          clearable
          searchable
          w={200}
          data-testid="filter-category"
        />
        <Select
          placeholder={t('products.allSuppliers')}
          aria-label={t('products.col.supplier')}
          data={suppliers}
          value={supplier}
          onChange={setSupplier}
          clearable
          searchable
          w={200}
          data-testid="filter-supplier"
        />
      </Group>
      {coverBelow !== null && (
        <Group gap={4} wrap="nowrap" data-testid="filter-cover">
          <Text size="sm">{t('products.coverBelow', { days: f.num(coverBelow) })}</Text>
          {/* What the days were counted from, as the Dashboard's alert says it (the engine's basis for this very list). */}
          {list.data?.coverBasis ? (
            <Text size="sm" c="dimmed" data-testid="filter-cover-basis" data-basis={list.data.coverBasis}>
              {t(`products.coverBasis.${list.data.coverBasis}`)}
            </Text>
          ) : null}
          <CloseButton size="sm" aria-label={t('products.coverBelowClear')} onClick={() => setCoverBelow(null)} data-testid="filter-cover-clear" />
        </Group>
      )}
      {/* Once the columns' status has answered: before, a store with a forecast flashed the note that it has none. */}
      {status.isFetched && (!stock || fresh?.stale) && (
        <Alert color={stock ? 'yellow' : 'gray'} variant="light" p="xs" data-testid="forecast-note" data-stale={stock ? 'true' : undefined}>
          <Group gap="xs" justify="space-between" wrap="nowrap">
            <Text size="xs" data-testid="forecast-note-text">
              {stock && fresh ? t(`products.forecastStale.${staleReason(fresh)}`, staleParams(fresh, f)) : t('products.forecastComing')}
            </Text>
            {/* Where forecasting is set up: the Planning screen's Forecast & plan button. */}
            <Button size="compact-xs" variant="light" onClick={openForecastInPlanning} style={{ flexShrink: 0 }} data-testid="forecast-note-go">
              {t('products.forecastGo')}
            </Button>
          </Group>
        </Alert>
      )}
      {list.data ? <ProductTable rows={list.data.rows} sorting={sorting} onSortingChange={setSorting} stock={stock} filtered={Boolean(q || category || supplier || coverBelow !== null)} /> : <QueryState error={list.error} onRetry={() => void list.refetch()} />}
    </Stack>
  );
}
