/** Object detection on an uploaded photo (boxes in source pixels, best first), with the shipped COCO CenterNet. */
import { DETECTOR_SIZE, loadDetector, type Detector } from '../../models/vision/detector';
import { decodeRgb, probeImage, type Box } from './decode';

/** One detected object. */
export interface Detection {
  box: Box;
  label: string;
  score: number;
}

let shared: Promise<Detector> | null = null;

/** Detected objects, best first (the largest confident one is the main object searched by default). */
export async function detectObjects(image: Buffer, minScore = 0.3): Promise<Detection[]> {
  shared ??= loadDetector();
  const det = await shared;
  const { width, height } = await probeImage(image);
  const rgb = await decodeRgb(image, DETECTOR_SIZE);
  const raw = await det.detect(rgb, width, height, minScore);
  // Main object first: confident and large, so a small background item does not win.
  const ranked = raw.map((d) => ({ d, key: d.score * Math.sqrt((d.w * d.h) / (width * height)) })).sort((a, b) => b.key - a.key);
  return ranked.map(({ d }) => ({ box: { x: d.x, y: d.y, w: d.w, h: d.h }, label: d.label, score: Math.round(d.score * 1000) / 1000 }));
}
