/** The searched photo with the detected objects drawn as boxes; clicking a box searches that crop. */
import type { ReactNode } from 'react';
import { Box, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { OpResult } from '../../../../engine/api/ops/index';

type Result = OpResult<'images.search'>;
type Rect = Result['crop'];

/** Photo (object URL or data URL) with boxes scaled to the displayed size via an SVG viewBox. */
export function PhotoBoxes({ src, result, onPick }: { src: string | null; result: Result; onPick: (box: Rect) => void }): ReactNode {
  const { t } = useTranslation();
  const { width, height, boxes, crop } = result;
  const same = (a: Rect, b: Rect): boolean => Math.abs(a.x - b.x) < 1 && Math.abs(a.y - b.y) < 1 && Math.abs(a.w - b.w) < 1 && Math.abs(a.h - b.h) < 1;
  return (
    <Box pos="relative" w={360} maw="100%" data-testid="visual-photo">
      {src ? <img src={src} alt="" style={{ width: '100%', display: 'block' }} /> : <div style={{ paddingTop: `${(100 * height) / width}%`, background: 'var(--mantine-color-gray-2)' }} />}
      <svg viewBox={`0 0 ${width} ${height}`} preserveAspectRatio="none" style={{ position: 'absolute', inset: 0, width: '100%', height: '100%' }}>
        {boxes.map((b, i) => {
          const active = same(b.box, crop);
          return (
            <g key={i} onClick={() => onPick(b.box)} style={{ cursor: 'pointer' }} data-testid="visual-box">
              <rect x={b.box.x} y={b.box.y} width={b.box.w} height={b.box.h} fill={active ? 'rgba(34,139,230,0.12)' : 'transparent'} stroke={active ? '#228be6' : '#fab005'} strokeWidth={Math.max(2, width / 160)} vectorEffect="non-scaling-stroke" />
              <text x={b.box.x + 4} y={b.box.y + Math.max(14, height / 24)} fontSize={Math.max(12, height / 24)} fill={active ? '#228be6' : '#e67700'} stroke="white" strokeWidth={0.6} paintOrder="stroke">
                {t(`visual.coco.${b.label}`, { defaultValue: b.label })} {Math.round(b.score * 100)}%
              </text>
            </g>
          );
        })}
      </svg>
      <Text size="xs" c="dimmed" mt={4} data-testid="visual-crop-source">
        {t(`visual.crop.${result.cropSource}`)}
      </Text>
    </Box>
  );
}
