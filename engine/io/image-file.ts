/**
 * A photo the user gives (a search query, a try-on model photo): read from a path, and every way it can fail said in
 * plain words in both languages, naming the user's own file (an upload's original name, not the name it is stored
 * under): no such file, a folder, empty, not an image, damaged or cut short, too large (with the limit).
 */
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import sharp from 'sharp';
import { EngineError } from '../errors';
import { originalUploadName } from '../fs/upload-name';
import { tr, type Lang } from '../i18n';
import { imageFileMessages } from './image-messages';

/** Why a photo cannot be used. */
export type ImageTrouble =
  | { kind: 'missing' }
  | { kind: 'folder' }
  | { kind: 'empty' }
  | { kind: 'not_image' }
  | { kind: 'damaged' }
  | { kind: 'plain' }
  | { kind: 'not_photo_format'; format: 'SVG' | 'GIF' }
  | { kind: 'too_many_pixels'; width: number | null; height: number | null; maxMegapixels: number }
  | { kind: 'too_many_bytes'; megabytes: number; maxMegabytes: number };

/** The limits a caller reads photos under. */
export interface ImageLimits {
  maxBytes: number;
  maxPixels: number;
}

/** The name to show for a photo: the name the user gave (a browser upload's own), else the file's, upload tag removed. */
export function userFileName(path: string, given?: string): string {
  const g = given?.trim();
  return g ? basename(g) : originalUploadName(basename(path));
}

/** True when the bytes begin with a JPEG, PNG, GIF, WebP, TIFF or HEIF/AVIF signature. */
export function looksLikeImage(b: Buffer): boolean {
  const ascii = (from: number, to: number): string => b.subarray(from, to).toString('latin1');
  return (
    (b[0] === 0xff && b[1] === 0xd8) ||
    ascii(1, 4) === 'PNG' ||
    ascii(0, 3) === 'GIF' ||
    (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') ||
    ascii(0, 4) === 'II*\0' || ascii(0, 4) === 'MM\0*' ||
    ascii(4, 8) === 'ftyp'
  );
}

const mb = (bytes: number): number => Math.round((bytes / 1048576) * 10) / 10;

/** What a decoder's (or the file system's) failure on these bytes means for the user. */
export async function imageTroubleOf(e: unknown, bytes: Buffer | null, limits: ImageLimits): Promise<ImageTrouble> {
  const code = (e as { code?: unknown } | null)?.code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'missing' };
  if (code === 'EISDIR') return { kind: 'folder' };
  const msg = e instanceof Error ? e.message : String(e);
  if (!bytes || bytes.length === 0 || /buffer is empty/i.test(msg)) return bytes && bytes.length ? { kind: 'damaged' } : { kind: 'empty' };
  if (/pixel limit/i.test(msg)) {
    // The header says how large it is, read without the limit.
    const m = await sharp(bytes, { limitInputPixels: false }).metadata().catch(() => null);
    return { kind: 'too_many_pixels', width: m?.width ?? null, height: m?.height ?? null, maxMegapixels: limits.maxPixels / 1e6 };
  }
  // A file that starts like an image but cannot be read is a broken image, not some other kind of file.
  return looksLikeImage(bytes) ? { kind: 'damaged' } : { kind: 'not_image' };
}

/** The plain reason, in `lang`. */
export function imageTroubleReason(t: ImageTrouble, lang: Lang): string {
  switch (t.kind) {
    case 'too_many_pixels':
      return t.width && t.height
        ? tr(imageFileMessages, lang, 'too_many_pixels', { mp: Math.round((t.width * t.height) / 1e5) / 10, width: t.width, height: t.height, max: t.maxMegapixels })
        : tr(imageFileMessages, lang, 'too_many_pixels_unknown', { max: t.maxMegapixels });
    case 'too_many_bytes':
      return tr(imageFileMessages, lang, 'too_many_bytes', { mb: t.megabytes, max: t.maxMegabytes });
    case 'not_photo_format':
      return tr(imageFileMessages, lang, 'not_photo_format', { format: t.format });
    case 'missing':
    case 'folder':
    case 'empty':
    case 'not_image':
    case 'damaged':
    case 'plain':
      return tr(imageFileMessages, lang, t.kind);
  }
}

/** The error for a photo that cannot be used: "The photo NAME cannot be used: REASON", with the reason's kind in details. */
export function imageError(t: ImageTrouble, file: string, lang: Lang): EngineError {
  const code = t.kind === 'too_many_pixels' || t.kind === 'too_many_bytes' ? 'too_large' : t.kind === 'missing' ? 'not_found' : t.kind === 'not_photo_format' ? 'unsupported_media' : 'user_error';
  // Both languages, so a screen keeps a refused photo's reason across a language switch; worded in `lang` first.
  const text = { en: tr(imageFileMessages, 'en', 'cannot_use', { file, reason: imageTroubleReason(t, 'en') }), zh: tr(imageFileMessages, 'zh', 'cannot_use', { file, reason: imageTroubleReason(t, 'zh') }) };
  return new EngineError(code, text, { file, reason: t.kind }, lang);
}

/**
 * Reads a photo file; a missing file, a folder, an empty or oversized file is an `imageError` naming `file` (a missing
 * file the user named by its path, as on the command line, is named by that path: where it was looked for).
 */
export async function readUserImage(path: string, file: string, lang: Lang, limits: ImageLimits): Promise<Buffer> {
  try {
    const s = await stat(path);
    if (s.isDirectory()) throw imageError({ kind: 'folder' }, file, lang);
    if (s.size === 0) throw imageError({ kind: 'empty' }, file, lang);
    if (s.size > limits.maxBytes) throw imageError({ kind: 'too_many_bytes', megabytes: mb(s.size), maxMegabytes: mb(limits.maxBytes) }, file, lang);
    return await readFile(path);
  } catch (e) {
    if (e instanceof EngineError) throw e;
    const trouble = await imageTroubleOf(e, null, limits);
    throw imageError(trouble, trouble.kind === 'missing' && file === basename(path) ? path : file, lang);
  }
}
