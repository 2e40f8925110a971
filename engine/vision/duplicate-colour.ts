/**
 * Colour agreement of two product pictures, for duplicate listings: a perceptual hash sees only light and dark, so a red
 * and a grey pair of trousers drawn alike (or red trousers and a black phone case of the same outline) hash the same.
 * Each picture's object colour is read from its stored thumbnail: pixels unlike the background (each row's own edge
 * colour, so a graded studio backdrop stays background), as an HSV histogram and a mean CIE Lab colour.
 */
import sharp from 'sharp';
import { hsvBin as hsvBinOf } from '../../models/vision/handcrafted';

/** A picture's object colour. */
export interface ColourSignature {
  /** HSV histogram of the object's pixels (12 hues × 4 saturations × 4 values), summing to 1. */
  hist: Float32Array;
  /** Mean colour of the object's pixels, CIE Lab (D65). */
  lab: [number, number, number];
  /**
   * The object's coloured pixels (saturation ≥ 0.25, not near black): their share of the object and mean Lab colour.
   * Two shades of one lipstick share a black case and a gold band; only their coloured parts tell them apart.
   */
  chroma: { share: number; lab: [number, number, number] };
}

/** How alike two pictures' colours are. */
export interface ColourAgreement {
  /** Histogram intersection, 0 (no colour in common) to 1 (the same colours in the same amounts). */
  overlap: number;
  /** CIE76 ΔE between the mean object colours (about 2.3 is a just noticeable difference). */
  deltaE: number;
  /** Difference of the coloured pixels' shares (a grey and a red version of one garment: near 1). */
  chromaShare: number;
  /** ΔE between the coloured pixels' mean colours; null when either picture has almost none. */
  chromaDeltaE: number | null;
}

/**
 * Two pictures of one product in one colour (recompressed, resized or re-shot copies) stay well inside these: colour
 * histograms overlapping by half, mean colours within ΔE 15, coloured shares within 0.25 and coloured parts within ΔE 12
 * (set on the demo store's 240 pictures: plum and pale-pink shades of one lipstick differ by ΔE 20 in their coloured
 * parts, copies of one drawing on different backdrops by at most 10.6).
 */
export const SAME_COLOUR = { minOverlap: 0.5, maxDeltaE: 15, maxChromaShare: 0.25, maxChromaDeltaE: 12 } as const;
/** Products of different categories count as one picture only when their colours are nearly identical too. */
export const IDENTICAL_COLOUR = { minOverlap: 0.8, maxDeltaE: 5, maxChromaShare: 0.1, maxChromaDeltaE: 5 } as const;
/** Below this share of coloured pixels a picture's coloured part is too small to compare. */
const MIN_CHROMA = 0.05;
const SIDE = 64;
const HB = 12;
const SB = 4;
const VB = 4;
/** A pixel this far (sum of RGB differences) from its row's edge colour belongs to the object. */
const FOREGROUND = 48;

function srgbToLab(r: number, g: number, b: number): [number, number, number] {
  const lin = (c: number): number => {
    const v = c / 255;
    return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  };
  const R = lin(r), G = lin(g), B = lin(b);
  const f = (t: number): number => (t > 216 / 24389 ? Math.cbrt(t) : (24389 / 27 * t + 16) / 116);
  const x = f((0.4124 * R + 0.3576 * G + 0.1805 * B) / 0.95047);
  const y = f(0.2126 * R + 0.7152 * G + 0.0722 * B);
  const z = f((0.0193 * R + 0.1192 * G + 0.9505 * B) / 1.08883);
  return [116 * y - 16, 500 * (x - y), 200 * (y - z)];
}

function hsvBin(r: number, g: number, b: number): number {
  return hsvBinOf(r / 255, g / 255, b / 255, HB, SB, VB);
}

/** The object colour of a picture (its stored thumbnail or any encoded image). */
export async function colourSignature(image: Buffer): Promise<ColourSignature> {
  const d = await sharp(image).flatten({ background: '#ffffff' }).resize(SIDE, SIDE, { fit: 'fill' }).removeAlpha().raw().toBuffer();
  const pick = (all: boolean): number[] => {
    const out: number[] = [];
    for (let y = 0; y < SIDE; y++) {
      const l = y * SIDE * 3;
      const r = (y * SIDE + SIDE - 1) * 3;
      const edge = [0, 1, 2].map((c) => (d[l + c] + d[r + c]) / 2);
      for (let x = 0; x < SIDE; x++) {
        const i = (y * SIDE + x) * 3;
        if (all || Math.abs(d[i] - edge[0]) + Math.abs(d[i + 1] - edge[1]) + Math.abs(d[i + 2] - edge[2]) > FOREGROUND) out.push(i);
      }
    }
    return out;
  };
  // A picture with almost nothing unlike its edges (an object filling the frame, or no object) is read whole.
  let px = pick(false);
  if (px.length < SIDE * SIDE * 0.03) px = pick(true);
  const hist = new Float32Array(HB * SB * VB);
  const lab: [number, number, number] = [0, 0, 0];
  const chroma: [number, number, number] = [0, 0, 0];
  let coloured = 0;
  for (const i of px) {
    const r = d[i], g = d[i + 1], b = d[i + 2];
    hist[hsvBin(r, g, b)] += 1 / px.length;
    const p = srgbToLab(r, g, b);
    for (let c = 0; c < 3; c++) lab[c] += p[c] / px.length;
    const max = Math.max(r, g, b);
    if (max >= 50 && (max - Math.min(r, g, b)) / max >= 0.25) {
      coloured++;
      for (let c = 0; c < 3; c++) chroma[c] += p[c];
    }
  }
  return { hist, lab, chroma: { share: coloured / px.length, lab: chroma.map((v) => (coloured ? v / coloured : 0)) as [number, number, number] } };
}

/** How alike two signatures are. */
export function colourAgreement(a: ColourSignature, b: ColourSignature): ColourAgreement {
  let overlap = 0;
  for (let i = 0; i < a.hist.length; i++) overlap += Math.min(a.hist[i], b.hist[i]);
  const dE = (p: [number, number, number], q: [number, number, number]): number => Math.hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]);
  const both = a.chroma.share >= MIN_CHROMA && b.chroma.share >= MIN_CHROMA;
  return { overlap, deltaE: dE(a.lab, b.lab), chromaShare: Math.abs(a.chroma.share - b.chroma.share), chromaDeltaE: both ? dE(a.chroma.lab, b.chroma.lab) : null };
}

/** Whether two pictures agree in colour well enough to be one picture (strictly when the products' categories differ). */
export function coloursAgree(c: ColourAgreement, sameCategory: boolean): boolean {
  const t = sameCategory ? SAME_COLOUR : IDENTICAL_COLOUR;
  return c.overlap >= t.minOverlap && c.deltaE <= t.maxDeltaE && c.chromaShare <= t.maxChromaShare && (c.chromaDeltaE === null || c.chromaDeltaE <= t.maxChromaDeltaE);
}
