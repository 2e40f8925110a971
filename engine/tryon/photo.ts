/** Reads a model photo for try-on: size limits, EXIF orientation, a working copy small enough for the keypoint models. */
import sharp, { type Metadata } from 'sharp';
import { EngineError } from '../errors';
import type { Lang } from '../i18n';
import { imageError, imageTroubleOf, readUserImage, userFileName, type ImageLimits } from '../io/image-file';
import type { RgbImage } from '../../models/tryon/types';
import { tryonText } from './messages';

/** Largest photo file accepted, bytes. */
export const MAX_PHOTO_BYTES = 40 * 1024 * 1024;
/** Largest photo accepted, pixels (width × height). */
export const MAX_PHOTO_PIXELS = 60_000_000;
/** The limits photos are read under. */
export const PHOTO_LIMITS: ImageLimits = { maxBytes: MAX_PHOTO_BYTES, maxPixels: MAX_PHOTO_PIXELS };
/** Smallest side accepted, pixels. */
export const MIN_PHOTO_SIDE = 64;
/** The keypoint models see at most this many pixels on the long side; points are scaled back to the photo. */
export const WORK_LONG_SIDE = 1280;

/** A decoded photo: the full-size RGB image and a working copy for detection with its scale (work = full × scale). */
export interface Photo {
  name: string;
  full: RgbImage;
  work: RgbImage;
  scale: number;
}

/** Decodes photo bytes (upright per EXIF) into RGB at full and working size; bad input is a user error naming the file. */
export async function decodePhoto(bytes: Buffer, name: string, lang: Lang): Promise<Photo> {
  if (bytes.length > MAX_PHOTO_BYTES) {
    throw imageError({ kind: 'too_many_bytes', megabytes: Math.round((bytes.length / 1048576) * 10) / 10, maxMegabytes: MAX_PHOTO_BYTES / 1048576 }, name, lang);
  }
  let meta: Metadata;
  try {
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch (e) {
    throw imageError(await imageTroubleOf(e, bytes, PHOTO_LIMITS), name, lang);
  }
  const w = meta.width ?? 0;
  const h = meta.height ?? 0;
  if (w * h > MAX_PHOTO_PIXELS) throw imageError({ kind: 'too_many_pixels', width: w, height: h, maxMegapixels: MAX_PHOTO_PIXELS / 1e6 }, name, lang);
  if (w < MIN_PHOTO_SIDE || h < MIN_PHOTO_SIDE) throw new EngineError('user_error', tryonText('photo_too_small', { name, width: w, height: h, min: MIN_PHOTO_SIDE }), { name, reason: 'photo_too_small' }, lang);
  try {
    const upright = sharp(bytes, { limitInputPixels: MAX_PHOTO_PIXELS }).rotate().removeAlpha().toColourspace('srgb');
    const { data, info } = await upright.clone().raw().toBuffer({ resolveWithObject: true });
    const full: RgbImage = { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.length) };
    const long = Math.max(info.width, info.height);
    if (long <= WORK_LONG_SIDE) return { name, full, work: full, scale: 1 };
    const scale = WORK_LONG_SIDE / long;
    const ww = Math.round(info.width * scale);
    const wh = Math.round(info.height * scale);
    const small = await sharp(data, { raw: { width: info.width, height: info.height, channels: 3 } }).resize(ww, wh, { fit: 'fill' }).raw().toBuffer();
    return { name, full, work: { width: ww, height: wh, data: new Uint8Array(small.buffer, small.byteOffset, small.length) }, scale: ww / info.width };
  } catch (e) {
    if (e instanceof EngineError) throw e;
    // The header read but the pixels did not: a damaged or cut-short file.
    throw imageError(await imageTroubleOf(e, bytes, PHOTO_LIMITS), name, lang);
  }
}

/** The drawing or animation format a model photo is in, by its name or its first bytes; null for any other file. */
export function notPhotoFormat(file: string, bytes?: Buffer): 'SVG' | 'GIF' | null {
  if (/\.svgz?$/i.test(file)) return 'SVG';
  if (/\.gif$/i.test(file)) return 'GIF';
  if (!bytes) return null;
  if (bytes.subarray(0, 4).toString('latin1') === 'GIF8') return 'GIF';
  // An SVG is text: an XML declaration, comments or a doctype may come before its <svg> element.
  const head = bytes.subarray(0, 4096).toString('utf8').replace(/^\uFEFF/, '').trimStart();
  if (head.startsWith('<') && /<svg[\s>]/i.test(head)) return 'SVG';
  return null;
}

/**
 * Reads a model photo file the user gave (a path or an upload): an SVG drawing or a GIF is refused by its name and by
 * its bytes, whatever it is called (the browser's picker offers JPEG, PNG and WebP only; the engine must say so too).
 */
export async function readPhotoBytes(path: string, file: string, lang: Lang): Promise<Buffer> {
  const byName = notPhotoFormat(file);
  if (byName) throw imageError({ kind: 'not_photo_format', format: byName }, file, lang);
  const bytes = await readUserImage(path, file, lang, PHOTO_LIMITS);
  const byType = notPhotoFormat(file, bytes);
  if (byType) throw imageError({ kind: 'not_photo_format', format: byType }, file, lang);
  return bytes;
}

/** Reads and decodes a photo file; `name` is the user's own name for it (an upload's), else the file's. */
export async function readPhoto(path: string, lang: Lang, name?: string): Promise<Photo> {
  const file = userFileName(path, name);
  return decodePhoto(await readPhotoBytes(path, file, lang), file, lang);
}
