// Every class the detector can report has a Chinese name, in the engine (the `desk images` CLI) and on the Visual
// search screen alike; a detected object stayed in English in Chinese output ('banana 0.87' under '搜索了…').
import { describe, expect, it } from 'vitest';
import { COCO_LABELS } from '../../models/vision/detector';
import { cocoName } from '../../engine/vision/coco-names';
import en from '../../renderer/src/i18n/en.json';
import zh from '../../renderer/src/i18n/zh.json';

// The detector's fallback for a class index it has no name for.
const LABELS = [...COCO_LABELS, 'object'];
const HAN = /^[\u4e00-\u9fff]+$/;

describe('detected object names', () => {
  it('every class has a Chinese name (Han characters only) and its English name', () => {
    for (const l of LABELS) {
      expect(cocoName(l, 'zh'), l).toMatch(HAN);
      expect(cocoName(l, 'en'), l).toBe(l);
    }
    expect(cocoName('banana', 'zh')).toBe('香蕉');
  });

  it('the screen names every class as the engine does, in both languages', () => {
    const screen = { en: en.visual.coco as Record<string, string>, zh: zh.visual.coco as Record<string, string> };
    for (const l of LABELS) {
      expect(screen.en[l], l).toBe(cocoName(l, 'en'));
      expect(screen.zh[l], l).toBe(cocoName(l, 'zh'));
    }
  });
});
