/** Likely duplicate listings side by side, each pair with a button to dismiss it. */
import type { ReactNode } from 'react';
import { Badge, Button, Card, Group, Image, SimpleGrid, Stack, Text } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { OpResult } from '../../../../engine/api/ops/index';
import { call } from '../../api/client';
import { useImageUrl } from '../../api/useImage';
import { QueryState } from '../../components/QueryState';
import { useReadySignal } from '../../components/ready';
import { productTitle, useFormat } from '../../format';
import { IndexBar, useIndexStatus } from './IndexBar';

type Pair = OpResult<'images.duplicates'>['pairs'][number];

/** One listing of a pair: its picture, its title in the UI's language (where the store has one) and its SKU. */
function Side({ imageId, sku, titleEn, titleZh }: { imageId: number; sku: string; titleEn: string | null; titleZh: string | null }): ReactNode {
  const { i18n } = useTranslation();
  const url = useImageUrl(imageId);
  const title = titleEn || titleZh ? productTitle(i18n.language, titleZh, titleEn) : null;
  return (
    <Stack gap={2} align="center" maw={180} data-testid="visual-dup-side">
      {url ? <Image src={url} h={120} w={120} fit="contain" alt={title ?? sku} /> : <div style={{ height: 120, width: 120 }} />}
      {title && (
        <Text size="xs" fw={500} ta="center" lineClamp={2} title={title} data-testid="visual-dup-title">
          {title}
        </Text>
      )}
      <Text size="xs" c="dimmed" data-testid="visual-dup-sku">
        {sku}
      </Text>
    </Stack>
  );
}

function PairCard({ p, onDismiss }: { p: Pair; onDismiss: () => void }): ReactNode {
  const { t } = useTranslation();
  return (
    <Card withBorder padding="sm" data-testid="visual-dup">
      <Group justify="space-around" align="flex-start" wrap="nowrap">
        <Side imageId={p.imageA} sku={p.skuA} titleEn={p.titleEnA} titleZh={p.titleZhA} />
        <Side imageId={p.imageB} sku={p.skuB} titleEn={p.titleEnB} titleZh={p.titleZhB} />
      </Group>
      <Group justify="space-between" mt="xs" wrap="nowrap">
        <Badge variant="light" style={{ flexShrink: 0 }}>
          {t(`visual.dupReason.${p.reason}`)}
        </Badge>
        <Button size="xs" variant="subtle" onClick={onDismiss} data-testid="visual-dup-dismiss">
          {t('visual.dismiss')}
        </Button>
      </Group>
    </Card>
  );
}

/** The duplicates panel. */
export function DuplicatesPanel(): ReactNode {
  const { t } = useTranslation();
  const f = useFormat();
  const qc = useQueryClient();
  const dups = useQuery({ queryKey: ['images.duplicates'], queryFn: () => call('images.duplicates', { limit: 200 }) });
  // Pairs are found among indexed photos only (a photo gets its hash and features when indexed): before the build the
  // list was '0 likely duplicate listings' on a store full of them, so the tab says what is missing and offers the build.
  const status = useIndexStatus();
  const missing = status.data?.missing ?? 0;
  useReadySignal(dups.isSuccess && !dups.isFetching && status.isSuccess, 'visual');
  if (!dups.data) return <QueryState error={dups.error} onRetry={() => void dups.refetch()} />;
  const dismiss = async (p: Pair): Promise<void> => {
    await call('images.dismissDuplicate', { imageA: p.imageA, imageB: p.imageB });
    await qc.invalidateQueries({ queryKey: ['images.duplicates'] });
  };
  return (
    <Stack gap="sm">
      {missing > 0 && status.data && (
        <Stack gap={6}>
          <Text size="sm" fw={500} data-testid="visual-dup-not-indexed">
            {t('visual.dupNotIndexed', { count: missing, missing: f.num(missing), images: f.num(status.data.images) })}
          </Text>
          <IndexBar onBuilt={() => void qc.invalidateQueries({ queryKey: ['images.duplicates'] })} />
        </Stack>
      )}
      <Text size="sm" c="dimmed" data-testid="visual-dup-count">
        {t('visual.dupHelp', { count: dups.data.pairs.length })}
      </Text>
      <SimpleGrid cols={{ base: 1, md: 2, xl: 3 }} spacing="sm">
        {dups.data.pairs.map((p) => (
          <PairCard key={`${p.imageA}:${p.imageB}`} p={p} onDismiss={() => void dismiss(p)} />
        ))}
      </SimpleGrid>
    </Stack>
  );
}
