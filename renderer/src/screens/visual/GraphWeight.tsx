/** The weight of the co-view / co-purchase graph when searching by a product: change it for this search or save it. */
import { useState, type ReactNode } from 'react';
import { Button, Group, Slider, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import { useFormat } from '../../format';

/** A slider (0-1) that re-runs the search on release, and a button that stores the weight as the store's default. */
export function GraphWeight({ value, onChange }: { value: number; onChange: (w: number) => void }): ReactNode {
  const { t } = useTranslation();
  const f = useFormat();
  const [draft, setDraft] = useState(value);
  const [saved, setSaved] = useState(false);
  return (
    <Stack gap={4} maw={420} data-testid="visual-graph-weight">
      <Group justify="space-between" wrap="nowrap">
        <Text size="sm">{t('visual.graphWeight')}</Text>
        <Text size="sm" fw={500} style={{ whiteSpace: 'nowrap' }} data-testid="visual-graph-weight-value">
          {f.num(draft, 2)}
        </Text>
      </Group>
      <Slider
        min={0}
        max={1}
        step={0.05}
        value={draft}
        label={(v) => f.num(v, 2)}
        onChange={(v) => {
          setDraft(v);
          setSaved(false);
        }}
        onChangeEnd={onChange}
        aria-label={t('visual.graphWeight')}
      />
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <Text size="xs" c="dimmed">
          {t('visual.graphWeightHint')}
        </Text>
        <Button
          size="xs"
          variant="light"
          style={{ flexShrink: 0 }}
          onClick={() => void call('images.graphWeight', { weight: draft }).then(() => setSaved(true))}
          data-testid="visual-graph-save"
        >
          {saved ? t('visual.graphSaved') : t('visual.graphSave')}
        </Button>
      </Group>
    </Stack>
  );
}
