/** For areas whose feature has not landed: what the store already holds (counts, latest rows, images), and what will come. */
import type { ReactNode } from 'react';
import { Alert, Image, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { OpInput } from '../../../engine/api/ops/index';
import { call } from '../api/client';
import { useImageUrl } from '../api/useImage';
import { useCodeLabel, type CodeKind, type CodeLabel } from '../codes';
import { productTitle, useFormat } from '../format';
import { QueryState } from './QueryState';
import { useReadySignal } from './ready';

type Area = OpInput<'dashboard.area'>['area'];

/** Columns that hold a stored code, and the kind of code (its label is shown, never the code). */
const CODE_COLUMNS: Record<string, CodeKind> = { channel: 'channel', status: 'chatStatus', source: 'priceSource', category: 'category' };

function cell(v: string | number | null, col: string, f: ReturnType<typeof useFormat>, label: CodeLabel): string {
  if (v === null) return '—';
  if (typeof v === 'number') return /price/i.test(col) ? f.money(v) : f.num(v, 2);
  if (CODE_COLUMNS[col]) return label(CODE_COLUMNS[col], v);
  if (/^\d{4}-\d{2}-\d{2}/.test(v)) return f.date(v);
  return v;
}

/** The overview of one area, with its title and the sentence saying what will appear there. */
export function AreaOverview({ area, titleKey }: { area: Area; titleKey: string }): ReactNode {
  const { t, i18n } = useTranslation();
  const f = useFormat();
  const label = useCodeLabel();
  // Product titles come in the UI language: the language is part of the key.
  const q = useQuery({ queryKey: ['dashboard.area', area, i18n.language], queryFn: () => call('dashboard.area', { area, limit: 12 }) });
  useReadySignal(q.isSuccess && !q.isFetching, area);
  return (
    <Stack gap="sm">
      <Title order={1} size="h3">
        {t(titleKey)}
      </Title>
      <Alert color="blue" variant="light" data-testid="area-coming">
        {t(`area.coming.${area}`)}
      </Alert>
      {!q.data ? (
        <QueryState error={q.error} onRetry={() => void q.refetch()} />
      ) : (
        <>
          <SimpleGrid cols={{ base: 2, md: 4 }} spacing="sm" data-testid="area-counts">
            {Object.entries(q.data.counts).map(([k, n]) => (
              <Paper key={k} withBorder p="sm">
                <Text size="xs" c="dimmed" fw={600} tt="uppercase" truncate>
                  {t(`area.count.${k}`)}
                </Text>
                <Text size="xl" fw={700} className="desk-num" data-testid={`area-count-${k}`}>
                  {f.num(n)}
                </Text>
              </Paper>
            ))}
          </SimpleGrid>
          {q.data.tables.map((tb) => (
            <Paper key={tb.id} withBorder p="sm">
              <Title order={2} size="h6" mb="xs">
                {t(`area.table.${tb.id}`)}
              </Title>
              {tb.rows.length === 0 ? (
                <Text size="sm" c="dimmed">
                  {t('area.noRows')}
                </Text>
              ) : (
                <Table fz="sm" verticalSpacing={4} striped data-testid={`area-table-${tb.id}`}>
                  <Table.Thead>
                    <Table.Tr>
                      {tb.columns.map((c) => (
                        <Table.Th key={c}>{t(`area.col.${c}`)}</Table.Th>
                      ))}
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {tb.rows.map((r, i) => (
                      <Table.Tr key={i}>
                        {r.map((v, j) => (
                          <Table.Td key={j}>{cell(v, tb.columns[j], f, label)}</Table.Td>
                        ))}
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              )}
            </Paper>
          ))}
          {(area === 'visual' || area === 'tryon') && (
            <Paper withBorder p="sm">
              <Title order={2} size="h6" mb="xs">
                {t('area.table.images')}
              </Title>
              {q.data.images.length === 0 ? (
                <Text size="sm" c="dimmed">
                  {t('area.noImages')}
                </Text>
              ) : (
                <SimpleGrid cols={{ base: 4, md: 8 }} spacing="xs" data-testid="area-images">
                  {q.data.images.map((im) => {
                    const label = productTitle(i18n.language, im.titleZh, im.titleEn, im.sku ?? '');
                    return (
                      <Stack key={im.id} gap={2}>
                        <AreaImage id={im.id} label={label} />
                        <Text size="xs" truncate title={label}>
                          {im.sku ?? '—'}
                        </Text>
                      </Stack>
                    );
                  })}
                </SimpleGrid>
              )}
            </Paper>
          )}
        </>
      )}
    </Stack>
  );
}

/** One image tile: the picture once it is available, else an empty frame. */
function AreaImage({ id, label }: { id: number; label: string }): ReactNode {
  const url = useImageUrl(id);
  return url ? <Image src={url} alt={label} h={88} fit="cover" radius="sm" /> : <Paper withBorder h={88} />;
}
