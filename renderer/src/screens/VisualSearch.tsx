/** Visual search: find products that look like a photo (dropped, pasted, picked) or like a product; duplicate listings. */
import type { ReactNode } from 'react';
import { Stack, Tabs, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { DuplicatesPanel } from './visual/Duplicates';
import { SearchPanel } from './visual/SearchPanel';

/** The VisualSearch screen. */
export function VisualSearchScreen(): ReactNode {
  const { t } = useTranslation();
  return (
    <Stack gap="md" data-testid="visual-screen">
      <Title order={2} size="h4">
        {t('nav.visual')}
      </Title>
      <Tabs defaultValue="search" keepMounted={false}>
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
