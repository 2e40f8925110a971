/** The compute half of a visual search: detect objects in a photo, choose the crop, embed it (no store access). */
import { loadBackbone, type Backbone } from '../../../models/vision/backbones';
import { EngineError } from '../../errors';
import { decodeRgb, probeImage, type Box } from '../decode';
import { detectObjects, type Detection } from '../detect';
import { projectThroughHead, type ActiveHead } from '../head';

/** What to embed: the backbone, whether to detect, and the box the user picked (source pixels). */
export interface QueryOptions {
  backbone: string;
  box?: Box;
  detect?: boolean;
  /** The store's fine-tuned head: the backbone's vector is projected through it (the index holds projected vectors). */
  head?: ActiveHead;
}

/** The embedded query: image size, detected boxes, the crop used and its vector. */
export interface QueryEmbedding {
  width: number;
  height: number;
  boxes: Detection[];
  crop: Box;
  cropSource: 'picked' | 'detected' | 'whole';
  vector: Float32Array;
}

let cachedBackbone: Promise<Backbone> | null = null;
let cachedBackboneName = '';

/** The thread's backbone (loaded once; later queries reuse it). */
export function sharedBackbone(name: string): Promise<Backbone> {
  if (!cachedBackbone || cachedBackboneName !== name) {
    void cachedBackbone?.then((b) => b.dispose()).catch(() => undefined);
    cachedBackboneName = name;
    cachedBackbone = loadBackbone(name);
  }
  return cachedBackbone;
}

/** Detects, crops (picked box, else the main detected object, else the whole photo) and embeds one photo. */
export async function embedQuery(image: Buffer, opts: QueryOptions): Promise<QueryEmbedding> {
  try {
    return await embedDecoded(image, opts);
  } catch (e) {
    if (e instanceof EngineError) throw e;
    // A photo whose header reads but whose pixels do not (a truncated JPEG): the caller names the file.
    const reason = (e as Error).message.split('\n')[0];
    throw new EngineError('user_error', reason, { problem: UNDECODABLE, reason });
  }
}

/** `details.problem` of the error embedQuery throws for a photo that cannot be decoded. */
export const UNDECODABLE = 'undecodable';

async function embedDecoded(image: Buffer, opts: QueryOptions): Promise<QueryEmbedding> {
  const meta = await probeImage(image);
  const boxes = opts.detect === false ? [] : await detectObjects(image);
  let crop: Box = { x: 0, y: 0, w: meta.width, h: meta.height };
  let cropSource: QueryEmbedding['cropSource'] = 'whole';
  if (opts.box) {
    const x = Math.max(0, Math.min(meta.width - 1, opts.box.x)), y = Math.max(0, Math.min(meta.height - 1, opts.box.y));
    crop = { x, y, w: Math.max(1, Math.min(meta.width - x, opts.box.w)), h: Math.max(1, Math.min(meta.height - y, opts.box.h)) };
    cropSource = 'picked';
  } else if (boxes.length) {
    crop = boxes[0].box;
    cropSource = 'detected';
  }
  const bb = await sharedBackbone(opts.backbone);
  const rgb = await decodeRgb(image, bb.inputSize, cropSource === 'whole' ? undefined : crop);
  const [plain] = bb.embed([rgb]);
  const vector = opts.head ? projectThroughHead(opts.head, [plain])[0] : plain;
  return { width: meta.width, height: meta.height, boxes, crop, cropSource, vector };
}
