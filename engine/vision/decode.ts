/** Decodes image bytes with sharp: EXIF orientation applied, converted to sRGB, transparency flattened on white. */
import sharp, { type Sharp } from 'sharp';
import type { RgbImage } from '../../models/vision/handcrafted';

/** Largest image file accepted, bytes (documented in the README). */
export const MAX_IMAGE_BYTES = 20 * 1024 * 1024;
/** Largest image accepted, pixels (width × height); bigger ones are refused before decoding. */
export const MAX_IMAGE_PIXELS = 50_000_000;
/** Limits of a photo searched with (a phone's photo is larger than a catalogue picture). */
export const QUERY_LIMITS = { maxBytes: 40 * 1024 * 1024, maxPixels: MAX_IMAGE_PIXELS } as const;
/** Longest side of a stored thumbnail. */
export const THUMB_SIZE = 256;

/** A crop box in source pixels. */
export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

function pipeline(buf: Buffer): Sharp {
  return sharp(buf, { limitInputPixels: MAX_IMAGE_PIXELS, failOn: 'truncated' }).rotate().toColourspace('srgb');
}

/** Width and height after EXIF rotation, plus the detected format. */
export async function probeImage(buf: Buffer): Promise<{ width: number; height: number; format: string }> {
  const m = await sharp(buf, { limitInputPixels: MAX_IMAGE_PIXELS, failOn: 'truncated' }).metadata();
  const swap = (m.orientation ?? 1) >= 5;
  const width = m.width ?? 0, height = m.height ?? 0;
  return { width: swap ? height : width, height: swap ? width : height, format: m.format ?? 'unknown' };
}

/** Decodes to a side × side RGB image (stretched to fill, so nothing of the object is cut), optionally from a crop. */
export async function decodeRgb(buf: Buffer, side: number, crop?: Box): Promise<RgbImage> {
  let p = pipeline(buf);
  if (crop) {
    // extract() after rotate() needs the rotation materialised first.
    const rotated = await p.flatten({ background: '#ffffff' }).png().toBuffer();
    p = sharp(rotated).extract({ left: Math.round(crop.x), top: Math.round(crop.y), width: Math.max(1, Math.round(crop.w)), height: Math.max(1, Math.round(crop.h)) });
  }
  const { data, info } = await p.flatten({ background: '#ffffff' }).resize(side, side, { fit: 'fill' }).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
}

/** Largest spread (standard deviation, 0-255) of a channel over the photo at 64 × 64 for it to count as blank. */
const PLAIN_MAX_STDEV = 4;

/**
 * True when the photo is one plain colour (a blank or lens-capped shot, a solid swatch): nothing in it to search for.
 * A small object on a plain background already spreads a channel by 20 or more at this size.
 */
export async function isPlainImage(buf: Buffer): Promise<boolean> {
  const { data } = await decodeRgb(buf, 64);
  for (let c = 0; c < 3; c++) {
    let sum = 0, sq = 0, n = 0;
    for (let i = c; i < data.length; i += 3) {
      sum += data[i];
      sq += data[i] * data[i];
      n++;
    }
    const mean = sum / n;
    if (Math.sqrt(Math.max(0, sq / n - mean * mean)) > PLAIN_MAX_STDEV) return false;
  }
  return true;
}

/** A JPEG thumbnail whose longest side is THUMB_SIZE. */
export async function makeThumbnail(buf: Buffer): Promise<Buffer> {
  return pipeline(buf).flatten({ background: '#ffffff' }).resize(THUMB_SIZE, THUMB_SIZE, { fit: 'inside', withoutEnlargement: true }).jpeg({ quality: 82 }).toBuffer();
}
