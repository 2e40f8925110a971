/** Reads a model photo for try-on: size limits, EXIF orientation, a working copy small enough for the keypoint models. */
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import sharp, { type Metadata } from 'sharp';
import { EngineError } from '../errors';
import { tr, type Lang } from '../i18n';
import type { RgbImage } from '../../models/tryon/types';
import { tryonMessages } from './messages';

/** Largest photo file accepted, bytes. */
export const MAX_PHOTO_BYTES = 40 * 1024 * 1024;
/** Largest photo accepted, pixels (width × height). */
export const MAX_PHOTO_PIXELS = 60_000_000;
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
    throw new EngineError('too_large', tr(tryonMessages, lang, 'photo_too_large', { name, detail: `${(bytes.length / 1048576).toFixed(0)} MB`, limit: '40 MB' }));
  }
  let meta: Metadata;
  try {
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch {
    throw new EngineError('user_error', tr(tryonMessages, lang, 'photo_corrupt', { name }));
  }
  const w = meta.width ?? 0;
  const h = meta.height ?? 0;
  if (w * h > MAX_PHOTO_PIXELS) {
    throw new EngineError('too_large', tr(tryonMessages, lang, 'photo_too_large', { name, detail: `${w}×${h}`, limit: `${MAX_PHOTO_PIXELS / 1e6} MP` }));
  }
  if (w < MIN_PHOTO_SIDE || h < MIN_PHOTO_SIDE) throw new EngineError('user_error', tr(tryonMessages, lang, 'photo_too_small', { name, width: w, height: h, min: MIN_PHOTO_SIDE }));
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
    throw new EngineError('user_error', tr(tryonMessages, lang, 'photo_corrupt', { name }));
  }
}

/** Reads and decodes a photo file; a missing file is a user error. */
export async function readPhoto(path: string, lang: Lang): Promise<Photo> {
  const name = basename(path);
  try {
    const s = await stat(path);
    if (s.size > MAX_PHOTO_BYTES) {
      throw new EngineError('too_large', tr(tryonMessages, lang, 'photo_too_large', { name, detail: `${(s.size / 1048576).toFixed(0)} MB`, limit: '40 MB' }));
    }
  } catch (e) {
    if (e instanceof EngineError) throw e;
    throw new EngineError('user_error', tr(tryonMessages, lang, 'photo_missing', { path }));
  }
  return decodePhoto(await readFile(path), name, lang);
}
