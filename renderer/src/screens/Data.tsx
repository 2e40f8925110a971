/** Data: import wizard, product photos, import history, backup and restore. */
import { useEffect, useState, type ReactNode } from 'react';
import { Stack, Tabs, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useKept } from '../components/kept';
import { useReadySignal } from '../components/ready';
import { DATA_TAB_EVENT, DATA_TAB_KEY } from '../components/StoreHealth';
import { ImportWizard } from './data/ImportWizard';
import { ImagesImport } from './data/ImagesImport';
import { ImportHistory } from './data/ImportHistory';
import { BackupRestore } from './data/BackupRestore';

/** The data screen. */
export function DataScreen(): ReactNode {
  const { t } = useTranslation();
  useReadySignal(true, 'data');
  // The tab open when the merchant left is open on coming back (History used to fall back to Import); another part of
  // the app may send the user to a tab (the damaged-store alert to Backup and restore), which takes its place.
  const [asked] = useState(() => {
    const a = sessionStorage.getItem(DATA_TAB_KEY);
    sessionStorage.removeItem(DATA_TAB_KEY);
    return a;
  });
  const [tab, setTab] = useKept<string>('data.tab', 'import', asked ? { value: asked } : undefined);
  useEffect(() => {
    const onTab = (e: Event): void => {
      sessionStorage.removeItem(DATA_TAB_KEY);
      setTab((e as CustomEvent<string>).detail);
    };
    window.addEventListener(DATA_TAB_EVENT, onTab);
    return () => window.removeEventListener(DATA_TAB_EVENT, onTab);
  }, [setTab]);
  return (
    <Stack gap="sm">
      <Title order={1} size="h3">
        {t('nav.data')}
      </Title>
      <Tabs value={tab} onChange={(v) => v && setTab(v)} keepMounted={false}>
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
