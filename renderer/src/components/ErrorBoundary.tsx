/** Keeps one screen's crash inside that screen: shows the error readably with a retry button. */
import { Component, type ReactNode } from 'react';
import { Alert, Button, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { errorMsg } from '../i18n/error-msg';
import { useMsg } from '../i18n/msg';

function CrashNotice({ error, onRetry }: { error: Error; onRetry: () => void }): ReactNode {
  const { t } = useTranslation();
  const render = useMsg();
  return (
    <Alert color="red" title={t('errors.screenCrashed')} data-testid="screen-crash">
      <Stack gap="xs">
        <Text size="sm">{render(errorMsg(error))}</Text>
        <Button size="xs" variant="light" onClick={onRetry} w="fit-content">
          {t('common.retry')}
        </Button>
      </Stack>
    </Alert>
  );
}

/** Error boundary around a screen. */
export class ErrorBoundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  override state: { error: Error | null } = { error: null };

  static getDerivedStateFromError(error: Error): { error: Error } {
    return { error };
  }

  override render(): ReactNode {
    if (this.state.error) return <CrashNotice error={this.state.error} onRetry={() => this.setState({ error: null })} />;
    return this.props.children;
  }
}
