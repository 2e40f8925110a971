/** Forecast accuracy: backtest scores of the latest run per model, and how often each model was chosen. */
import type { ReactNode } from 'react';
import { Badge, Group, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import { QueryState } from '../../components/QueryState';
import { useCodeLabel } from '../../codes';
import { useFormat } from '../../format';
import { accuracyTitle } from '../../i18n/counts';
import { useMsg } from '../../i18n/msg';

/** The accuracy panel. */
export function AccuracyPanel(): ReactNode {
  const { t } = useTranslation();
  const f = useFormat();
  const label = useCodeLabel();
  const say = useMsg();
  const acc = useQuery({ queryKey: ['forecast.accuracy'], queryFn: () => call('forecast.accuracy', {}) });
  if (!acc.data) return <QueryState error={acc.error} onRetry={() => void acc.refetch()} />;
  const { run, all, chosen } = acc.data;
  if (!run) return <Text c="dimmed">{t('planning.noForecast')}</Text>;
  // Rows scored on fewer SKUs (a model tried only where it applies) are not comparable with the full ones: those first.
  const rows = [...all].sort((a, b) => b.series - a.series || (a.wape ?? Infinity) - (b.wape ?? Infinity));
  const subsets = new Set(all.map((r) => r.series)).size > 1;
  return (
    <Stack gap="xs" data-testid="forecast-accuracy">
      <Title order={2} size="h5">
        {say(accuracyTitle(run, f.date(run.historyEnd)))}
      </Title>
      <Group gap="xs">
        {chosen.map((c) => (
          <Badge key={c.model} variant="light">
            {label('model', c.model)}: {f.num(c.n)}
          </Badge>
        ))}
      </Group>
      <Table striped withTableBorder fz="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('planning.col.model')}</Table.Th>
            <Table.Th ta="right">
              <Tooltip label={t('planning.wapeHelp')} multiline w={320}>
                <span>{t('planning.col.wape')}</span>
              </Tooltip>
            </Table.Th>
            <Table.Th ta="right">
              <Tooltip label={t('planning.maseHelp')} multiline w={320}>
                <span>{t('planning.col.mase')}</span>
              </Tooltip>
            </Table.Th>
            <Table.Th ta="right">{t('planning.col.bias')}</Table.Th>
            <Table.Th ta="right">{t('planning.col.coverage')}</Table.Th>
            <Table.Th ta="right">{t('planning.col.series')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr key={r.model} data-testid="accuracy-row" data-series={r.series}>
              <Table.Td>{label('model', r.model)}</Table.Td>
              <Table.Td className="desk-num" ta="right">{f.pct(r.wape === null ? null : r.wape * 100)}</Table.Td>
              <Table.Td className="desk-num" ta="right">{f.fixed(r.mase, 3)}</Table.Td>
              <Table.Td className="desk-num" ta="right">{f.pct(r.bias === null ? null : r.bias * 100)}</Table.Td>
              <Table.Td className="desk-num" ta="right">{f.pct(r.coverage === null ? null : r.coverage * 100)}</Table.Td>
              <Table.Td className="desk-num" ta="right">{f.num(r.series)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {subsets && (
        <Text size="xs" c="dimmed" data-testid="accuracy-subset-note">
          {t('planning.accuracySubsetNote')}
        </Text>
      )}
      {all.some((r) => r.model.endsWith('-holdout')) && (
        <Text size="xs" c="dimmed" data-testid="accuracy-holdout-note">
          {t('planning.accuracyHoldoutNote', { horizon: run.horizon })}
        </Text>
      )}
    </Stack>
  );
}
