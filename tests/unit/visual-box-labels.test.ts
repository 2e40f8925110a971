// Labels of detected boxes on the searched photo never cover each other and stay on the photo (renderer layout, pure).
import { describe, expect, it } from 'vitest';
import { placeLabels, type Rect } from '../../renderer/src/screens/visual/boxLabels';

const overlaps = (a: Rect, b: Rect): boolean => Math.min(a.x + a.w, b.x + b.w) > Math.max(a.x, b.x) && Math.min(a.y + a.h, b.y + b.h) > Math.max(a.y, b.y);

describe('box labels', () => {
  it('the first label sits inside its box\'s top-left corner', () => {
    expect(placeLabels([{ x: 50, y: 40, w: 100, h: 80 }], [{ w: 60, h: 16 }], { w: 360, h: 300 })).toEqual([{ x: 52, y: 42, w: 60, h: 16 }]);
  });

  it('boxes that start at the same place, nest or touch get labels that do not overlap, all on the photo', () => {
    const boxes: Rect[] = [
      { x: 0, y: 0, w: 230, h: 290 },
      { x: 0, y: 0, w: 230, h: 290 },
      { x: 215, y: 100, w: 20, h: 36 },
      { x: 225, y: 100, w: 20, h: 36 },
      { x: 235, y: 10, w: 125, h: 285 },
    ];
    const sizes = boxes.map(() => ({ w: 70, h: 16 }));
    const labels = placeLabels(boxes, sizes, { w: 360, h: 300 });
    for (const l of labels) {
      expect(l.x).toBeGreaterThanOrEqual(0);
      expect(l.y).toBeGreaterThanOrEqual(0);
      expect(l.x + l.w).toBeLessThanOrEqual(360);
      expect(l.y + l.h).toBeLessThanOrEqual(300);
    }
    for (let i = 0; i < labels.length; i++) for (let j = i + 1; j < labels.length; j++) expect(overlaps(labels[i], labels[j]), `${i} and ${j}`).toBe(false);
  });
});
