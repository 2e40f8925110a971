/** The try-on preview: drag to move the product, sliders to scale and turn it, before / after. */
import { useRef, useState, type PointerEvent, type ReactNode } from 'react';
import { Box, Group, SegmentedControl, Slider, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** The hand adjustment sent to tryon.render. */
export interface Adjust {
  dx: number;
  dy: number;
  scale: number;
  rotateDeg: number;
}

/** Preview props: the two images, the photo's pixel width (to turn screen drags into photo pixels) and the adjustment. */
export interface PreviewProps {
  after: string;
  before: string;
  photoWidth: number;
  adjust: Adjust;
  onAdjust: (a: Adjust) => void;
  busy: boolean;
}

/** The preview with its handles. */
export function TryOnPreview({ after, before, photoWidth, adjust, onAdjust, busy }: PreviewProps): ReactNode {
  const { t } = useTranslation();
  const [view, setView] = useState<'after' | 'before'>('after');
  const [drag, setDrag] = useState<{ x: number; y: number } | null>(null);
  const [offset, setOffset] = useState({ x: 0, y: 0 });
  const [scale, setScale] = useState(adjust.scale);
  const [rotate, setRotate] = useState(adjust.rotateDeg);
  const img = useRef<HTMLImageElement>(null);
  const factor = (): number => photoWidth / Math.max(1, img.current?.clientWidth ?? photoWidth);
  const down = (e: PointerEvent<HTMLDivElement>): void => {
    if (view !== 'after') return;
    e.currentTarget.setPointerCapture(e.pointerId);
    setDrag({ x: e.clientX, y: e.clientY });
  };
  const move = (e: PointerEvent<HTMLDivElement>): void => {
    if (drag) setOffset({ x: e.clientX - drag.x, y: e.clientY - drag.y });
  };
  const up = (): void => {
    if (!drag) return;
    const f = factor();
    // The drag is shown at once by moving the image; the engine re-renders the product at the new place on release.
    if (offset.x || offset.y) onAdjust({ ...adjust, dx: Math.round(adjust.dx + offset.x * f), dy: Math.round(adjust.dy + offset.y * f) });
    setDrag(null);
    setOffset({ x: 0, y: 0 });
  };
  return (
    <Stack gap="xs">
      <Group justify="space-between">
        <SegmentedControl
          size="xs"
          value={view}
          onChange={(v) => setView(v === 'before' ? 'before' : 'after')}
          data={[{ value: 'after', label: t('tryon.after') }, { value: 'before', label: t('tryon.before') }]}
          data-testid="tryon-before-after"
        />
        <Text size="xs" c="dimmed">{view === 'after' ? t('tryon.dragHint') : ''}</Text>
      </Group>
      <Box
        pos="relative"
        style={{ overflow: 'hidden', cursor: view === 'after' ? (drag ? 'grabbing' : 'grab') : 'default', touchAction: 'none', opacity: busy ? 0.7 : 1 }}
        onPointerDown={down}
        onPointerMove={move}
        onPointerUp={up}
        data-testid="tryon-preview"
        data-view={view}
      >
        <img
          ref={img}
          src={view === 'after' ? after : before}
          alt={view === 'after' ? t('tryon.after') : t('tryon.before')}
          draggable={false}
          style={{ display: 'block', maxWidth: '100%', maxHeight: 'calc(100vh - 260px)', transform: `translate(${offset.x}px, ${offset.y}px)` }}
        />
      </Box>
      <Group grow>
        <Stack gap={2}>
          <Text size="xs">{t('tryon.scale')}: {scale.toFixed(2)}×</Text>
          <Slider min={0.5} max={2} step={0.02} value={scale} onChange={setScale} onChangeEnd={(v) => onAdjust({ ...adjust, scale: v })} label={null} data-testid="tryon-scale" thumbLabel={t('tryon.scale')} />
        </Stack>
        <Stack gap={2}>
          <Text size="xs">{t('tryon.rotate')}: {rotate.toFixed(0)}°</Text>
          <Slider min={-45} max={45} step={1} value={rotate} onChange={setRotate} onChangeEnd={(v) => onAdjust({ ...adjust, rotateDeg: v })} label={null} data-testid="tryon-rotate" thumbLabel={t('tryon.rotate')} />
        </Stack>
      </Group>
    </Stack>
  );
}
