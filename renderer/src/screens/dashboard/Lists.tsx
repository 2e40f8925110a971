/** Top and bottom movers and the stock alerts of the dashboard, as compact tables. */
import type { ReactNode } from 'react';
import { Badge, Button, Group, Paper, Table, Text, Title, UnstyledButton } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { OpResult } from '../../../../engine/api/ops/index';
import { openForecastInPlanning, openInInventory, openLowCoverInInventory } from '../../components/openInventory';
import { staleParams, staleReason } from '../../components/staleForecast';
import { productTitle, useFormat } from '../../format';

type Summary = Extract<OpResult<'dashboard.summary'>, { empty: false }>;
type Mover = Summary['movers']['top'][number];

/**
 * A product's title and SKU as a button that opens Inventory at that SKU: a merchant who sees a product running out
 * goes to it in one click (or Enter); the whole title is on hover where the column cuts it.
 */
function ProductCell({ sku, titleZh, titleEn }: { sku: string; titleZh: string | null; titleEn: string | null }): ReactNode {
  const { t, i18n } = useTranslation();
  const title = productTitle(i18n.language, titleZh, titleEn, sku);
  return (
    <UnstyledButton className="desk-product-open" onClick={() => openInInventory(sku)} title={`${sku} · ${title} — ${t('dashboard.openInInventory')}`} data-testid="dashboard-product" data-sku={sku}>
      <Text size="sm" truncate>
        {title}
      </Text>
      <Text size="xs" c="dimmed">
        {sku}
      </Text>
    </UnstyledButton>
  );
}

function Empty({ text }: { text: string }): ReactNode {
  return (
    <Text size="sm" c="dimmed" py="sm">
      {text}
    </Text>
  );
}

function MoverTable({ rows, testId }: { rows: Mover[]; testId: string }): ReactNode {
  const { t } = useTranslation();
  const f = useFormat();
  if (!rows.length) return <Empty text={t('dashboard.noMovers')} />;
  return (
    <Table fz="sm" verticalSpacing={4} data-testid={testId} layout="fixed">
      <Table.Thead>
        <Table.Tr>
          <Table.Th w="45%">{t('products.col.title')}</Table.Th>
          <Table.Th ta="right">{t('dashboard.units')}</Table.Th>
          <Table.Th ta="right">{t('dashboard.prevUnits')}</Table.Th>
          <Table.Th ta="right">{t('dashboard.change')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((m) => (
          <Table.Tr key={m.productId}>
            <Table.Td>
              <ProductCell sku={m.sku} titleZh={m.titleZh} titleEn={m.titleEn} />
            </Table.Td>
            <Table.Td ta="right" className="desk-num">{f.num(m.units)}</Table.Td>
            <Table.Td ta="right" className="desk-num">{f.num(m.prevUnits)}</Table.Td>
            <Table.Td ta="right" className="desk-num" c={m.change > 0 ? 'teal.9' : 'red.9'}>
              {f.signed(m.change, 0)}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** Risers and fallers by units change. */
export function Movers({ summary }: { summary: Summary }): ReactNode {
  const { t } = useTranslation();
  return (
    <Paper withBorder p="sm">
      <Title order={2} size="h6">
        {t('dashboard.topMovers')}
      </Title>
      <MoverTable rows={summary.movers.top} testId="movers-top" />
      <Title order={2} size="h6" mt="sm">
        {t('dashboard.bottomMovers')}
      </Title>
      <MoverTable rows={summary.movers.bottom} testId="movers-bottom" />
    </Paper>
  );
}

/** SKUs running out and SKUs that stocked out recently. */
export function Alerts({ summary }: { summary: Summary }): ReactNode {
  const { t } = useTranslation();
  const f = useFormat();
  const { lowCover, stockouts } = summary.alerts;
  return (
    <Paper withBorder p="sm" data-testid="alerts">
      <Group justify="space-between" wrap="nowrap">
        <Title order={2} size="h6">
          {t('dashboard.lowCover', { days: summary.coverDays })}
        </Title>
        <Badge color={lowCover.total ? 'red' : 'gray.7'} variant={lowCover.total ? 'outline' : 'filled'} data-testid="low-cover-count">
          {f.num(lowCover.total)}
        </Badge>
      </Group>
      {/* Counted as Inventory's days-of-cover column counts them: from the forecast once Planning has made one. A forecast
          older than the sales is still counted from, and the caption says so with the way to redo it. */}
      {lowCover.forecast?.stale ? (
        <Text size="xs" fw={500} data-testid="low-cover-basis" data-basis={lowCover.basis} data-stale="true">
          {t(`dashboard.coverBasis.forecastStale.${staleReason(lowCover.forecast)}`, staleParams(lowCover.forecast, f))}{' '}
          <Button variant="subtle" size="compact-xs" px={4} fz="xs" onClick={openForecastInPlanning} data-testid="low-cover-rerun">
            {t('dashboard.coverBasis.forecastStale.rerun')}
          </Button>
        </Text>
      ) : (
        <Text size="xs" c="dimmed" data-testid="low-cover-basis" data-basis={lowCover.basis}>
          {t(`dashboard.coverBasis.${lowCover.basis}`)}
        </Text>
      )}
      {lowCover.rows.length === 0 ? (
        <Empty text={t(lowCover.basis === 'forecast' ? 'dashboard.noLowCoverForecast' : 'dashboard.noLowCover')} />
      ) : (
        <Table fz="sm" verticalSpacing={4} layout="fixed" data-testid="low-cover">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w="45%">{t('products.col.title')}</Table.Th>
              <Table.Th ta="right">{t('products.col.onHand')}</Table.Th>
              <Table.Th ta="right">{t('dashboard.perDay')}</Table.Th>
              <Table.Th ta="right">{t('dashboard.daysLeft')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {lowCover.rows.map((r) => (
              <Table.Tr key={r.productId}>
                <Table.Td>
                  <ProductCell sku={r.sku} titleZh={r.titleZh} titleEn={r.titleEn} />
                </Table.Td>
                <Table.Td ta="right" className="desk-num">{f.num(r.onHand)}</Table.Td>
                <Table.Td ta="right" className="desk-num">{f.num(r.dailyDemand, 1)}</Table.Td>
                <Table.Td ta="right" className="desk-num" data-testid="low-cover-days">
                  {f.cover(r.daysOfCover)}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {/* The table lists the first few: the rest are in Inventory, filtered to the same products. */}
      {lowCover.total > lowCover.rows.length && (
        <Button size="compact-xs" variant="subtle" mt={4} onClick={() => openLowCoverInInventory(summary.coverDays)} data-testid="low-cover-all">
          {t('dashboard.showAllLowCover', { n: f.num(lowCover.total), count: lowCover.total })}
        </Button>
      )}
      <Group justify="space-between" mt="sm" wrap="nowrap">
        <Title order={2} size="h6">
          {t('dashboard.stockouts')}
        </Title>
        <Badge color={stockouts.total ? 'red.9' : 'gray.7'} variant="filled" data-testid="stockout-count">
          {f.num(stockouts.total)}
        </Badge>
      </Group>
      {stockouts.rows.length === 0 ? (
        <Empty text={t('dashboard.noStockouts')} />
      ) : (
        <Table fz="sm" verticalSpacing={4} layout="fixed" data-testid="stockouts">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w="50%">{t('products.col.title')}</Table.Th>
              <Table.Th ta="right">{t('dashboard.daysOut')}</Table.Th>
              {/* Wide enough for "2026年11月28日" on one line at 1280 px. */}
              <Table.Th ta="right" w="30%">
                {t('dashboard.lastOut')}
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {stockouts.rows.map((r) => (
              <Table.Tr key={r.productId}>
                <Table.Td>
                  <ProductCell sku={r.sku} titleZh={r.titleZh} titleEn={r.titleEn} />
                </Table.Td>
                <Table.Td ta="right" className="desk-num">{f.num(r.stockoutDays)}</Table.Td>
                <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }} data-testid="stockout-last">
                  {f.date(r.lastStockout)}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Paper>
  );
}
