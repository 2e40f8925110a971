/** Settings: language, theme, where the store lives, the compute backend with its measured speed, versions. */
import { useEffect, type ReactNode } from 'react';
import { Badge, Button, Group, Paper, Progress, SegmentedControl, Stack, Table, Text, Title, Tooltip, useMantineColorScheme } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { call } from '../api/client';
import { setLang, type UiLang } from '../i18n/index';
import { QueryState } from '../components/QueryState';
import { notifyError } from '../components/notify';
import { msg } from '../i18n/msg';
import { useReadySignal } from '../components/ready';
import { useFormat } from '../format';
import { useCodeLabel } from '../codes';

/** A backend that failed to load because its optional package is absent (the usual case for the GPU build). */
function notInstalled(reason: string): boolean {
  return /Cannot find module|MODULE_NOT_FOUND|not installed/i.test(reason);
}

function Row({ label, children, testId }: { label: string; children: ReactNode; testId?: string }): ReactNode {
  return (
    <Table.Tr>
      <Table.Th w={220} fw={500}>
        {label}
      </Table.Th>
      <Table.Td data-testid={testId}>{children}</Table.Td>
    </Table.Tr>
  );
}

/** The settings screen. */
export function SettingsScreen(): ReactNode {
  const { t, i18n } = useTranslation();
  const f = useFormat();
  const label = useCodeLabel();
  const { colorScheme, setColorScheme } = useMantineColorScheme();
  const info = useQuery({ queryKey: ['store.info', 'settings'], queryFn: () => call('store.info', { backend: false }) });
  const qc = useQueryClient();
  // The backend's name and its last measurement, at once (starting TensorFlow.js and measuring take 2.5-7 s, which the
  // screen used to wait for on every first open); measured again only when asked, or once when there is none yet.
  const sys = useQuery({ queryKey: ['system.backend'], queryFn: () => call('system.backend', {}), staleTime: Infinity });
  const measure = useMutation({
    mutationFn: () => call('system.backend', { measure: true }),
    onSuccess: (r) => qc.setQueryData(['system.backend'], r),
    onError: (e) => notifyError(msg('settings.measureFailed'), e),
  });
  const neverMeasured = sys.data !== undefined && sys.data.measuredAt === null && sys.data.error === null;
  const { mutate: startMeasure, isIdle: measureIdle } = measure;
  useEffect(() => {
    // In the background: the screen is already drawn and usable.
    if (neverMeasured && measureIdle) startMeasure();
  }, [neverMeasured, measureIdle, startMeasure]);
  useReadySignal(info.isSuccess && sys.isSuccess && !info.isFetching, 'settings');
  return (
    <Stack gap="sm" maw={900}>
      <Title order={1} size="h3">
        {t('nav.settings')}
      </Title>
      <Paper withBorder p="sm">
        <Title order={2} size="h6" mb="xs">
          {t('settings.appearance')}
        </Title>
        <Table fz="sm" verticalSpacing={6}>
          <Table.Tbody>
            <Row label={t('settings.language')}>
              <SegmentedControl
                size="xs"
                aria-label={t('settings.language')}
                value={i18n.language}
                onChange={(v) => void setLang(v as UiLang)}
                data={[
                  { value: 'en', label: 'English' },
                  { value: 'zh', label: '简体中文' },
                ]}
                data-testid="settings-lang"
              />
            </Row>
            <Row label={t('settings.theme')}>
              <SegmentedControl
                size="xs"
                aria-label={t('settings.theme')}
                value={colorScheme === 'dark' ? 'dark' : 'light'}
                onChange={(v) => setColorScheme(v === 'dark' ? 'dark' : 'light')}
                data={[
                  { value: 'light', label: t('settings.themeLight') },
                  { value: 'dark', label: t('settings.themeDark') },
                ]}
                data-testid="settings-theme"
              />
            </Row>
          </Table.Tbody>
        </Table>
      </Paper>
      <Paper withBorder p="sm">
        <Title order={2} size="h6" mb="xs">
          {t('settings.store')}
        </Title>
        {!info.data ? (
          <QueryState error={info.error} />
        ) : (
          <Table fz="sm" verticalSpacing={6}>
            <Table.Tbody>
              <Row label={t('settings.storePath')} testId="store-path">
                <Text size="sm" style={{ wordBreak: 'break-all' }}>
                  {info.data.path}
                </Text>
              </Row>
              <Row label={t('settings.storeSize')} testId="store-size">
                {f.bytes(info.data.sizeBytes)}
              </Row>
              <Row label={t('settings.salesRange')}>
                {info.data.salesDateRange.from ? `${f.date(info.data.salesDateRange.from)} – ${f.date(info.data.salesDateRange.to)}` : t('settings.noSales')}
              </Row>
            </Table.Tbody>
          </Table>
        )}
      </Paper>
      <Paper withBorder p="sm">
        <Title order={2} size="h6" mb="xs">
          {t('settings.compute')}
        </Title>
        {!sys.data ? (
          <QueryState error={sys.error} />
        ) : (
          <Table fz="sm" verticalSpacing={6}>
            <Table.Tbody>
              <Row label={t('settings.backend')} testId="backend-name">
                <Group gap="xs">
                  <Badge variant="light" data-backend={sys.data.backend ?? ''}>
                    {sys.data.backend ? label('backend', sys.data.backend) : t('settings.noBackend')}
                  </Badge>
                  {sys.data.error && (
                    // The engine's own words (file names, stack-like text) stay on hover; the screen says what it means.
                    <Tooltip label={sys.data.error} multiline w={420}>
                      <Text size="xs" c="red.9" data-testid="backend-error">
                        {t('settings.backendFailed')}
                      </Text>
                    </Tooltip>
                  )}
                </Group>
              </Row>
              <Row label={t('settings.speed')} testId="backend-speed">
                <Group gap="sm" wrap="nowrap">
                  {measure.isPending ? (
                    <Group gap="xs" wrap="nowrap" data-testid="backend-measuring">
                      <Progress value={100} striped animated w={120} aria-label={t('settings.measuring')} />
                      <Text size="sm">{t('settings.measuring')}</Text>
                    </Group>
                  ) : sys.data.gflops !== null ? (
                    <Text size="sm" data-measured-at={sys.data.measuredAt ?? ''}>
                      {t('settings.gflops', { value: f.num(sys.data.gflops, 1) })}
                      {sys.data.measuredAt && (
                        <Text span size="xs" c="dimmed">
                          {' · '}
                          {t('settings.measuredAt', { when: f.date(sys.data.measuredAt) })}
                        </Text>
                      )}
                    </Text>
                  ) : (
                    <Text size="sm" c="dimmed">
                      {sys.data.error ? '—' : t('settings.notMeasured')}
                    </Text>
                  )}
                  <Button size="compact-xs" variant="light" onClick={() => measure.mutate()} loading={measure.isPending} data-testid="backend-measure">
                    {t(sys.data.measuredAt ? 'settings.measureAgain' : 'settings.measure')}
                  </Button>
                </Group>
              </Row>
              {sys.data.training && (
                <Row label={t('settings.training')} testId="training-device">
                  {sys.data.training.gpu ? (
                    <Stack gap={2}>
                      <Text size="sm">{t('settings.trainingGpu', { gpu: sys.data.training.gpu })}</Text>
                      {sys.data.training.speedup !== null && (
                        <Text size="xs" c="dimmed">
                          {t('settings.trainingSpeedup', { speedup: f.num(sys.data.training.speedup, 0) })}
                        </Text>
                      )}
                    </Stack>
                  ) : (
                    <Tooltip label={sys.data.training.reason ?? ''} multiline w={420} disabled={!sys.data.training.reason}>
                      <Text size="sm" data-code={sys.data.training.code ?? ''}>
                        {t('settings.trainingCpu', { backend: label('backend', sys.data.training.name), why: t(`settings.gpuWhy.${sys.data.training.code ?? 'failed'}`) })}
                      </Text>
                    </Tooltip>
                  )}
                </Row>
              )}
              {sys.data.skipped.length > 0 && (
                <Row label={t('settings.skipped')}>
                  <Stack gap={2}>
                    {sys.data.skipped.map((s) => (
                      <Tooltip key={s.name} label={s.reason} multiline w={420}>
                        <Text size="xs" c="dimmed" data-testid="backend-skipped">
                          {t('settings.skippedRow', { backend: label('backend', s.name), why: t(notInstalled(s.reason) ? 'settings.notInstalled' : 'settings.couldNotStart') })}
                        </Text>
                      </Tooltip>
                    ))}
                  </Stack>
                </Row>
              )}
              <Row label={t('settings.versions')} testId="versions">
                <Text size="sm" className="desk-num">
                  {t('settings.versionList', {
                    app: sys.data.versions.app,
                    schema: sys.data.versions.schema ?? '—',
                    node: sys.data.versions.node,
                    electron: sys.data.versions.electron ?? t('settings.browserMode'),
                  })}
                </Text>
              </Row>
            </Table.Tbody>
          </Table>
        )}
      </Paper>
    </Stack>
  );
}
