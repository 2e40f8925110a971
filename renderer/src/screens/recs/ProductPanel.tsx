/** Per product: similar items and items bought together, each with its reason. */
import { useState, type ReactNode } from 'react';
import { Grid, Select, Stack } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import { QueryState } from '../../components/QueryState';
import { productTitle } from '../../format';
import { RecList } from './RecRows';

/** The product view of the Recommendations screen. */
export function ProductPanel({ runId }: { runId: string }): ReactNode {
  const { t, i18n } = useTranslation();
  const [picked, setPicked] = useState<string | null>(null);
  // The picker filters on the client: its search text is the shown label, which is no server query.
  const products = useQuery({ queryKey: ['recs', 'products'], queryFn: () => call('products.list', { limit: 2000 }) });
  const sku = picked ?? products.data?.rows[0]?.sku ?? null;
  const lists = useQuery({ queryKey: ['recs', 'product', runId, sku, i18n.language], queryFn: () => call('recs.forProduct', { sku: sku as string, k: 10 }), enabled: sku !== null });
  return (
    <Stack gap="sm">
      <Select
        label={t('recs.product')}
        searchable
        w={360}
        data={(products.data?.rows ?? []).map((p) => ({ value: p.sku, label: `${productTitle(i18n.language, p.titleZh, p.titleEn, p.sku)} (${p.sku})` }))}
        value={sku}
        onChange={setPicked}
        data-testid="recs-product"
      />
      {lists.error ? <QueryState error={lists.error} onRetry={() => void lists.refetch()} /> : null}
      <Grid>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <RecList title={t('recs.similar')} rows={lists.data?.similar ?? []} testid="recs-similar" empty={t('recs.none')} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <RecList title={t('recs.together')} rows={lists.data?.together ?? []} testid="recs-together" empty={t('recs.none')} />
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
