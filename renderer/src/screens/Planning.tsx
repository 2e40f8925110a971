/** Planning: run the forecast and the plan, edit purchase suggestions by supplier, export them, and check forecast accuracy. */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Alert, Badge, Button, Group, NumberInput, Progress, Stack, Table, Tabs, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { call } from '../api/client';
import { useLangQuery } from '../api/langQuery';
import { followJob, jobFailure } from '../api/jobs';
import { QueryState } from '../components/QueryState';
import { notifyError, notifyExported } from '../components/notify';
import { useReadySignal } from '../components/ready';
import { useFormat } from '../format';
import { AccuracyPanel } from './planning/Accuracy';
import { ForecastStale } from './planning/ForecastStale';
import { ForecastWarnings } from './planning/ForecastWarnings';
import { FORECAST_STARTING, forecastProgressText, type ForecastProgress } from './planning/forecastProgress';
import { SkuDetail } from './planning/SkuDetail';
import { msg } from '../i18n/msg';

/** The ISO day `n` days from `iso`. */
function addDaysIso(iso: string, n: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

/** The planning screen. */
export function PlanningScreen(): ReactNode {
  const { t, i18n } = useTranslation();
  const f = useFormat();
  const qc = useQueryClient();
  const [serviceLevel, setServiceLevel] = useState<number>(95);
  const [progress, setProgress] = useState<ForecastProgress | null>(null);
  const pct = progress ? (progress.total ? (100 * progress.done) / progress.total : 0) : null;
  const [tab, setTab] = useState<string | null>('suggestions');
  // Inventory's forecast note opens this screen at Forecast & plan: the button gets the focus (Enter runs it).
  const runButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (sessionStorage.getItem('desk.planning.focus') !== 'run-forecast') return;
    sessionStorage.removeItem('desk.planning.focus');
    runButton.current?.focus();
  }, []);
  // Reasons come translated by the engine: one answer per language (the other's stays on screen while it loads).
  const sugg = useLangQuery({ queryKey: ['planning.suggestions'], queryFn: () => call('planning.suggestions', {}) });
  useReadySignal(sugg.isSuccess && !sugg.isPlaceholderData, 'planning');
  const refresh = (): void => void qc.invalidateQueries({ queryKey: ['planning.suggestions'] });
  const forecast = useMutation({
    mutationFn: async () => {
      const job = await call('forecast.run', { horizon: 28 });
      setProgress(FORECAST_STARTING);
      const done = await followJob(job.jobId, (p) => setProgress(p));
      if (done.status !== 'succeeded') throw jobFailure(done);
      return call('planning.plan', { serviceLevel: serviceLevel / 100, reviewDays: 7 });
    },
    onSuccess: () => {
      // Everything that counts from the forecast: Inventory's columns and filter, the Dashboard's days of cover.
      for (const key of ['forecast.accuracy', 'forecast.latest', 'planning.status', 'products.list', 'dashboard.summary']) void qc.invalidateQueries({ queryKey: [key] });
      refresh();
    },
    onError: (e) => notifyError(msg('planning.failed'), e),
    onSettled: () => setProgress(null),
  });
  const plan = useMutation({
    mutationFn: () => call('planning.plan', { serviceLevel: serviceLevel / 100, reviewDays: 7 }),
    onSuccess: refresh,
    onError: (e) => notifyError(msg('planning.failed'), e),
  });
  const edit = useMutation({
    mutationFn: (v: { id: number; quantity?: number; dismissed?: boolean }) => call('planning.updateSuggestion', v),
    onSuccess: refresh,
    onError: (e) => notifyError(msg('planning.failed'), e),
  });
  const exp = useMutation({
    mutationFn: (format: 'csv' | 'xlsx') => call('planning.export', { format }),
    onSuccess: (r) => notifyExported(msg('planning.exported'), r.path),
    onError: (e) => notifyError(msg('planning.failed'), e),
  });
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={1} size="h3">
          {t('nav.planning')}
        </Title>
        <Group gap="xs">
          <NumberInput w={150} label={t('planning.serviceLevel')} value={serviceLevel} min={50} max={99.9} step={0.5} suffix="%" onChange={(v) => setServiceLevel(Number(v) || 95)} />
          <Button ref={runButton} mt="lg" onClick={() => forecast.mutate()} loading={forecast.isPending} data-testid="run-forecast">
            {t('planning.runForecast')}
          </Button>
          <Button mt="lg" variant="light" onClick={() => plan.mutate()} loading={plan.isPending} data-testid="run-plan">
            {t('planning.runPlan')}
          </Button>
        </Group>
      </Group>
      {progress && pct !== null && (
        <Stack gap={2}>
          <Progress value={pct} aria-label={t('planning.runForecast')} data-testid="forecast-progress" />
          {/* What it is doing, how far and how long it has left: a forecast of a few hundred SKUs takes a minute. */}
          <Text size="xs" c="dimmed" data-testid="forecast-progress-text">
            {forecastProgressText(progress, t, i18n.language === 'zh' ? 'zh' : 'en')}
          </Text>
        </Stack>
      )}
      {/* A forecast older than the sales, which the plan still counts from: said under the one Forecast & plan button. */}
      <ForecastStale />
      {/* The suggestions tab says itself that the sales data are old (plan-stale): the forecast's own note is not repeated there. */}
      <ForecastWarnings hideStale={tab === 'suggestions' && !!sugg.data && sugg.data.staleDays > 2} />
      <Tabs value={tab} onChange={setTab}>
        <Tabs.List>
          <Tabs.Tab value="suggestions" data-testid="tab-suggestions">{t('planning.suggestions')}</Tabs.Tab>
          <Tabs.Tab value="sku" data-testid="tab-sku">{t('planning.skuTab')}</Tabs.Tab>
          <Tabs.Tab value="accuracy" data-testid="tab-accuracy">{t('planning.accuracy')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="suggestions" pt="sm">
          {sugg.data && sugg.data.staleDays > 2 && (
            <Alert color="yellow" mb="sm" data-testid="plan-stale">
              {/* staleDays counts from the day after the data end (asOf): they end one day more ago than that. */}
              {t('planning.stale', { date: f.date(addDaysIso(sugg.data.asOf, -1)), days: sugg.data.staleDays + 1 })}
            </Alert>
          )}
          {!sugg.data ? (
            <QueryState error={sugg.error} onRetry={() => void sugg.refetch()} />
          ) : !sugg.data.suppliers.length ? (
            <Text c="dimmed" data-testid="no-suggestions">
              {t('planning.noSuggestions')}
            </Text>
          ) : (
            <Stack gap="md">
              <Group gap="xs">
                <Button size="xs" variant="light" onClick={() => exp.mutate('csv')} data-testid="export-csv">
                  {t('planning.exportCsv')}
                </Button>
                <Button size="xs" variant="light" onClick={() => exp.mutate('xlsx')} data-testid="export-xlsx">
                  {t('planning.exportXlsx')}
                </Button>
              </Group>
              {sugg.data.suppliers.map((g) => (
                <Stack key={g.supplier ?? ''} gap={4} data-testid="supplier-group">
                  <Group gap="sm">
                    <Title order={2} size="h5">
                      {g.supplier ?? t('planning.noSupplier')}
                    </Title>
                    <Text size="sm" c="dimmed" data-testid="supplier-summary">
                      {t('planning.groupSummary', {
                        lines: t('planning.groupLines', { n: f.num(g.lines.length), count: g.lines.length }),
                        units: t('planning.groupUnits', { n: f.num(g.units), count: g.units }),
                        cost: f.money(g.cost),
                        date: f.date(g.arrivalDate),
                      })}
                    </Text>
                  </Group>
                  {/* Only the product's name wraps: SKU, status, figures and dates keep one line each, and below the
                      narrowest width that allows, the table scrolls sideways rather than cut one. */}
                  <Table.ScrollContainer minWidth={0} type="native">
                    <Table striped withTableBorder fz="sm">
                      <Table.Thead>
                        <Table.Tr>
                          <Table.Th>SKU</Table.Th>
                          <Table.Th>{t('planning.col.product')}</Table.Th>
                          <Table.Th className="desk-nowrap">{t('planning.col.status')}</Table.Th>
                          <Table.Th className="desk-nowrap" ta="right">{t('planning.col.suggested')}</Table.Th>
                          <Table.Th className="desk-nowrap">{t('planning.col.quantity')}</Table.Th>
                          <Table.Th className="desk-nowrap" ta="right">{t('planning.col.cost')}</Table.Th>
                          <Table.Th className="desk-nowrap">{t('planning.col.arrival')}</Table.Th>
                          <Table.Th />
                        </Table.Tr>
                      </Table.Thead>
                      <Table.Tbody>
                        {g.lines.map((l) => (
                          <Table.Tr key={l.id} opacity={l.status === 'dismissed' ? 0.5 : 1} data-testid="suggestion-row" data-sku={l.sku}>
                            <Table.Td className="desk-nowrap" data-testid="suggestion-sku">{l.sku}</Table.Td>
                            <Table.Td>{l.title}</Table.Td>
                            <Table.Td className="desk-nowrap">
                              <Badge variant="light" color={l.detail.status === 'stockout' ? 'red' : 'orange'} data-testid="suggestion-status" styles={{ root: { overflow: 'visible', maxWidth: 'none' }, label: { overflow: 'visible' } }}>
                                {t(`planning.status.${String(l.detail.status ?? 'reorder')}`)}
                              </Badge>
                            </Table.Td>
                            <Table.Td className="desk-nowrap desk-num" ta="right">{f.num(l.suggestedQty)}</Table.Td>
                            <Table.Td>
                              <NumberInput
                                size="xs"
                                w={88}
                                min={0}
                                defaultValue={l.quantity}
                                aria-label={t('planning.col.quantity')}
                                onBlur={(e) => {
                                  const q = Number(e.currentTarget.value.replace(/[^\d.]/g, ''));
                                  if (Number.isFinite(q) && q !== l.quantity) edit.mutate({ id: l.id, quantity: q });
                                }}
                              />
                            </Table.Td>
                            {/* Two decimals on every line, over CN¥1,000 or under it: one format down the column. */}
                            <Table.Td className="desk-nowrap desk-num" ta="right" data-testid="suggestion-cost">{f.money(l.unitCost === null ? null : l.unitCost * l.quantity, 'CNY', 2)}</Table.Td>
                            <Table.Td className="desk-nowrap">{f.date(l.arrivalDate)}</Table.Td>
                            <Table.Td className="desk-nowrap">
                              {l.status !== 'dismissed' && (
                                <Button size="compact-xs" variant="subtle" color="gray" onClick={() => edit.mutate({ id: l.id, dismissed: true })}>
                                  {t('planning.dismiss')}
                                </Button>
                              )}
                            </Table.Td>
                          </Table.Tr>
                        ))}
                      </Table.Tbody>
                    </Table>
                  </Table.ScrollContainer>
                </Stack>
              ))}
            </Stack>
          )}
        </Tabs.Panel>
        <Tabs.Panel value="sku" pt="sm">
          <SkuDetail />
        </Tabs.Panel>
        <Tabs.Panel value="accuracy" pt="sm">
          <AccuracyPanel />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
