/** Data: import wizard, product photos, import history, backup and restore. */
import type { ReactNode } from 'react';
import { Stack, Tabs, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useReadySignal } from '../components/ready';
import { ImportWizard } from './data/ImportWizard';
import { ImagesImport } from './data/ImagesImport';
import { ImportHistory } from './data/ImportHistory';
import { BackupRestore } from './data/BackupRestore';

/** The data screen. */
export function DataScreen(): ReactNode {
  const { t } = useTranslation();
  useReadySignal(true, 'data');
  return (
    <Stack gap="sm">
      <Title order={1} size="h3">
        {t('nav.data')}
      </Title>
      <Tabs defaultValue="import" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="import" data-testid="tab-import">
            {t('data.tabImport')}
          </Tabs.Tab>
          <Tabs.Tab value="history" data-testid="tab-history">
            {t('data.tabHistory')}
          </Tabs.Tab>
          <Tabs.Tab value="backup" data-testid="tab-backup">
            {t('data.tabBackup')}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="import" pt="sm">
          <Stack gap="md">
            <ImportWizard />
            <ImagesImport />
          </Stack>
        </Tabs.Panel>
        <Tabs.Panel value="history" pt="sm">
          <ImportHistory />
        </Tabs.Panel>
        <Tabs.Panel value="backup" pt="sm">
          <BackupRestore />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
