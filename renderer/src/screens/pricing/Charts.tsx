/** Charts of one SKU: expected demand, revenue and margin against price (current and recommended marked), and competitor price history. */
import type { ReactNode } from 'react';
import { LineChart } from '@mantine/charts';
import { Paper, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import { QueryState } from '../../components/QueryState';
import { useCodeLabel, type CodeLabel } from '../../codes';
import { useFormat } from '../../format';
import { niceTicks } from './ticks';

/** Expected demand, revenue and margin against price. */
export function CurveChart({ sku }: { sku: string }): ReactNode {
  const { t } = useTranslation();
  const f = useFormat();
  const q = useQuery({ queryKey: ['pricing.curve', sku], queryFn: () => call('pricing.curve', { sku }) });
  if (q.error) return <QueryState error={q.error} onRetry={() => void q.refetch()} />;
  const c = q.data;
  const data = (c?.points ?? []).map((p) => ({ price: Math.round(p.price * 100) / 100, units: p.units, revenue: p.revenue, margin: p.margin }));
  // Units on the right axis: our own round ticks, with enough decimals that no two labels repeat (slow sellers span hundredths).
  const units = data.map((p) => p.units);
  const right = niceTicks(Math.min(...units, Infinity), Math.max(...units, -Infinity));
  const marks = c
    ? [
        { x: Math.round(c.current * 100) / 100, label: t('pricing.current'), color: 'gray.7', labelPosition: 'insideTopLeft' as const },
        ...(c.recommended !== null ? [{ x: Math.round(c.recommended * 100) / 100, label: t('pricing.recommendedMark'), color: 'teal.7', labelPosition: 'insideBottomRight' as const }] : []),
      ]
    : [];
  return (
    <Paper withBorder p="sm" data-testid="pricing-curve">
      <Title order={2} size="h6" mb="xs">
        {t('pricing.curveTitle', { sku })}
      </Title>
      <LineChart
        h={240}
        data={data}
        dataKey="price"
        type="default"
        withDots={false}
        withLegend
        withRightYAxis
        rightYAxisProps={{ ticks: right.ticks, domain: [right.ticks[0], right.ticks[right.ticks.length - 1]], tickFormatter: (v: number) => f.num(v, right.decimals), interval: 0 }}
        legendProps={{ verticalAlign: 'top' }}
        // Prices and money in the shop's currency (as the competitor chart), units per day named on their axis: bare
        // numbers did not say which was which. (A label on the left axis would run over its money ticks.)
        // In the product's currency (the engine says which): it assumed CNY, so a dollar product read "CN¥".
        xAxisProps={{ type: 'number', domain: ['dataMin', 'dataMax'], tickFormatter: (v: number) => f.money(Math.round(v), c?.currency) }}
        yAxisProps={{ tickFormatter: (v: number) => f.money(v, c?.currency) }}
        rightYAxisLabel={t('pricing.axisUnits')}
        valueFormatter={(v) => f.num(v, 1)}
        referenceLines={marks}
        series={[
          { name: 'revenue', label: t('pricing.revenue'), color: 'indigo.6' },
          { name: 'margin', label: t('pricing.margin'), color: 'teal.6' },
          { name: 'units', label: t('pricing.units'), color: 'orange.6', yAxisId: 'right' },
        ]}
      />
      <Text size="xs" c="dimmed">{t('pricing.curveNote')}</Text>
    </Paper>
  );
}

// A competitor is recorded as "<channel> · <shop>" ("Tmall · Lianhua Store 莲花旗舰店"): the channel is a stored code.
const CHANNELS: Record<string, string> = { tmall: 'tmall', taobao: 'taobao', jd: 'jd', 'jd.com': 'jd', pinduoduo: 'pdd', pdd: 'pdd', douyin: 'douyin' };

/** A competitor's name with its channel in the UI language ("天猫 · Lianhua Store 莲花旗舰店"); the shop's own name as recorded. */
function competitorName(name: string, label: CodeLabel): string {
  const at = name.indexOf(' · ');
  const channel = CHANNELS[(at < 0 ? name : name.slice(0, at)).trim().toLowerCase()];
  if (!channel) return name;
  return at < 0 ? label('channel', channel) : `${label('channel', channel)}${name.slice(at)}`;
}

/** Competitor prices over time, with our own price. */
export function CompetitorChart({ sku }: { sku: string }): ReactNode {
  const { t } = useTranslation();
  const f = useFormat();
  const label = useCodeLabel();
  const q = useQuery({ queryKey: ['pricing.competitors', sku], queryFn: () => call('pricing.competitors', { sku }) });
  if (q.error) return <QueryState error={q.error} onRetry={() => void q.refetch()} />;
  const byDate = new Map<string, Record<string, number | string>>();
  for (const c of q.data?.competitors ?? []) for (const p of c.points) byDate.set(p.date, { ...(byDate.get(p.date) ?? { date: p.date }), [c.name]: p.price });
  const dates = [...byDate.keys()].sort();
  // Our price is a step function: carry the last change forward over the competitor dates.
  const own = q.data?.own ?? [];
  let j = 0;
  let cur: number | null = null;
  const data = dates.map((d) => {
    while (j < own.length && own[j].date <= d) cur = own[j++].price;
    return { ...byDate.get(d), date: f.shortDate(d), ours: cur ?? undefined };
  });
  const names = (q.data?.competitors ?? []).map((c) => c.name);
  const colors = ['red.6', 'grape.6', 'cyan.6', 'lime.7', 'yellow.7'];
  return (
    <Paper withBorder p="sm" data-testid="pricing-competitors">
      <Title order={2} size="h6" mb="xs">
        {t('pricing.competitorsTitle')}
      </Title>
      {data.length ? (
        <LineChart
          h={240}
          data={data}
          dataKey="date"
          withDots={false}
          withLegend
          connectNulls
          legendProps={{ verticalAlign: 'top' }}
          // Prices in the product's currency (it assumed CNY), on the axis too: bare numbers did not say which.
          valueFormatter={(v) => f.money(v, q.data?.currency)}
          xAxisProps={{ minTickGap: 24 }}
          yAxisProps={{ tickFormatter: (v: number) => f.money(v, q.data?.currency) }}
          series={[{ name: 'ours', label: t('pricing.ourPrice'), color: 'indigo.6' }, ...names.map((n, i) => ({ name: n, label: competitorName(n, label), color: colors[i % colors.length] }))]}
        />
      ) : (
        <Text size="sm" c="dimmed" py="xl" ta="center">
          {t('pricing.noCompetitors')}
        </Text>
      )}
    </Paper>
  );
}
