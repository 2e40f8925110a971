/** Visual search: find products that look like a photo (dropped, pasted, picked) or like a product; duplicate listings. */
import type { ReactNode } from 'react';
import { Stack, Tabs, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useKept } from '../components/kept';
import { DuplicatesPanel } from './visual/Duplicates';
import { SearchPanel } from './visual/SearchPanel';

/** The VisualSearch screen. */
export function VisualSearchScreen(): ReactNode {
  const { t } = useTranslation();
  // The open tab is kept across visits to other screens (the search panel keeps its photo and results likewise).
  const [tab, setTab] = useKept('visual.tab', 'search');
  return (
    <Stack gap="md" data-testid="visual-screen">
      <Title order={2} size="h4">
        {t('nav.visual')}
      </Title>
      <Tabs value={tab} onChange={(v) => setTab(v ?? 'search')} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="search" data-testid="visual-tab-search">
            {t('visual.tabSearch')}
          </Tabs.Tab>
          <Tabs.Tab value="duplicates" data-testid="visual-tab-duplicates">
            {t('visual.tabDuplicates')}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="search" pt="md">
          <SearchPanel />
        </Tabs.Panel>
        <Tabs.Panel value="duplicates" pt="md">
          <DuplicatesPanel />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
