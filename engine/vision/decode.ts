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

/** A JPEG thumbnail whose longest side is THUMB_SIZE. */
export async function makeThumbnail(buf: Buffer): Promise<Buffer> {
  return pipeline(buf).flatten({ background: '#ffffff' }).resize(THUMB_SIZE, THUMB_SIZE, { fit: 'inside', withoutEnlargement: true }).jpeg({ quality: 82 }).toBuffer();
}
