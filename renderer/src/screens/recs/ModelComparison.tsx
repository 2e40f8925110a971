/** Every model's HR@10, NDCG@10, coverage, tail share and training time (test item, full ranking), as a table and a chart, plus the tail control's measured effect. */
import type { ReactNode } from 'react';
import { BarChart } from '@mantine/charts';
import { Grid, Paper, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { OpResult } from '../../../../engine/api/ops/index';
import { useFormat } from '../../format';
import { accuracyChange } from './change';

type Metrics = NonNullable<OpResult<'recs.status'>>['metrics'];

/** The models tab. */
export function ModelComparison({ metrics, createdAt }: { metrics: Metrics; createdAt: string }): ReactNode {
  const { t } = useTranslation();
  const f = useFormat();
  const rows = metrics.comparison;
  const choice = metrics.tailChoice;
  // Runs since 2026-12-04 evening score the customers whose held-out item is new to them apart: lists never show a
  // history item. The column appears only where some held-out items were repeats.
  const ref = rows.find((r) => !r.skipped && typeof r.newTargets === 'number');
  const repeats = ref && ref.newTargets < ref.users ? ref : null;
  const data = rows.filter((r) => !r.skipped).map((r) => ({ model: t(`recs.model.${r.model}`), 'HR@10': Number(r.hr.toFixed(4)), 'NDCG@10': Number(r.ndcg.toFixed(4)) }));
  // Nobody had a held-out item (a new shop): a table and chart of zeros would read as models that fail.
  if (rows.length > 0 && rows.every((r) => r.users === 0)) {
    return (
      <Paper withBorder p="sm" data-testid="recs-models-none">
        <Title order={2} size="h6" mb="xs">
          {t('recs.comparison')}
        </Title>
        <Text size="sm">{t('recs.nothingMeasured')}</Text>
      </Paper>
    );
  }
  return (
    <Grid>
      <Grid.Col span={{ base: 12, lg: 7 }}>
        <Paper withBorder p="sm">
          <Title order={2} size="h6">
            {t('recs.comparison')}
          </Title>
          <Text size="xs" c="dimmed" mb="xs">
            {t('recs.comparisonNote', { users: f.num(rows[0]?.users ?? 0), date: f.date(createdAt.slice(0, 10)) })}
          </Text>
          <Table striped data-testid="recs-models">
            {/* Chinese headings break at spaces only, never inside a word (商品覆盖率, not 商品覆盖 / 率). */}
            <Table.Thead style={{ wordBreak: 'keep-all' }}>
              <Table.Tr>
                <Table.Th>{t('recs.colModel')}</Table.Th>
                <Table.Th ta="right">HR@10</Table.Th>
                <Table.Th ta="right">NDCG@10</Table.Th>
                <Table.Th ta="right">{t('recs.colCoverage')}</Table.Th>
                <Table.Th ta="right">{t('recs.colTail')}</Table.Th>
                <Table.Th ta="right">{t('recs.colSeconds')}</Table.Th>
                {repeats && <Table.Th ta="right">{t('recs.colNew')}</Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((r) => (
                <Table.Tr key={r.model} fw={r.model === metrics.primary ? 600 : undefined}>
                  <Table.Td>{t(`recs.model.${r.model}`)}</Table.Td>
                  {r.skipped ? (
                    <Table.Td colSpan={repeats ? 6 : 5}>{t('recs.skipped')}</Table.Td>
                  ) : (
                    <>
                      <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>{f.fixed(r.hr, 3)}</Table.Td>
                      <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>{f.fixed(r.ndcg, 3)}</Table.Td>
                      <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>{f.fixed(100 * r.coverage, 1)}%</Table.Td>
                      <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>{f.fixed(100 * r.tailShare, 1)}%</Table.Td>
                      <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }} data-testid="recs-train-time">{f.duration(r.trainSeconds)}</Table.Td>
                      {repeats && <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>{repeats.newTargets > 0 ? f.fixed(r.ndcgNew ?? 0, 3) : '—'}</Table.Td>}
                    </>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {repeats && (
            <Text size="xs" c="dimmed" mt="xs" data-testid="recs-repeats-note">
              {repeats.newTargets > 0
                ? t('recs.repeatsNote', { share: f.fixed((100 * (repeats.users - repeats.newTargets)) / repeats.users, 1), users: f.num(repeats.newTargets) })
                : t('recs.repeatsNoteNone')}
            </Text>
          )}
          <Text size="xs" c="dimmed" mt={4} data-testid="recs-primary-note">
            {t(metrics.primaryBy === 'new' ? 'recs.primaryNoteNew' : 'recs.primaryNoteAll')}
          </Text>
        </Paper>
      </Grid.Col>
      <Grid.Col span={{ base: 12, lg: 5 }}>
        <Paper withBorder p="sm" data-testid="recs-chart">
          <Title order={2} size="h6" mb="xs">
            {t('recs.chart')}
          </Title>
          <BarChart
            h={250}
            data={data}
            dataKey="model"
            // Every model's name shown (slanted: five or more long names do not fit side by side).
            xAxisProps={{ interval: 0, angle: -18, textAnchor: 'end', height: 64, tick: { fontSize: 11 } }}
            withLegend legendProps={{ verticalAlign: 'top' }} series={[{ name: 'HR@10', color: 'blue.6' }, { name: 'NDCG@10', color: 'teal.6' }]} />
        </Paper>
        <Paper withBorder p="sm" mt="sm">
          <Title order={2} size="h6" mb="xs">
            {t('recs.tailTitle')} · {t(`recs.tailForm.${metrics.tailForm ?? 'discount'}`)}
          </Title>
          {choice && (
            <Text size="xs" c="dimmed" mb="xs" data-testid="recs-tail-choice">
              {t(`recs.tailChoice.${choice.form}`, { gamma: f.num(choice.gamma, 1), share: f.fixed(100 * choice.tailShare, 1), base: f.fixed(100 * choice.plainTailShare, 1), change: accuracyChange(f, choice.plainNdcg, choice.ndcg) })}
            </Text>
          )}
          <Table striped data-testid="recs-tail-table">
            <Table.Thead>
              <Table.Tr>
                {/* The slider's setting (γ to the engine), named as the slider and the suggested setting name it. */}
                <Table.Th>{t('recs.colSetting')}</Table.Th>
                <Table.Th ta="right">NDCG@10</Table.Th>
                <Table.Th ta="right">{t('recs.colTail')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {metrics.tailEffect.map((s) => (
                <Table.Tr key={s.gamma} fw={choice && s.gamma === choice.gamma ? 600 : undefined}>
                  <Table.Td>{f.num(s.gamma, 2)}</Table.Td>
                  <Table.Td ta="right">{f.fixed(s.ndcg, 3)}</Table.Td>
                  <Table.Td ta="right">{f.fixed(100 * s.tailShare, 1)}%</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      </Grid.Col>
    </Grid>
  );
}
