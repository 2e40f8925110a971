/** Loading and error states of a query, shown the same way on every screen. */
import type { ReactNode } from 'react';
import { Alert, Button, Center, Loader, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { DeskError } from '../api/client';
import { errorMsg } from '../i18n/error-msg';
import { useMsg } from '../i18n/msg';

/** Shows a loader, or the error readably (code + message) with a retry button. */
export function QueryState({ error, onRetry }: { error: unknown; onRetry?: () => void }): ReactNode {
  const { t } = useTranslation();
  const render = useMsg();
  if (!error) {
    return (
      <Center p="xl">
        <Loader size="sm" aria-label={t('common.loading')} />
      </Center>
    );
  }
  const code = error instanceof DeskError ? error.code : 'internal';
  return (
    <Alert color="red" title={t('errors.callFailed')} data-testid="error-alert">
      <Stack gap="xs">
        <Text size="sm">{render(errorMsg(error))}</Text>
        <Text size="xs" c="dimmed">
          {t('errors.code', { code })}
        </Text>
        {onRetry && (
          <Button size="xs" variant="light" w="fit-content" onClick={onRetry}>
            {t('common.retry')}
          </Button>
        )}
      </Stack>
    </Alert>
  );
}
