/** Per product: similar items and items bought together, each with its reason. */
import { useMemo, type ReactNode } from 'react';
import { Grid, Stack } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import { useLangQuery } from '../../api/langQuery';
import { EnginePicker } from '../../components/EnginePicker';
import { QueryState } from '../../components/QueryState';
import { useKept } from '../../components/kept';
import { productLabel, productSearch } from './pickers';
import { RecList } from './RecRows';

/** The product view of the Recommendations screen. */
export function ProductPanel({ runId }: { runId: string }): ReactNode {
  const { t, i18n } = useTranslation();
  const [picked, setPicked] = useKept<string | null>('recs.product', null);
  const search = useMemo(() => productSearch(i18n.language), [i18n.language]);
  const key = ['recs', 'products', i18n.language];
  // The first page of the picker's searches (one request): its first product is shown until another is picked.
  // Its key changes only with the language: the first product stays while its label in the other language loads.
  const products = useQuery({ queryKey: [...key, ''], queryFn: () => search(''), placeholderData: keepPreviousData });
  const sku = picked ?? products.data?.options[0]?.value ?? null;
  const lists = useLangQuery({ queryKey: ['recs', 'product', runId, sku], queryFn: () => call('recs.forProduct', { sku: sku as string, k: 10 }), enabled: sku !== null });
  // The picked product's name in the UI language, also when the picker's first page lacks it: from both its titles in
  // the engine's answer, so it follows a language switch at once (the answer kept while the new one loads has them).
  const shown = lists.data && lists.data.product.sku === sku ? productLabel(i18n.language, lists.data.product) : null;
  return (
    <Stack gap="sm">
      <EnginePicker
        label={t('recs.product')}
        // Wide enough for a long title and its SKU ('Bluetooth 5.3 Noise-cancelling Wireless Earbuds Midnight Blue
        // (PH-0034)'): at 360 px the SKU was cut to '(PH-00'.
        w={560}
        queryKey={key}
        search={search}
        value={sku}
        valueLabel={shown}
        onChange={(v) => v && setPicked(v)}
        nothingFound={t('products.none')}
        testid="recs-product"
      />
      {lists.error ? <QueryState error={lists.error} onRetry={() => void lists.refetch()} /> : null}
      <Grid>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <RecList title={t('recs.similar')} rows={lists.data?.similar ?? []} testid="recs-similar" empty={lists.data ? t('recs.similarNone') : undefined} emptyTestid="recs-similar-none" />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <RecList title={t('recs.together')} rows={lists.data?.together ?? []} testid="recs-together" empty={lists.data ? t('recs.togetherNone') : undefined} emptyTestid="recs-together-none" />
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
