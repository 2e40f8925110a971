/** Per product: similar items and items bought together, each with its reason. */
import { useState, type ReactNode } from 'react';
import { Grid, Paper, Select, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import { QueryState } from '../../components/QueryState';
import { productTitle } from '../../format';
import { RecRows, type RecRow } from './RecRows';

function List({ title, rows, testid, empty }: { title: string; rows: RecRow[]; testid: string; empty: string }): ReactNode {
  return (
    <Paper withBorder p="sm">
      <Title order={2} size="h6" mb="xs">
        {title}
      </Title>
      {rows.length === 0 && (
        <Text size="sm" c="dimmed">
          {empty}
        </Text>
      )}
      <RecRows rows={rows} testid={testid} />
    </Paper>
  );
}

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
          <List title={t('recs.similar')} rows={lists.data?.similar ?? []} testid="recs-similar" empty={t('recs.none')} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <List title={t('recs.together')} rows={lists.data?.together ?? []} testid="recs-together" empty={t('recs.none')} />
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
