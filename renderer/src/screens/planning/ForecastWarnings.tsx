/** The latest forecast's warnings above the Planning tabs: a title with their count and date, the messages under it (collapsible). */
import { useState, type ReactNode } from 'react';
import { Alert, Button, Collapse, Group, List, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import { useLangQuery } from '../../api/langQuery';
import { useFormat } from '../../format';

/**
 * What the latest forecast run warned about (sales data that end weeks ago, a saved model it had to ignore), worded by
 * the engine in the UI language. `hideStale` leaves out the stale-sales warning where the screen already says so.
 */
export function ForecastWarnings({ hideStale }: { hideStale: boolean }): ReactNode {
  const { t } = useTranslation();
  const f = useFormat();
  // The run whose warnings the merchant folded away: a newer run with warnings opens again.
  const [folded, setFolded] = useState<string | null>(null);
  // The other language's wording loads while this one stays on screen (no flicker, nothing folded reopens).
  const latest = useLangQuery({ queryKey: ['forecast.latest'], queryFn: () => call('forecast.latest', {}) });
  const run = latest.data?.run;
  const shown = (latest.data?.warnings ?? []).filter((w) => !(hideStale && w.code === 'stale_history'));
  if (!run || !shown.length) return null;
  const open = folded !== run.id;
  const n = shown.length;
  return (
    <Alert color="yellow" icon={<IconAlertTriangle size={18} />} data-testid="forecast-warnings" data-open={open} styles={{ label: { flex: 1 }, body: open ? undefined : { gap: 0 }, title: open ? undefined : { marginBottom: 0 } }}
      title={
        <Group justify="space-between" gap="xs" wrap="nowrap">
          <span>{t('planning.forecastWarnings.title', { count: n, n: f.num(n), date: f.date(run.createdAt) })}</span>
          <Button variant="subtle" color="yellow" size="compact-xs" aria-expanded={open} aria-controls="forecast-warning-list" onClick={() => setFolded(open ? run.id : null)} data-testid="forecast-warnings-toggle">
            {open ? t('planning.forecastWarnings.hide') : t('planning.forecastWarnings.show')}
          </Button>
        </Group>
      }
    >
      <Collapse expanded={open}>
        <List id="forecast-warning-list" size="sm" spacing={4}>
          {shown.map((w, i) => (
            <List.Item key={`${w.code}-${i}`} data-testid="forecast-warning" data-code={w.code}>
              <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                {w.message}
              </Text>
            </List.Item>
          ))}
        </List>
      </Collapse>
    </Alert>
  );
}
