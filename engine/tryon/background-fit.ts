/** A smooth background surface for product photos: a low-order polynomial in x and y per CIE Lab channel, fitted robustly. */

/** A fitted surface: per channel the polynomial's coefficients over the terms of its degree. */
export interface Surface {
  degree: 2 | 3;
  coef: [Float64Array, Float64Array, Float64Array];
  /** Median distance (ΔE) of the samples kept in the last round: the background's own noise. */
  noise: number;
}

/** The polynomial's terms at normalised (u, v) in [-1, 1]. */
function terms(u: number, v: number, degree: 2 | 3, out: Float64Array): void {
  out[0] = 1;
  out[1] = u;
  out[2] = v;
  out[3] = u * u;
  out[4] = u * v;
  out[5] = v * v;
  if (degree === 3) {
    out[6] = u * u * u;
    out[7] = u * u * v;
    out[8] = u * v * v;
    out[9] = v * v * v;
  }
}

/** Solves the symmetric system M x = r (Gaussian elimination with partial pivoting; M is k×k, row-major, overwritten). */
function solve(M: Float64Array, r: Float64Array, k: number): Float64Array {
  for (let c = 0; c < k; c++) {
    let p = c;
    for (let i = c + 1; i < k; i++) if (Math.abs(M[i * k + c]) > Math.abs(M[p * k + c])) p = i;
    if (p !== c) {
      for (let j = 0; j < k; j++) [M[c * k + j], M[p * k + j]] = [M[p * k + j], M[c * k + j]];
      [r[c], r[p]] = [r[p], r[c]];
    }
    const d = M[c * k + c] || 1e-12;
    for (let i = c + 1; i < k; i++) {
      const f = M[i * k + c] / d;
      if (!f) continue;
      for (let j = c; j < k; j++) M[i * k + j] -= f * M[c * k + j];
      r[i] -= f * r[c];
    }
  }
  const x = new Float64Array(k);
  for (let i = k - 1; i >= 0; i--) {
    let s = r[i];
    for (let j = i + 1; j < k; j++) s -= M[i * k + j] * x[j];
    x[i] = s / (M[i * k + i] || 1e-12);
  }
  return x;
}

/**
 * Fits the surface to the sampled pixels (indices into w×h Lab planes), dropping outliers (the product where it reaches
 * the sampled area, a shadow) in three rounds: each refit keeps the samples within 2.5 times the median distance (at
 * least `floor` ΔE).
 */
export function fitSurface(samples: Int32Array, w: number, h: number, lab: [Float32Array, Float32Array, Float32Array], degree: 2 | 3, floor = 3): Surface {
  const k = degree === 2 ? 6 : 10;
  const t = new Float64Array(k);
  let keep = new Uint8Array(samples.length).fill(1);
  let coef: [Float64Array, Float64Array, Float64Array] = [new Float64Array(k), new Float64Array(k), new Float64Array(k)];
  let noise = 0;
  const sx = 2 / Math.max(1, w - 1);
  const sy = 2 / Math.max(1, h - 1);
  for (let round = 0; round < 3; round++) {
    const M = new Float64Array(k * k);
    const R = [new Float64Array(k), new Float64Array(k), new Float64Array(k)];
    for (let s = 0; s < samples.length; s++) {
      if (!keep[s]) continue;
      const i = samples[s];
      terms((i % w) * sx - 1, Math.floor(i / w) * sy - 1, degree, t);
      for (let a = 0; a < k; a++) {
        for (let b = a; b < k; b++) M[a * k + b] += t[a] * t[b];
        for (let c = 0; c < 3; c++) R[c][a] += t[a] * lab[c][i];
      }
    }
    for (let a = 0; a < k; a++) {
      M[a * k + a] += 1e-6;
      for (let b = 0; b < a; b++) M[a * k + b] = M[b * k + a];
    }
    coef = [solve(M.slice(), R[0], k), solve(M.slice(), R[1], k), solve(M.slice(), R[2], k)];
    const dist = new Float32Array(samples.length);
    for (let s = 0; s < samples.length; s++) {
      const i = samples[s];
      terms((i % w) * sx - 1, Math.floor(i / w) * sy - 1, degree, t);
      let d2 = 0;
      for (let c = 0; c < 3; c++) {
        let v = 0;
        for (let a = 0; a < k; a++) v += coef[c][a] * t[a];
        d2 += (lab[c][i] - v) ** 2;
      }
      dist[s] = Math.sqrt(d2);
    }
    const kept = new Float32Array(samples.length);
    let m = 0;
    for (let s = 0; s < samples.length; s++) if (keep[s]) kept[m++] = dist[s];
    kept.subarray(0, m).sort();
    noise = m ? kept[m >> 1] : 0;
    const cut = Math.max(floor, 2.5 * noise);
    const next = new Uint8Array(samples.length);
    let n = 0;
    for (let s = 0; s < samples.length; s++) if (dist[s] <= cut) {
      next[s] = 1;
      n++;
    }
    if (n < k * 4) break;
    keep = next;
  }
  return { degree, coef, noise };
}

/** The surface's Lab colour at every pixel, as three planes. */
export function evalSurface(s: Surface, w: number, h: number): [Float32Array, Float32Array, Float32Array] {
  const k = s.degree === 2 ? 6 : 10;
  const out: [Float32Array, Float32Array, Float32Array] = [new Float32Array(w * h), new Float32Array(w * h), new Float32Array(w * h)];
  const sx = 2 / Math.max(1, w - 1);
  const sy = 2 / Math.max(1, h - 1);
  for (let c = 0; c < 3; c++) {
    const q = s.coef[c];
    const plane = out[c];
    for (let y = 0; y < h; y++) {
      // Per row the surface is a polynomial in u alone: c0 + c1 u + c2 u² + c3 u³.
      const v = y * sy - 1;
      const c0 = q[0] + q[2] * v + q[5] * v * v + (k === 10 ? q[9] * v * v * v : 0);
      const c1 = q[1] + q[4] * v + (k === 10 ? q[8] * v * v : 0);
      const c2 = q[3] + (k === 10 ? q[7] * v : 0);
      const c3 = k === 10 ? q[6] : 0;
      const row = y * w;
      for (let x = 0; x < w; x++) {
        const u = x * sx - 1;
        plane[row + x] = c0 + u * (c1 + u * (c2 + u * c3));
      }
    }
  }
  return out;
}
