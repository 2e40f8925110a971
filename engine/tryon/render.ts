/** The try-on pipeline for one photo and one product: people, fit, occlusion mask, lighting, composite PNG, ms per stage. */
import sharp from 'sharp';
import { ALL_PARTS, type KeypointParts, type KeypointResult, type Person } from '../../models/tryon/types';
import { EngineError } from '../errors';
import type { Lang } from '../i18n';
import { adjust as applyAdjust, apply, decompose, NO_ADJUST, type Adjust, type Affine } from './affine';
import { garmentBodyWidth, type Anchors, type Pt } from './anchors';
import { composite, DEFAULT_LIGHTING, type CompositeReport, type LightingOptions } from './composite';
import { detectPeople, segmentHead, segmentPeople } from './detect';
import { checkTopAnchors, fitProduct, type Fit } from './fit';
import { earReports, hairOcclusion, type EarReport, type HairOcclusion } from './hair';
import { tryonText } from './messages';
import type { Photo } from './photo';
import type { PreparedProduct } from './product';
import type { TryonType } from './product-type';

/** Milliseconds per stage of one try-on. */
export interface TryonTimings {
  detection: number;
  keypoints: number;
  segmentation: number;
  fitting: number;
  compositing: number;
  total: number;
}

/** What a try-on reports besides its image. */
export interface TryonReport {
  sku: string;
  type: TryonType;
  photo: { name: string; width: number; height: number };
  people: number;
  person: number;
  /** Keypoints the fit used, photo pixels. */
  keypoints: Record<string, Pt>;
  /** The product's anchors, cut-out pixels, and whether they were set by hand. */
  anchors: Anchors;
  anchorsSource: 'auto' | 'manual';
  cutout: { width: number; height: number; method: 'transparent' | 'flood_fill' };
  /**
   * One transform per placement (earrings: two), [a, b, c, d, e, f] from cut-out to photo pixels, after the hand
   * adjustment. `warp` says how the pixels were mapped: by that matrix, or (tops with hips in view) by a thin-plate
   * spline through `bend`'s point pairs, of which the matrix is the affine fit through shoulders and hem centre.
   */
  transforms: { matrix: Affine; rotateDeg: number; scale: number; targets: Record<string, Pt>; warp: 'affine' | 'thin_plate_spline'; bend?: { from: Pt[]; to: Pt[] } }[];
  measure: Fit['measure'];
  adjust: Adjust;
  lighting: CompositeReport['deltaE'];
  occluded: number;
  /**
   * Earrings only (else null): product pixels hidden by hair in front of the ears (alpha-weighted), each ear's skin share
   * and whether it counted as visible (then nothing is hidden there), and why nothing could be hidden when that is so.
   */
  hair: { hiddenPx: number; reason: HairOcclusion['reason']; ears: EarReport[] } | null;
  ms: TryonTimings;
}

/** A finished try-on: the composite (RGB, full photo size) and its report. */
export interface TryonOutput {
  rgb: { width: number; height: number; data: Uint8Array };
  report: TryonReport;
}

/** Options of one try-on. */
export interface TryonOptions {
  person?: number;
  adjust?: Adjust;
  lighting?: LightingOptions;
  /** Keypoints already found for this photo (batch over many products reuses them). */
  keypoints?: KeypointResult;
  /** Person mask already computed for this photo. */
  mask?: Awaited<ReturnType<typeof segmentPeople>>;
}

/** The detectors a product type needs; the others are skipped (each costs 50–400 ms per photo on wasm). */
export function partsFor(type: TryonType): KeypointParts {
  switch (type) {
    case 'eyewear':
      return { body: false, face: true, iris: true, hands: false };
    case 'earrings':
    case 'hat':
      return { body: false, face: true, iris: false, hands: false };
    case 'ring':
    case 'watch':
    case 'bracelet':
      return { body: false, face: false, iris: false, hands: true };
    case 'necklace':
      return { body: true, face: false, iris: false, hands: false };
    case 'top':
      // The face checks the shoulders' size and keeps a hood or collar off the face.
      return { body: true, face: true, iris: false, hands: false };
  }
}

/** The detectors a set of products needs together (a batch over one photo runs them once). */
export function partsForAll(types: TryonType[]): KeypointParts {
  const out: KeypointParts = { body: false, face: false, iris: false, hands: false };
  for (const t of types) for (const [k, v] of Object.entries(partsFor(t)) as [keyof KeypointParts, boolean][]) out[k] ||= v;
  return out;
}

const hasAll = (p: KeypointParts): boolean => p.body && p.face && p.iris && p.hands;

function pickPerson(r: KeypointResult, index: number | undefined, photoName: string, lang: Lang): Person {
  if (!r.people.length) throw new EngineError('user_error', tryonText('no_person', { name: photoName }), { reason: 'no_person' }, lang);
  if (index !== undefined) {
    const p = r.people[index];
    if (!p) throw new EngineError('user_error', tryonText('person_out_of_range', { count: r.people.length, max: r.people.length - 1, index }), { reason: 'person_out_of_range' }, lang);
    return p;
  }
  // The most prominent person: the largest box.
  return [...r.people].sort((a, b) => b.box[2] * b.box[3] - a.box[2] * a.box[3])[0];
}

function centreOf(f: Fit): Pt {
  const pts = f.placements.flatMap((p) => Object.values(p.targets));
  return { x: pts.reduce((s, p) => s + p.x, 0) / pts.length, y: pts.reduce((s, p) => s + p.y, 0) / pts.length };
}

/** Runs the whole try-on. Missing body parts, no person or a bad person index are bilingual user errors. */
export async function renderTryOn(photo: Photo, product: PreparedProduct, opts: TryonOptions, lang: Lang): Promise<TryonOutput> {
  const t0 = performance.now();
  // Anchors that would draw a top several times too large are refused before any detector runs.
  if (product.type === 'top') checkTopAnchors(product.sku, product.anchors, garmentBodyWidth(product.cutout), lang);
  // A person picked by index means the index `desk keypoints` / the people picker showed: every detector, as they ran.
  let kp = opts.keypoints ?? (await detectPeople(photo, opts.person === undefined ? partsFor(product.type) : ALL_PARTS));
  const found = { detection: opts.keypoints ? 0 : kp.ms.detection, keypoints: opts.keypoints ? 0 : kp.ms.keypoints };
  let fitting = 0;
  let person: Person;
  let fit: Fit;
  for (;;) {
    const t1 = performance.now();
    try {
      person = pickPerson(kp, opts.person, photo.name, lang);
      fit = fitProduct(product.type, product.anchors, person, lang, product.widthMm);
      fitting += performance.now() - t1;
      break;
    } catch (e) {
      fitting += performance.now() - t1;
      // The quick pass skipped detectors: what is missing (a hand for a watch, whose body wrist would do) may be among
      // them, so look with all of them before saying what is missing.
      if (!(e instanceof EngineError) || hasAll(kp.parts)) throw e;
      kp = await detectPeople(photo, ALL_PARTS);
      found.detection += kp.ms.detection;
      found.keypoints += kp.ms.keypoints;
    }
  }
  const adj = opts.adjust ?? NO_ADJUST;
  const centre = centreOf(fit);
  const t2 = performance.now();
  const placements = fit.placements.map((p) => {
    const transform = applyAdjust(p.transform, adj, centre);
    // The hand adjustment moves a bent placement's photo points the same way (a spline follows a similarity exactly).
    const nudge = applyAdjust([1, 0, 0, 0, 1, 0], adj, centre);
    return { ...p, transform, ...(p.bend ? { bend: { from: p.bend.from, to: p.bend.to.map((q) => apply(nudge, q)) } } : {}) };
  });
  fitting += performance.now() - t2;
  let segMs = 0;
  let mask = null;
  if (fit.occlude) {
    const seg = opts.mask ?? (await segmentPeople(photo));
    mask = seg.mask;
    segMs = opts.mask ? 0 : seg.ms;
  }
  // Earrings go behind hair in front of the ears. The person mask around the head (sharper at the ears than a
  // whole-photo pass) is computed only when an ear shows no skin.
  const t3 = performance.now();
  let hair: HairOcclusion | null = null;
  let headMs = 0;
  const face = person.face;
  if (face && placements.some((p) => p.ear)) {
    hair = await hairOcclusion(photo.full, face, async () => {
      const head = await segmentHead(photo, face);
      headMs = head.ms;
      return head.mask;
    });
  }
  segMs += headMs;
  const hairMs = performance.now() - t3 - headMs;
  const { image, report } = composite(photo.full, product.cutout, placements, mask, opts.lighting ?? DEFAULT_LIGHTING, fit.occluders, hair);
  return {
    rgb: image,
    report: {
      sku: product.sku,
      type: product.type,
      photo: { name: photo.name, width: photo.full.width, height: photo.full.height },
      people: kp.people.length,
      person: person.index,
      keypoints: fit.keypoints,
      anchors: product.anchors,
      anchorsSource: product.anchorsSource,
      cutout: { width: product.cutout.width, height: product.cutout.height, method: product.cutoutMethod },
      transforms: placements.map((p) => ({ matrix: p.transform, ...decompose(p.transform), targets: p.targets, warp: p.bend ? 'thin_plate_spline' as const : 'affine' as const, ...(p.bend ? { bend: p.bend } : {}) })),
      measure: fit.measure,
      adjust: adj,
      lighting: report.deltaE,
      occluded: report.occluded,
      hair: hair ? { hiddenPx: Math.round((report.hairHidden.right + report.hairHidden.left) * 10) / 10, reason: hair.reason, ears: earReports(hair, report.hairHidden) } : null,
      ms: {
        detection: found.detection,
        keypoints: found.keypoints,
        segmentation: segMs,
        fitting,
        // The hair test (colour models, ear patches) counts as compositing; the person mask it asked for as segmentation.
        compositing: report.ms + hairMs,
        total: performance.now() - t0,
      },
    },
  };
}

/** Encodes a composite as PNG. */
export function encodePng(rgb: TryonOutput['rgb']): Promise<Buffer> {
  return sharp(Buffer.from(rgb.data.buffer, rgb.data.byteOffset, rgb.data.length), { raw: { width: rgb.width, height: rgb.height, channels: 3 } }).png().toBuffer();
}
