/** Above the Planning tabs: the forecast is older than the sales (or leaves out products sold since). */
import type { ReactNode } from 'react';
import { Alert, Text } from '@mantine/core';
import { IconClockExclamation } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import { useLangQuery } from '../../api/langQuery';
import { staleParams, staleReason } from '../../components/staleForecast';
import { useFormat } from '../../format';

/**
 * Says when the stored forecast is out of date (engine/planning/freshness.ts), which the plan, Inventory's columns and
 * the Dashboard still count from. It names Forecast & plan, the screen's own button above it, and has none of its own:
 * two buttons of one name on one screen read as two different things.
 */
export function ForecastStale(): ReactNode {
  const { t } = useTranslation();
  const f = useFormat();
  const latest = useLangQuery({ queryKey: ['forecast.latest'], queryFn: () => call('forecast.latest', {}) });
  const fresh = latest.data?.freshness;
  if (!fresh?.stale) return null;
  return (
    <Alert color="orange" icon={<IconClockExclamation size={18} />} title={t('planning.forecastStale.title')} data-testid="forecast-stale">
      <Text size="sm" data-testid="forecast-stale-text">
        {/* Newer sales are named first: the forecast they call for covers the products sold since too. */}
        {t(`planning.forecastStale.${staleReason(fresh)}`, staleParams(fresh, f))}
      </Text>
    </Alert>
  );
}
