/** The app frame: store gate, sidebar from the screen registry, header with store, language and theme. */
import { Suspense, useEffect, useState, type ReactNode } from 'react';
import { ActionIcon, AppShell, Button, Center, Group, Loader, NavLink, ScrollArea, Text, Title, Tooltip, useMantineColorScheme } from '@mantine/core';
import { IconMoon, IconSun } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { call } from './api/client';
import { ErrorBoundary } from './components/ErrorBoundary';
import { LangSwitch } from './components/LangSwitch';
import { QueryState } from './components/QueryState';
import { Notifications } from './components/notify';
import { StoreDamagedAlert } from './components/StoreHealth';
import { screens } from './screens/registry';
import { StorePicker } from './screens/StorePicker';

const SCREEN_KEY = 'desk.screen';

function ThemeToggle(): ReactNode {
  const { t } = useTranslation();
  const { colorScheme, setColorScheme } = useMantineColorScheme();
  const dark = colorScheme === 'dark';
  return (
    <Tooltip label={dark ? t('settings.themeLight') : t('settings.themeDark')}>
      <ActionIcon variant="default" size="md" aria-label={t('settings.theme')} data-testid="theme-toggle" onClick={() => setColorScheme(dark ? 'light' : 'dark')}>
        {dark ? <IconSun size={16} /> : <IconMoon size={16} />}
      </ActionIcon>
    </Tooltip>
  );
}

/** The whole app. */
export function App(): ReactNode {
  const { t } = useTranslation();
  const current = useQuery({ queryKey: ['store.current'], queryFn: () => call('store.current', {}) });
  const [screen, setScreen] = useState(() => localStorage.getItem(SCREEN_KEY) ?? 'dashboard');
  const [picking, setPicking] = useState(false);
  const go = (id: string): void => {
    localStorage.setItem(SCREEN_KEY, id);
    setScreen(id);
  };
  // A screen may send the user to another one (e.g. a visual search result opens Inventory at that product).
  useEffect(() => {
    const onNavigate = (e: Event): void => {
      const id = (e as CustomEvent<string>).detail;
      localStorage.setItem(SCREEN_KEY, id);
      setScreen(id);
    };
    window.addEventListener('desk:navigate', onNavigate);
    return () => window.removeEventListener('desk:navigate', onNavigate);
  }, []);

  if (!current.data) {
    return <QueryState error={current.error} onRetry={() => void current.refetch()} />;
  }
  const storePath = current.data.path;
  if (!storePath || picking) {
    return (
      <>
        <Notifications />
        <StorePicker firstRun={!storePath} onOpened={() => setPicking(false)} onCancel={storePath ? () => setPicking(false) : undefined} />
      </>
    );
  }
  const def = screens.find((s) => s.id === screen) ?? screens[0];
  const Screen = def.component;
  const storeName = storePath.split(/[\\/]/).pop()?.replace(/\.db$/, '') ?? storePath;
  return (
    <AppShell header={{ height: 48 }} navbar={{ width: { base: 200, xl: 208 }, breakpoint: 0 }} padding="md">
      <AppShell.Header px="md">
        <Group h="100%" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Title order={1} size="h4">
              {t('app.name')}
            </Title>
            <Text size="sm" c="dimmed" data-testid="store-name" truncate maw={320} title={storePath}>
              {storeName}
            </Text>
            <Button size="compact-xs" variant="subtle" onClick={() => setPicking(true)} data-testid="switch-store">
              {t('store.switch')}
            </Button>
          </Group>
          <Group gap="xs" wrap="nowrap">
            <LangSwitch />
            <ThemeToggle />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label={t('nav.label')}>
        <ScrollArea>
          {screens.map((s) => (
            // A button, not Mantine's default <a> without href, which the keyboard skips: Tab reaches every screen and
            // Enter or Space opens it. The screens have no address of their own, so a link would have nowhere to go.
            <NavLink
              key={s.id}
              component="button"
              className="desk-nav-link"
              label={t(s.labelKey)}
              leftSection={<s.icon size={16} stroke={1.6} />}
              active={s.id === def.id}
              variant="filled"
              color="indigo.8"
              onClick={() => go(s.id)}
              data-testid={`nav-${s.id}`}
              aria-current={s.id === def.id ? 'page' : undefined}
            />
          ))}
        </ScrollArea>
      </AppShell.Navbar>
      <AppShell.Main>
        <Notifications />
        {/* Above every screen until the store is restored or another one opened: a damaged store loses changes. */}
        <StoreDamagedAlert storePath={storePath} />
        <ErrorBoundary key={def.id}>
          <Suspense fallback={<Center h={200}><Loader size="sm" /></Center>}>
            <Screen />
          </Suspense>
        </ErrorBoundary>
      </AppShell.Main>
    </AppShell>
  );
}
