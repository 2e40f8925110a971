/** The searched photo with the detected objects drawn as boxes; clicking a box searches that crop. */
import type { ReactNode } from 'react';
import { Box, Text } from '@mantine/core';
import { useElementSize } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import type { OpResult } from '../../../../engine/api/ops/index';
import { placeLabels } from './boxLabels';

type Result = OpResult<'images.search'>;
type Rect = Result['crop'];

const FONT = 12;
const LABEL_H = 16;

/** Width of a label in display pixels (the page's own font measures it; a fair guess where it cannot). */
let canvas: HTMLCanvasElement | null = null;
function textWidth(text: string): number {
  canvas ??= typeof document === 'undefined' ? null : document.createElement('canvas');
  const ctx = canvas?.getContext('2d');
  if (!ctx) return text.length * FONT * 0.62;
  ctx.font = `600 ${FONT}px ${getComputedStyle(document.body).fontFamily || 'sans-serif'}`;
  return ctx.measureText(text).width;
}

/**
 * Photo (object URL or data URL) with the boxes drawn over the image itself (the caption below is not part of it), in
 * display pixels, so boxes keep the photo's proportions and labels keep a readable size and never cover each other.
 */
export function PhotoBoxes({ src, result, onPick }: { src: string | null; result: Result; onPick: (box: Rect) => void }): ReactNode {
  const { t } = useTranslation();
  const { ref, width: shown } = useElementSize();
  const { width, height, boxes, crop } = result;
  const same = (a: Rect, b: Rect): boolean => Math.abs(a.x - b.x) < 1 && Math.abs(a.y - b.y) < 1 && Math.abs(a.w - b.w) < 1 && Math.abs(a.h - b.h) < 1;
  const k = shown > 0 ? shown / width : 0;
  const shownH = height * k;
  const texts = boxes.map((b) => `${t(`visual.coco.${b.label}`, { defaultValue: b.label })} ${Math.round(b.score * 100)}%`);
  const labels = placeLabels(
    boxes.map((b) => ({ x: b.box.x * k, y: b.box.y * k, w: b.box.w * k, h: b.box.h * k })),
    texts.map((s) => ({ w: textWidth(s) + 8, h: LABEL_H })),
    { w: shown, h: shownH },
  );
  return (
    <Box w={360} maw="100%" data-testid="visual-photo">
      {/* The overlay covers exactly the image: its own box, apart from the caption. */}
      <div ref={ref} style={{ position: 'relative', lineHeight: 0 }} data-testid="visual-photo-frame">
        {src ? <img src={src} alt="" style={{ width: '100%', display: 'block' }} data-testid="visual-photo-img" /> : <div style={{ paddingTop: `${(100 * height) / width}%`, background: 'var(--mantine-color-gray-2)' }} data-testid="visual-photo-img" />}
        {k > 0 && (
          <svg width={shown} height={shownH} viewBox={`0 0 ${shown} ${shownH}`} style={{ position: 'absolute', left: 0, top: 0, overflow: 'visible' }} data-testid="visual-boxes">
            {boxes.map((b, i) => {
              const active = same(b.box, crop);
              const colour = active ? '#1c7ed6' : '#e67700';
              const l = labels[i];
              return (
                <g key={i} onClick={() => onPick(b.box)} style={{ cursor: 'pointer' }} data-testid="visual-box" data-active={active || undefined}>
                  <rect x={b.box.x * k} y={b.box.y * k} width={b.box.w * k} height={b.box.h * k} fill={active ? 'rgba(34,139,230,0.12)' : 'transparent'} stroke={active ? '#228be6' : '#fab005'} strokeWidth={active ? 3 : 2} data-testid="visual-box-rect" />
                  <rect x={l.x} y={l.y} width={l.w} height={l.h} rx={3} fill="rgba(255,255,255,0.85)" data-testid="visual-box-label" />
                  <text x={l.x + 4} y={l.y + l.h - 4} fontSize={FONT} fontWeight={600} fill={colour}>
                    {texts[i]}
                  </text>
                </g>
              );
            })}
          </svg>
        )}
      </div>
      <Text size="xs" c="dimmed" mt={4} data-testid="visual-crop-source">
        {t(`visual.crop.${result.cropSource}`)}
      </Text>
    </Box>
  );
}
