/** The try-on keypoint model: people, body/face/hand points and a person mask for a photo (tfjs-models style load/predict/dispose). */
import * as tf from '@tensorflow/tfjs';
import type { Human, Result } from '@vladmandic/human';
import { assemblePeople } from './assemble';
import { loadHuman } from './human';
import type { KeypointResult, PersonMask, RgbImage } from './types';

/** A loaded keypoint model. */
export interface KeypointModel {
  /** Finds the people in a photo. */
  detect(image: RgbImage): Promise<KeypointResult>;
  /** The person mask (all people) at the photo's size, with its time in ms. */
  segment(image: RgbImage): Promise<{ mask: PersonMask; ms: number }>;
  /** Releases this handle (the weights stay cached for the thread's next load). */
  dispose(): void;
}

/** A body detection counts as a person when it is confident and enough of its points are seen. */
const MIN_BODY_SCORE = 0.2;
const MIN_SEEN_POINTS = 3;

function toTensor(image: RgbImage): tf.Tensor4D {
  if (image.data.length !== image.width * image.height * 3) throw new Error(`RGB buffer has ${image.data.length} bytes, expected ${image.width * image.height * 3}`);
  return tf.tensor4d(image.data, [1, image.height, image.width, 3], 'int32');
}

function stageMs(r: Result, name: string): number {
  const v = (r.performance as Record<string, number | undefined>)[name];
  return typeof v === 'number' ? v : 0;
}

async function detectWith(human: Human, image: RgbImage): Promise<KeypointResult> {
  const input = toTensor(image);
  try {
    const r = await human.detect(input, { async: false });
    if (r.error) throw new Error(`keypoint detection failed: ${r.error}`);
    const bodies = r.body.filter((b) => b.score >= MIN_BODY_SCORE && b.keypoints.filter((k) => k.score > 0.25).length >= MIN_SEEN_POINTS);
    const people = assemblePeople(bodies, r.face, r.hand);
    return {
      width: image.width,
      height: image.height,
      people,
      // Person detection is the multi-pose body model; face mesh and hand landmarks are the keypoint stage.
      ms: { detection: stageMs(r, 'body'), keypoints: stageMs(r, 'face') + stageMs(r, 'hand'), segmentation: 0 },
    };
  } finally {
    input.dispose();
  }
}

async function segmentWith(human: Human, image: RgbImage): Promise<{ mask: PersonMask; ms: number }> {
  const t0 = performance.now();
  const input = toTensor(image);
  let out: tf.Tensor | null = null;
  try {
    out = (await human.segmentation(input, { segmentation: { enabled: true, modelPath: 'selfie.json' } })) as tf.Tensor | null;
    const data = new Uint8Array(image.width * image.height);
    if (out) {
      const [h, w, c] = out.shape as [number, number, number];
      const px = (await out.data()) as Int32Array | Float32Array;
      if (h !== image.height || w !== image.width) throw new Error(`mask is ${w}×${h}, photo ${image.width}×${image.height}`);
      for (let i = 0; i < w * h; i++) data[i] = Math.max(0, Math.min(255, Math.round(px[i * c + c - 1])));
    }
    return { mask: { width: image.width, height: image.height, data }, ms: performance.now() - t0 };
  } finally {
    input.dispose();
    out?.dispose();
  }
}

/** Loads the body (MoveNet multi-pose), face mesh + iris, hand and selfie segmentation models from node_modules. */
export async function loadKeypointModel(): Promise<KeypointModel> {
  const human = await loadHuman();
  let disposed = false;
  const live = (): Human => {
    if (disposed) throw new Error('keypoint model was disposed');
    return human;
  };
  return {
    detect: (image) => detectWith(live(), image),
    segment: (image) => segmentWith(live(), image),
    dispose: () => {
      disposed = true;
    },
  };
}
