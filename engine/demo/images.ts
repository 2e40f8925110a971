/** Renders the demo product images: SVG drawings turned into 256×256 transparent PNGs with sharp. */
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import type { DemoProduct } from './products';
import { SHAPES } from './shapes';

/** Side of every demo image, pixels. */
export const IMAGE_SIZE = 256;

/** One rendered image. */
export interface DemoImage {
  productIndex: number;
  png: Buffer;
  sha256: string;
}

function shade(hex: string, f: number): string {
  const n = Number.parseInt(hex.slice(1), 16);
  const ch = (s: number): number => {
    const c = (n >> s) & 255;
    return Math.max(0, Math.min(255, Math.round(f >= 0 ? c + (255 - c) * f : c * (1 + f))));
  };
  return `#${[16, 8, 0].map((s) => ch(s).toString(16).padStart(2, '0')).join('')}`;
}

function luminance(hex: string): number {
  const n = Number.parseInt(hex.slice(1), 16);
  return (0.299 * ((n >> 16) & 255) + 0.587 * ((n >> 8) & 255) + 0.114 * (n & 255)) / 255;
}

/** How a drawn image looks: the product id (varies shade, pattern angle and size), colour, pattern, shape and variant. */
export interface DrawnLook {
  id: number;
  hex: string;
  pattern: DemoProduct['pattern'];
  shape: string;
  variant: number;
}

/** The SVG source of a drawing; `nudge` varies it slightly so no two products share an image. */
export function drawnSvg(look: DrawnLook, nudge = 0): string {
  const base = shade(look.hex, ((look.id * 7 + nudge * 13) % 9) / 100 - 0.04);
  const ink = luminance(base) > 0.55 ? shade(base, -0.55) : shade(base, 0.55);
  const angle = (look.id * 37 + nudge * 11) % 180;
  const size = 10 + ((look.id + nudge) % 4) * 3;
  const motif =
    look.pattern === 'stripes'
      ? `<rect width="${size / 2}" height="${size}" fill="${ink}" opacity="0.45"/>`
      : look.pattern === 'dots'
        ? `<circle cx="${size / 2}" cy="${size / 2}" r="${size / 5}" fill="${ink}" opacity="0.5"/>`
        : look.pattern === 'check'
          ? `<rect width="${size / 2}" height="${size / 2}" fill="${ink}" opacity="0.3"/><rect x="${size / 2}" y="${size / 2}" width="${size / 2}" height="${size / 2}" fill="${ink}" opacity="0.3"/>`
          : '';
  const draw = SHAPES[look.shape] ?? SHAPES.mug;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${IMAGE_SIZE}" height="${IMAGE_SIZE}" viewBox="0 0 256 256">` +
    `<defs><pattern id="p" width="${size}" height="${size}" patternUnits="userSpaceOnUse" patternTransform="rotate(${angle})">` +
    `<rect width="${size}" height="${size}" fill="${base}"/>${motif}</pattern></defs>` +
    draw('url(#p)', ink, look.variant) +
    `</svg>`
  );
}

/** The SVG source of a product's image; `nudge` varies it slightly so no two products share an image. */
export function productSvg(p: DemoProduct, nudge = 0): string {
  return drawnSvg({ id: p.id, hex: p.colour.hex, pattern: p.pattern, shape: p.subtype.key, variant: p.shapeVariant }, nudge);
}

/** Renders one PNG per product, a few at a time; calls `tick` after each. */
export async function renderImages(products: DemoProduct[], tick: (done: number) => void, isCancelled: () => boolean): Promise<DemoImage[]> {
  const out: DemoImage[] = new Array<DemoImage>(products.length);
  const seen = new Set<string>();
  const batch = 8;
  for (let i = 0; i < products.length; i += batch) {
    if (isCancelled()) break;
    const slice = products.slice(i, i + batch);
    const rendered = await Promise.all(slice.map((p) => sharp(Buffer.from(productSvg(p))).png({ compressionLevel: 6 }).toBuffer()));
    for (let k = 0; k < slice.length; k++) {
      let png = rendered[k];
      let sha = createHash('sha256').update(png).digest('hex');
      for (let nudge = 1; seen.has(sha); nudge++) {
        png = await sharp(Buffer.from(productSvg(slice[k], nudge))).png({ compressionLevel: 6 }).toBuffer();
        sha = createHash('sha256').update(png).digest('hex');
      }
      seen.add(sha);
      out[i + k] = { productIndex: i + k, png, sha256: sha };
    }
    tick(Math.min(products.length, i + batch));
  }
  return out;
}
