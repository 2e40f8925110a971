/** The chosen product's try-on anchors: its cut-out with the points fitting uses, whether they were placed automatically or by hand, and a way back to automatic. */
import { useState, type ReactNode } from 'react';
import { Badge, Box, Button, Group, Image, Stack, Text } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { call, DeskError } from '../../api/client';
import { errorText } from '../../components/notify';

/** Props: the product (SKU) and what to do once its anchors changed (a preview made with the old ones is stale). */
export interface AnchorsProps {
  sku: string;
  onReset: () => void;
}

/** The anchor panel of the try-on screen. */
export function TryOnAnchors({ sku, onReset }: AnchorsProps): ReactNode {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const product = useQuery({ queryKey: ['tryon.product', sku], queryFn: () => call('tryon.product', { sku }), retry: false });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ text: string; texts?: { en: string; zh: string } } | null>(null);
  const p = product.data;
  if (!p) return null;
  const manual = p.anchorsSource === 'manual';
  const reset = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      await call('tryon.product.reset', { sku });
      await qc.invalidateQueries({ queryKey: ['tryon.product', sku] });
      onReset();
    } catch (e) {
      setError({ text: errorText(e), texts: e instanceof DeskError ? e.texts : undefined });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Stack gap={4} data-testid="tryon-anchors" data-source={p.anchorsSource}>
      <Group gap="xs" justify="space-between" wrap="nowrap">
        <Text size="sm" fw={600}>{t('tryon.anchors')}</Text>
        <Badge size="sm" variant="light" color={manual ? 'orange' : 'gray'} data-testid="tryon-anchors-source">
          {manual ? t('tryon.anchorsManual') : t('tryon.anchorsAuto')}
        </Badge>
      </Group>
      <Group gap="xs" wrap="nowrap" align="flex-start">
        <Box pos="relative" w={96} h={96} style={{ flex: 'none', background: 'var(--mantine-color-gray-1)', borderRadius: 4 }}>
          <Image src={p.cutout.dataUrl} alt={t('tryon.anchorsAlt', { sku })} w={96} h={96} fit="contain" />
          <svg viewBox={`0 0 ${p.cutout.width} ${p.cutout.height}`} width={96} height={96} style={{ position: 'absolute', inset: 0 }} aria-hidden="true" preserveAspectRatio="xMidYMid meet">
            {Object.entries(p.anchors).map(([name, a]) => (
              <circle key={name} cx={a.x} cy={a.y} r={Math.max(p.cutout.width, p.cutout.height) / 28} fill={manual ? '#e8590c' : '#1c7ed6'} stroke="#fff" strokeWidth={Math.max(p.cutout.width, p.cutout.height) / 120} />
            ))}
          </svg>
        </Box>
        <Stack gap={4}>
          <Text size="xs" c="dimmed">{manual ? t('tryon.anchorsManualHint') : t('tryon.anchorsAutoHint')}</Text>
          {manual ? (
            <Button size="compact-xs" variant="light" onClick={() => void reset()} loading={busy} data-testid="tryon-anchors-reset">
              {t('tryon.anchorsReset')}
            </Button>
          ) : null}
        </Stack>
      </Group>
      {error ? <Text size="xs" c="red" data-testid="tryon-anchors-error">{error.texts ? (i18n.language === 'zh' ? error.texts.zh : error.texts.en) : error.text}</Text> : null}
    </Stack>
  );
}
