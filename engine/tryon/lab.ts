/** sRGB ↔ CIE Lab (D65) for colour transfer in a perceptual space. */

const lin = (c: number): number => {
  const v = c / 255;
  return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
};
const gam = (v: number): number => {
  const c = v <= 0.0031308 ? 12.92 * v : 1.055 * v ** (1 / 2.4) - 0.055;
  return Math.max(0, Math.min(255, Math.round(c * 255)));
};
const LIN = Float64Array.from({ length: 256 }, (_, i) => lin(i));
const f = (t: number): number => (t > 216 / 24389 ? Math.cbrt(t) : (24389 / 27 * t + 16) / 116);
const fi = (t: number): number => (t ** 3 > 216 / 24389 ? t ** 3 : (116 * t - 16) / (24389 / 27));

/** Lab of an sRGB colour (0..255 channels). */
export function rgbToLab(r: number, g: number, b: number): [number, number, number] {
  const R = LIN[r];
  const G = LIN[g];
  const B = LIN[b];
  const x = f((0.4124 * R + 0.3576 * G + 0.1805 * B) / 0.95047);
  const y = f(0.2126 * R + 0.7152 * G + 0.0722 * B);
  const z = f((0.0193 * R + 0.1192 * G + 0.9505 * B) / 1.08883);
  return [116 * y - 16, 500 * (x - y), 200 * (y - z)];
}

/** sRGB (0..255, clamped) of a Lab colour. */
export function labToRgb(L: number, a: number, b: number): [number, number, number] {
  const y = (L + 16) / 116;
  const X = fi(y + a / 500) * 0.95047;
  const Y = fi(y);
  const Z = fi(y - b / 200) * 1.08883;
  return [gam(3.2406 * X - 1.5372 * Y - 0.4986 * Z), gam(-0.9689 * X + 1.8758 * Y + 0.0415 * Z), gam(0.0557 * X - 0.204 * Y + 1.057 * Z)];
}

/** Mean and standard deviation per Lab channel, weighted (e.g. by alpha). */
export interface LabStats {
  mean: [number, number, number];
  std: [number, number, number];
}

/** Lab statistics of RGB pixels with weights (weight 0 skips a pixel). */
export function labStats(rgb: ArrayLike<number>, stride: number, weights: ArrayLike<number> | null, count: number): LabStats {
  const s = [0, 0, 0];
  const q = [0, 0, 0];
  let n = 0;
  // Product layers repeat a few colours: convert each distinct colour once.
  const memo = new Map<number, [number, number, number]>();
  for (let i = 0; i < count; i++) {
    const w = weights ? weights[i] : 1;
    if (w <= 0) continue;
    const key = (rgb[i * stride] << 16) | (rgb[i * stride + 1] << 8) | rgb[i * stride + 2];
    let lab = memo.get(key);
    if (!lab) {
      lab = rgbToLab(rgb[i * stride], rgb[i * stride + 1], rgb[i * stride + 2]);
      memo.set(key, lab);
    }
    for (let c = 0; c < 3; c++) {
      s[c] += w * lab[c];
      q[c] += w * lab[c] * lab[c];
    }
    n += w;
  }
  if (n === 0) return { mean: [50, 0, 0], std: [1, 1, 1] };
  const mean = s.map((v) => v / n) as [number, number, number];
  const std = q.map((v, c) => Math.sqrt(Math.max(1e-6, v / n - mean[c] * mean[c]))) as [number, number, number];
  return { mean, std };
}

/** Lab planes (L, a, b) of RGBA pixels, the same conversion as rgbToLab inlined for whole images. */
export function rgbaToLabPlanes(rgba: ArrayLike<number>, count: number): [Float32Array, Float32Array, Float32Array] {
  const L = new Float32Array(count);
  const A = new Float32Array(count);
  const B = new Float32Array(count);
  const e = 216 / 24389;
  const k = 24389 / 27;
  let last = -1;
  let l = 0;
  let a = 0;
  let b = 0;
  for (let i = 0; i < count; i++) {
    const r8 = rgba[i * 4];
    const g8 = rgba[i * 4 + 1];
    const b8 = rgba[i * 4 + 2];
    const key = (r8 << 16) | (g8 << 8) | b8;
    // Runs of one colour (a flat background) are converted once.
    if (key !== last) {
      const R = LIN[r8];
      const G = LIN[g8];
      const Bl = LIN[b8];
      const X = (0.4124 * R + 0.3576 * G + 0.1805 * Bl) / 0.95047;
      const Y = 0.2126 * R + 0.7152 * G + 0.0722 * Bl;
      const Z = (0.0193 * R + 0.1192 * G + 0.9505 * Bl) / 1.08883;
      const fx = X > e ? Math.cbrt(X) : (k * X + 16) / 116;
      const fy = Y > e ? Math.cbrt(Y) : (k * Y + 16) / 116;
      const fz = Z > e ? Math.cbrt(Z) : (k * Z + 16) / 116;
      l = 116 * fy - 16;
      a = 500 * (fx - fy);
      b = 200 * (fy - fz);
      last = key;
    }
    L[i] = l;
    A[i] = a;
    B[i] = b;
  }
  return [L, A, B];
}
