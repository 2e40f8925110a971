/** Renders the demo product images: SVG drawings turned into 256×256 transparent PNGs with sharp. */
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import type { DemoProduct } from './products';
import { SHAPES } from './shapes';

/** Side of every demo image, pixels. */
export const IMAGE_SIZE = 256;

/** One rendered image: the catalogue PNG, and further views of the same product as JPEG photos. */
export interface DemoImage {
  productIndex: number;
  png: Buffer;
  sha256: string;
  /** Other views (turned, mirrored or closer, on a backdrop), JPEG. */
  views: { jpeg: Buffer; sha256: string }[];
}

/** Views per product besides the catalogue picture. */
export const EXTRA_VIEWS = 2;

/** Backdrops of the extra views: studio paper, linen, wood, slate, a shop shelf. */
const BACKDROPS = [
  ['#f1ede4', '#d9d3c4'],
  ['#e6e9ee', '#c3cad6'],
  ['#c9a27a', '#8f6a48'],
  ['#5d6670', '#3c434b'],
  ['#eae3d2', '#b9ac8f'],
] as const;

/**
 * Another view of a product's drawing: turned a little (view 1) or mirrored and closer (view 2), on a backdrop with a
 * floor shadow, as a photo would show it. `salt` changes the backdrop's tone (to keep every image distinct).
 */
export function viewSvg(drawing: string, id: number, view: number, salt = 0): string {
  const [top, bottom] = BACKDROPS[(id * 3 + view + salt) % BACKDROPS.length];
  const tone = shade(top, ((id + salt * 5) % 7) / 100 - 0.03);
  const inner = drawing.replace('<svg ', '<svg x="0" y="0" ');
  const pose =
    view === 1
      ? `translate(128 136) rotate(${-14 + (id % 5) * 6}) scale(0.78) translate(-128 -128)`
      : `translate(128 120) scale(-1.22 1.22) translate(-128 -118)`;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${IMAGE_SIZE}" height="${IMAGE_SIZE}" viewBox="0 0 256 256">` +
    `<defs><linearGradient id="bg" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${tone}"/><stop offset="1" stop-color="${bottom}"/></linearGradient>` +
    `<filter id="blur"><feGaussianBlur stdDeviation="6"/></filter></defs>` +
    `<rect width="256" height="256" fill="url(#bg)"/>` +
    `<ellipse cx="128" cy="226" rx="82" ry="12" fill="#000" opacity="0.22" filter="url(#blur)"/>` +
    `<g transform="${pose}">${inner}</g></svg>`
  );
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

/** Renders one PNG per product plus EXTRA_VIEWS JPEG views, a few products at a time; calls `tick` after each batch. */
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
      let nudge = 0;
      while (seen.has(sha)) {
        png = await sharp(Buffer.from(productSvg(slice[k], ++nudge))).png({ compressionLevel: 6 }).toBuffer();
        sha = createHash('sha256').update(png).digest('hex');
      }
      seen.add(sha);
      const drawing = productSvg(slice[k], nudge);
      const views: DemoImage['views'] = [];
      for (let v = 1; v <= EXTRA_VIEWS; v++) {
        for (let salt = 0; ; salt++) {
          const jpeg = await sharp(Buffer.from(viewSvg(drawing, slice[k].id, v, salt))).jpeg({ quality: 85 }).toBuffer();
          const vsha = createHash('sha256').update(jpeg).digest('hex');
          if (seen.has(vsha)) continue;
          seen.add(vsha);
          views.push({ jpeg, sha256: vsha });
          break;
        }
      }
      out[i + k] = { productIndex: i + k, png, sha256: sha, views };
    }
    tick(Math.min(products.length, i + batch));
  }
  return out;
}
