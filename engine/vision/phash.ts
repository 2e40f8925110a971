/** 64-bit DCT perceptual hash (pHash) of an image, and the Hamming distance between two hashes. */
import sharp from 'sharp';

const N = 32;
const COS: Float64Array = (() => {
  const c = new Float64Array(N * N);
  for (let k = 0; k < N; k++) for (let n = 0; n < N; n++) c[k * N + n] = Math.cos(((2 * n + 1) * k * Math.PI) / (2 * N));
  return c;
})();

/** The pHash of a 32×32 grey image (row-major bytes): signs of the 8×8 low DCT coefficients against their median. */
export function phashOfGrey(grey: Uint8Array): string {
  const low: number[] = [];
  for (let u = 0; u < 8; u++) {
    for (let v = 0; v < 8; v++) {
      let s = 0;
      for (let y = 0; y < N; y++) {
        let row = 0;
        for (let x = 0; x < N; x++) row += grey[y * N + x] * COS[v * N + x];
        s += row * COS[u * N + y];
      }
      low.push(s);
    }
  }
  const sorted = low.slice(1).sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  let hex = '';
  for (let i = 0; i < 64; i += 4) {
    let nib = 0;
    for (let j = 0; j < 4; j++) nib = (nib << 1) | (low[i + j] > median ? 1 : 0);
    hex += nib.toString(16);
  }
  return hex;
}

/** The pHash of encoded image bytes. */
export async function phash(buf: Buffer): Promise<string> {
  const grey = await sharp(buf).rotate().flatten({ background: '#ffffff' }).greyscale().resize(N, N, { fit: 'fill' }).raw().toBuffer();
  return phashOfGrey(new Uint8Array(grey.buffer, grey.byteOffset, grey.byteLength));
}

/** Number of differing bits between two 16-hex-digit hashes. */
export function hamming(a: string, b: string): number {
  let d = 0;
  for (let i = 0; i < 16; i++) {
    let x = Number.parseInt(a[i], 16) ^ Number.parseInt(b[i], 16);
    while (x) { d += x & 1; x >>= 1; }
  }
  return d;
}
