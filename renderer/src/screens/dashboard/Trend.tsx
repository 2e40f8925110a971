/** Daily revenue of the period with the previous period dashed; an explanation instead of an empty chart. */
import type { ReactNode } from 'react';
import { LineChart } from '@mantine/charts';
import { Paper, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../format';

/** The trend chart. */
export function Trend({ trend }: { trend: { date: string; revenue: number; prevRevenue: number }[] }): ReactNode {
  const { t } = useTranslation();
  const f = useFormat();
  const any = trend.some((p) => p.revenue > 0 || p.prevRevenue > 0);
  const data = trend.map((p) => ({ day: f.shortDate(p.date), current: p.revenue, previous: p.prevRevenue }));
  return (
    <Paper withBorder p="sm" data-testid="trend">
      <Title order={2} size="h6" mb="xs">
        {t('dashboard.trendTitle')}
      </Title>
      {any ? (
        <LineChart
          h={240}
          data={data}
          dataKey="day"
          withDots={false}
          curveType="monotone"
          withLegend
          legendProps={{ verticalAlign: 'top' }}
          valueFormatter={(v) => f.money(v)}
          yAxisProps={{ width: 80 }}
          xAxisProps={{ minTickGap: 24 }}
          series={[
            { name: 'current', label: t('dashboard.thisPeriod'), color: 'indigo.6' },
            { name: 'previous', label: t('dashboard.previousPeriod'), color: 'gray.6', strokeDasharray: '5 4' },
          ]}
          data-testid="trend-chart"
        />
      ) : (
        <Text size="sm" c="dimmed" py="xl" ta="center" data-testid="trend-empty">
          {t('dashboard.trendEmpty')}
        </Text>
      )}
    </Paper>
  );
}
