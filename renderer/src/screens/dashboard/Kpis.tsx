/** The KPI cards of the dashboard: value, previous period, arrow and relative change. */
import type { ReactNode } from 'react';
import { Group, Paper, SimpleGrid, Text } from '@mantine/core';
import { IconArrowDownRight, IconArrowUpRight, IconMinus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { OpResult } from '../../../../engine/api/ops/index';
import { useFormat, type Formatters } from '../../format';

type Summary = Extract<OpResult<'dashboard.summary'>, { empty: false }>;
type KpiName = keyof Summary['kpis'];

/** Where a rise is good (green) or bad (red). */
const GOOD_WHEN_UP: Record<KpiName, boolean> = {
  revenue: true,
  units: true,
  grossMargin: true,
  stockoutDays: false,
  activeSkus: true,
  sellThrough: true,
};

const ORDER: KpiName[] = ['revenue', 'units', 'grossMargin', 'stockoutDays', 'activeSkus', 'sellThrough'];

function show(name: KpiName, v: number | null, f: Formatters): string {
  switch (name) {
    case 'revenue':
    case 'grossMargin':
      return f.money(v);
    case 'sellThrough':
      return f.pct(v);
    default:
      return f.num(v);
  }
}

/** Six KPI cards. */
export function Kpis({ summary }: { summary: Summary }): ReactNode {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }} spacing="sm" data-testid="kpis">
      {ORDER.map((name) => {
        const k = summary.kpis[name];
        const ch = k.changePct;
        const up = ch !== null && ch > 0.05;
        const down = ch !== null && ch < -0.05;
        const good = (up && GOOD_WHEN_UP[name]) || (down && !GOOD_WHEN_UP[name]);
        const color = !up && !down ? 'dimmed' : good ? 'teal.9' : 'red.9';
        const Arrow = up ? IconArrowUpRight : down ? IconArrowDownRight : IconMinus;
        return (
          <Paper key={name} withBorder p="sm" data-testid={`kpi-${name}`}>
            <Text size="xs" c="dimmed" fw={600} tt="uppercase" truncate>
              {t(`dashboard.kpi.${name}`)}
            </Text>
            <Text size="xl" fw={700} className="desk-num" data-testid={`kpi-${name}-value`} truncate>
              {show(name, k.value, f)}
            </Text>
            {/* The change and the earlier value wrap onto two lines in a narrow card rather than lose digits. */}
            <Group gap={4} style={{ rowGap: 0 }} wrap="wrap">
              <Arrow size={14} color={`var(--mantine-color-${color === 'dimmed' ? 'dimmed' : color.replace('.', '-')})`} aria-hidden />
              <Text size="xs" c={color} className="desk-num">
                {ch === null ? t('dashboard.noPrevious') : `${f.signed(ch, 1)}%`}
              </Text>
              {k.previous !== null && (
                <Text size="xs" c="dimmed" className="desk-num">
                  {t('dashboard.vsPrevious', { value: show(name, k.previous, f) })}
                </Text>
              )}
            </Group>
          </Paper>
        );
      })}
    </SimpleGrid>
  );
}
