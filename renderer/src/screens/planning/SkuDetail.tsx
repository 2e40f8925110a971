/** One SKU: history with stockouts and events, the forecast with its P10–P90 band, stock vs reorder point, model and why, and a what-if. */
import { useState, type ReactNode } from 'react';
import { Alert, Badge, Button, Group, NumberInput, Paper, Stack, Text, Title, Tooltip } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useLangQuery } from '../../api/langQuery';
import { useTranslation } from 'react-i18next';
import { Area, CartesianGrid, ComposedChart, Legend, Line, ReferenceArea, ResponsiveContainer, Tooltip as ChartTooltip, XAxis, YAxis } from 'recharts';
import { call } from '../../api/client';
import { QueryState } from '../../components/QueryState';
import { notifyError } from '../../components/notify';
import { useFormat } from '../../format';
import { useCodeLabel } from '../../codes';
import { ProductPicker } from '../../components/ProductPicker';
import { msg } from '../../i18n/msg';

interface Point {
  date: string;
  units?: number;
  stockout?: number;
  band?: [number, number];
  p50?: number;
  scenario?: number;
}

/** Days between two ISO dates. */
function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/** Gives each shaded range a label row so that labels of ranges starting close together do not overlap. */
function stackLabels<T extends { s: string; label: string }>(ranges: T[]): (T & { row: number })[] {
  const sorted = [...ranges].sort((x, y) => x.s.localeCompare(y.s));
  const rowEnds: string[] = [];
  const named = new Set<string>();
  return sorted.map((r) => {
    // A band without a label of its own takes no label row; nor does a recurring one (a second flash sale in view):
    // its name is on its first band, in the same colour.
    if (!r.label || named.has(r.label)) return { ...r, label: '', row: 0 };
    named.add(r.label);
    // A label needs roughly one day per character at this chart's scale; 14 days at least.
    const width = Math.max(14, r.label.length);
    let row = rowEnds.findIndex((end) => daysBetween(end, r.s) > 0);
    if (row === -1) row = Math.min(rowEnds.length, 2);
    const end = new Date(Date.parse(`${r.s}T00:00:00Z`) + width * 86_400_000).toISOString().slice(0, 10);
    rowEnds[row] = end;
    return { ...r, row };
  });
}

/**
 * Y ticks (0 and four even steps) reaching 12% per row of band labels above the tallest value, so the labels at the top
 * of the chart sit above the lines, not across a sales spike.
 */
function ticksWithRoom(max: number, labelRows: number): number[] {
  const top = Math.max(1, max) * (1 + 0.12 * labelRows);
  const scale = Math.pow(10, Math.floor(Math.log10(top / 4)));
  const step = [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10].map((m) => m * scale).find((v) => 4 * v >= top) ?? 10 * scale;
  return [0, 1, 2, 3, 4].map((k) => Number((k * step).toPrecision(6)));
}

/** The SKU detail panel. */
export function SkuDetail(): ReactNode {
  const { t, i18n } = useTranslation();
  const f = useFormat();
  const label = useCodeLabel();
  const [sku, setSku] = useState<string | null>(null);
  const [discount, setDiscount] = useState<number>(20);
  // The 'why' text comes translated by the engine: one answer per language (the other's stays while it loads).
  const detail = useLangQuery({ queryKey: ['forecast.get', sku], queryFn: () => call('forecast.get', { sku: sku!, days: 120 }), enabled: !!sku });
  const status = useQuery({ queryKey: ['planning.status'], queryFn: () => call('planning.status', {}) });
  const whatif = useMutation({
    mutationFn: () => {
      const fc = detail.data!.forecast;
      return call('forecast.whatif', { sku: sku!, discountPct: discount, start: fc[0].date, end: fc[Math.min(6, fc.length - 1)].date });
    },
    onError: (e) => notifyError(msg('planning.failed'), e),
  });
  const d = detail.data;
  const st = status.data?.find((r) => r.sku === sku);
  // Before a product is picked: the ones out of stock or due for reorder, soonest to run out first.
  const urgent = (status.data ?? [])
    .filter((r) => r.status === 'stockout' || r.status === 'reorder')
    .sort((a, b) => (a.daysOfCover ?? Infinity) - (b.daysOfCover ?? Infinity))
    .slice(0, 8);
  const scen = new Map((whatif.data?.days ?? []).map((x) => [x.date, x.scenario.p50]));
  const data: Point[] = d
    ? [
        ...d.history.map((h) => ({ date: h.date, units: h.units, stockout: h.stockout ? 0 : undefined })),
        ...d.forecast.map((p) => ({ date: p.date, band: [p.p10, p.p90] as [number, number], p50: p.p50, scenario: scen.get(p.date) })),
      ]
    : [];
  const first = data[0]?.date ?? '';
  const last = data[data.length - 1]?.date ?? '';
  const clip = (s: string, e: string): [string, string] => [s < first ? first : s, e > last ? last : e];
  const bands = d
    ? stackLabels([
        ...d.promotions.map((p) => ({ key: `p${p.start}${p.name}`, s: p.start, e: p.end, label: p.name, color: '#fab005' })),
        ...d.events.map((ev) => {
          const name = i18n.language === 'zh' ? ev.nameZh : ev.nameEn;
          // An event's promotion of the same name already labels it: the event keeps its band, not a second label.
          const named = d.promotions.some((p) => p.name === name && p.start <= ev.end && ev.start <= p.end);
          return { key: `e${ev.start}${ev.code}`, s: ev.start, e: ev.end, label: named ? '' : name, color: '#74c0fc' };
        }),
      ])
    : [];
  const labelRows = bands.reduce((m, b) => (b.label ? Math.max(m, b.row + 1) : m), 0);
  const yTicks = labelRows ? ticksWithRoom(Math.max(0, ...data.flatMap((p) => [p.units ?? 0, p.band?.[1] ?? 0, p.p50 ?? 0, p.scenario ?? 0])), labelRows) : undefined;
  return (
    <Stack gap="sm" data-testid="sku-detail">
      <ProductPicker value={sku} onPick={(p) => setSku(p?.sku ?? null)} />
      {!sku && (
        <Stack gap="xs" data-testid="sku-pick-hint">
          <Text size="sm" c="dimmed">
            {t(urgent.length ? 'planning.pickHint' : 'planning.pickHintNone')}
          </Text>
          {urgent.length > 0 && (
            <Group gap="xs">
              {urgent.map((r) => (
                <Button key={r.sku} size="compact-sm" variant="light" color={r.status === 'stockout' ? 'red' : 'orange'} onClick={() => setSku(r.sku)} data-testid="sku-pick-urgent">
                  {r.sku} · {t(`planning.status.${r.status}`)}
                </Button>
              ))}
            </Group>
          )}
        </Stack>
      )}
      {sku && !d && <QueryState error={detail.error} onRetry={() => void detail.refetch()} />}
      {d && (
        <>
          <Group gap="xs">
            <Title order={2} size="h5">
              {d.sku}
            </Title>
            {d.model && (
              <Badge variant="light" data-testid="forecast-model" data-model={d.model}>
                {label('model', d.model)}
              </Badge>
            )}
            {st && <Badge variant="light" color={st.status === 'stockout' ? 'red' : st.status === 'reorder' ? 'orange' : st.status === 'overstock' ? 'grape' : st.status === 'unknown' ? 'gray' : 'green'}>{t(`planning.status.${st.status}`)}</Badge>}
          </Group>
          {d.why && (
            <Alert variant="light" color="blue" p="xs" data-testid="forecast-why">
              {/* The backtest figures behind the sentence (WAPE, the runner-up) are one hover away. */}
              <Tooltip label={d.whyDetail} multiline w={480} disabled={!d.whyDetail}>
                <Text size="sm" data-testid="forecast-why-text">
                  {d.why}
                </Text>
              </Tooltip>
            </Alert>
          )}
          {!d.forecast.length && <Text c="dimmed">{t('planning.noForecast')}</Text>}
          <Paper withBorder p="sm" data-testid="forecast-chart">
            <ResponsiveContainer width="100%" height={280}>
              {/* Room on the right for half of the last date's label, which is centred on the chart's right edge ("12/5" was cut). */}
              <ComposedChart data={data} margin={{ top: 5, right: 24, bottom: 5, left: 0 }} data-testid="forecast-chart-surface">
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="date" minTickGap={32} tickFormatter={(v: string) => f.shortDate(v)} />
                {/* What the left axis counts, as the pricing chart names its demand axis. */}
                <YAxis
                  width={72}
                  domain={yTicks ? [0, yTicks[yTicks.length - 1]] : undefined}
                  ticks={yTicks}
                  label={{ value: t('planning.axisUnits'), angle: -90, position: 'insideLeft', offset: 10, style: { textAnchor: 'middle', fontSize: 12 }, className: 'desk-axis-label' }}
                />
                <ChartTooltip />
                <Legend />
                {bands.map((r) => {
                  const [s, e] = clip(r.s, r.e);
                  // A band at either end of the chart (often cut by it) keeps its label inside the chart: aligned to that end.
                  const position = e === last ? 'insideTopRight' : s === first ? 'insideTopLeft' : 'insideTop';
                  return s <= e ? <ReferenceArea key={r.key} x1={s} x2={e} fill={r.color} fillOpacity={0.15} label={{ value: r.label, position, fontSize: 10, offset: 5 + r.row * 13 }} /> : null;
                })}
                <Area dataKey="band" name={t('planning.band')} stroke="none" fill="#4c6ef5" fillOpacity={0.2} isAnimationActive={false} />
                <Line dataKey="units" name={t('planning.sold')} stroke="#495057" dot={false} isAnimationActive={false} />
                <Line dataKey="stockout" name={t('planning.stockoutDays')} stroke="#fa5252" strokeWidth={0} legendType="circle" dot={{ r: 3, fill: '#fa5252', stroke: 'none' }} activeDot={false} isAnimationActive={false} />
                <Line dataKey="p50" name="P50" stroke="#4c6ef5" dot={false} isAnimationActive={false} />
                {whatif.data && <Line dataKey="scenario" name={t('planning.scenario')} stroke="#40c057" strokeDasharray="5 4" dot={false} isAnimationActive={false} />}
              </ComposedChart>
            </ResponsiveContainer>
          </Paper>
          {st && (
            <Text size="sm" data-testid="stock-projection">
              {t('planning.stockLine', { onHand: f.num(st.onHand), rop: f.num(st.reorderPoint), cover: f.cover(st.daysOfCover), date: f.date(st.stockoutDate) })}
            </Text>
          )}
          {d.forecast.length > 0 && (
            <Group gap="xs" align="end">
              <NumberInput w={160} label={t('planning.whatIfDiscount')} value={discount} min={0} max={90} suffix="%" onChange={(v) => setDiscount(Number(v) || 0)} />
              <Button variant="light" onClick={() => whatif.mutate()} loading={whatif.isPending} data-testid="run-whatif">
                {t('planning.whatIf')}
              </Button>
              {whatif.data && (
                <Text size="sm" data-testid="whatif-result">
                  {t('planning.whatIfResult', { units: f.num(whatif.data.upliftUnits, 1), pct: f.pct(whatif.data.upliftPct), e: f.num(whatif.data.elasticity.value, 2) })}
                </Text>
              )}
            </Group>
          )}
        </>
      )}
    </Stack>
  );
}
