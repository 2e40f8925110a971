/** The try-on keypoint model: people, body/face/hand points and a person mask for a photo (tfjs-models style load/predict/dispose). */
import * as tf from '@tensorflow/tfjs';
import type { Config, Human, Result } from '@vladmandic/human';
import { assemblePeople } from './assemble';
import { loadHuman } from './human';
import { ALL_PARTS, type KeypointParts, type KeypointResult, type PersonMask, type RgbImage } from './types';

/** A loaded keypoint model. */
export interface KeypointModel {
  /** Finds the people in a photo with the detectors `parts` names (all by default). */
  detect(image: RgbImage, parts?: KeypointParts): Promise<KeypointResult>;
  /** The person mask (all people) at the image's size, with its time in ms; pass the image at SEGMENT_SIDE² (the model's input) so no full-size pixels go through the model. */
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

/** Human merges every call's settings into its own: each call names every detector's state. */
function partsConfig(parts: KeypointParts): Partial<Config> {
  return {
    async: false,
    face: { enabled: parts.face, iris: { enabled: parts.iris } },
    body: { enabled: parts.body },
    hand: { enabled: parts.hands },
  } as Partial<Config>;
}

async function detectWith(human: Human, image: RgbImage, parts: KeypointParts): Promise<KeypointResult> {
  const input = toTensor(image);
  try {
    const r = await human.detect(input, partsConfig(parts));
    if (r.error) throw new Error(`keypoint detection failed: ${r.error}`);
    const bodies = r.body.filter((b) => b.score >= MIN_BODY_SCORE && b.keypoints.filter((k) => k.score > 0.25).length >= MIN_SEEN_POINTS);
    const people = assemblePeople(bodies, r.face, r.hand);
    return {
      width: image.width,
      height: image.height,
      people,
      // Person detection is the multi-pose body model; face mesh and hand landmarks are the keypoint stage.
      ms: { detection: parts.body ? stageMs(r, 'body') : 0, keypoints: (parts.face ? stageMs(r, 'face') : 0) + (parts.hands ? stageMs(r, 'hand') : 0), segmentation: 0 },
      parts,
    };
  } finally {
    input.dispose();
  }
}

/** The selfie model's input side (the engine resizes a photo to SEGMENT_SIDE × SEGMENT_SIDE with sharp before segmenting). */
export const SEGMENT_SIDE = 256;

async function segmentWith(human: Human, image: RgbImage): Promise<{ mask: PersonMask; ms: number }> {
  const t0 = performance.now();
  const input = toTensor(image);
  let out: tf.Tensor | null = null;
  try {
    out = (await human.segmentation(input, { segmentation: { enabled: true, modelPath: 'selfie.json', mode: 'alpha' } } as Partial<Config>)) as tf.Tensor | null;
    const data = new Uint8Array(image.width * image.height);
    if (out) {
      const px = (await out.data()) as Int32Array | Float32Array;
      if (px.length < data.length) throw new Error(`mask has ${px.length} values, expected ${data.length}`);
      const c = px.length / data.length;
      for (let i = 0; i < data.length; i++) data[i] = Math.max(0, Math.min(255, Math.round(px[i * c + c - 1])));
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
    detect: (image, parts = ALL_PARTS) => detectWith(live(), image, parts),
    segment: (image) => segmentWith(live(), image),
    dispose: () => {
      disposed = true;
    },
  };
}
