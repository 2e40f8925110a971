/** A grid of similar products: picture, title, SKU, similarity, price, stock, and a link to the product. */
import type { ReactNode } from 'react';
import { Anchor, Badge, Card, Group, Image, SimpleGrid, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { OpResult } from '../../../../engine/api/ops/index';
import { useImageUrl } from '../../api/useImage';
import { productTitle, useFormat } from '../../format';

type Match = OpResult<'images.search'>['matches'][number];

function MatchCard({ m, onOpen }: { m: Match; onOpen: (sku: string) => void }): ReactNode {
  const { t, i18n } = useTranslation();
  const f = useFormat();
  const url = useImageUrl(m.imageId);
  return (
    <Card withBorder padding="xs" data-testid="visual-match">
      <Card.Section>{url ? <Image src={url} h={140} fit="contain" alt={m.sku} /> : <div style={{ height: 140 }} />}</Card.Section>
      <Stack gap={2} mt="xs">
        <Text size="sm" fw={500} lineClamp={2} title={productTitle(i18n.language, m.titleZh, m.titleEn, m.sku)}>
          {productTitle(i18n.language, m.titleZh, m.titleEn, m.sku)}
        </Text>
        <Group justify="space-between" wrap="nowrap" gap={4}>
          <Anchor size="xs" onClick={() => onOpen(m.sku)} data-testid="visual-match-link">
            {m.sku}
          </Anchor>
          <Badge variant="light" size="sm" style={{ flexShrink: 0 }} data-testid="visual-match-score">
            {t('visual.score', { score: f.num(m.score * 100, 0) })}
          </Badge>
        </Group>
        {m.together && (m.together.sessions > 0 || m.together.orders > 0) && (
          <Text size="xs" c="teal" data-testid="visual-match-together">
            {t('visual.together', { sessions: t('visual.togetherSessions', { n: f.num(m.together.sessions, 0), count: m.together.sessions }), orders: t('visual.togetherOrders', { n: f.num(m.together.orders, 0), count: m.together.orders }) })}
          </Text>
        )}
        <Group justify="space-between" wrap="nowrap" gap={4}>
          <Text size="xs" style={{ whiteSpace: 'nowrap' }}>
            {m.price === null ? '—' : f.money(m.price, m.currency)}
          </Text>
          <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
            {t('visual.stock', { count: m.onHand ?? 0 })}
          </Text>
        </Group>
      </Stack>
    </Card>
  );
}

/** The results grid. */
export function Results({ matches }: { matches: Match[] }): ReactNode {
  const open = (sku: string): void => {
    // The Inventory screen opens searched for this SKU.
    sessionStorage.setItem('desk.inventory.q', sku);
    window.dispatchEvent(new CustomEvent('desk:navigate', { detail: 'inventory' }));
  };
  return (
    <SimpleGrid cols={{ base: 2, sm: 3, md: 4, lg: 5 }} spacing="sm" data-testid="visual-results">
      {matches.map((m) => (
        <MatchCard key={m.productId} m={m} onOpen={open} />
      ))}
    </SimpleGrid>
  );
}
