/** Thin-plate splines: the smooth warp a top follows between its shoulders and its hem (points to points, exactly). */
import type { Pt } from './anchors';

/** A fitted spline: f(p) = affine(p) + Σ wᵢ·U(|p − cᵢ|), U(r) = r² log r². */
export interface Tps {
  centres: Pt[];
  /** Kernel weights per centre, x then y. */
  wx: Float64Array;
  wy: Float64Array;
  /** Affine part [a0, ax, ay] for x and for y. */
  ax: [number, number, number];
  ay: [number, number, number];
}

const U = (r2: number): number => (r2 <= 1e-12 ? 0 : r2 * Math.log(r2));

/** Solves A·x = b in place by Gaussian elimination with partial pivoting; throws on a singular system. */
function solve(A: number[][], b: number[]): number[] {
  const n = b.length;
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(A[r][c]) > Math.abs(A[p][c])) p = r;
    if (Math.abs(A[p][c]) < 1e-12) throw new Error('singular spline system');
    [A[c], A[p]] = [A[p], A[c]];
    [b[c], b[p]] = [b[p], b[c]];
    for (let r = c + 1; r < n; r++) {
      const f = A[r][c] / A[c][c];
      if (f === 0) continue;
      for (let k = c; k < n; k++) A[r][k] -= f * A[c][k];
      b[r] -= f * b[c];
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = b[r];
    for (let k = r + 1; k < n; k++) s -= A[r][k] * x[k];
    x[r] = s / A[r][r];
  }
  return x;
}

/**
 * The spline taking each `from[i]` exactly to `to[i]` with the least bending. Needs three or more points not on one
 * line; with points that an affine map already fits, the result is that affine map.
 */
export function fitTps(from: readonly Pt[], to: readonly Pt[]): Tps {
  const n = from.length;
  if (n < 3 || to.length !== n) throw new Error('a spline needs three or more point pairs');
  const m = n + 3;
  const A: number[][] = Array.from({ length: m }, () => new Array<number>(m).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) A[i][j] = U((from[i].x - from[j].x) ** 2 + (from[i].y - from[j].y) ** 2);
    A[i][n] = A[n][i] = 1;
    A[i][n + 1] = A[n + 1][i] = from[i].x;
    A[i][n + 2] = A[n + 2][i] = from[i].y;
  }
  const bx = [...to.map((p) => p.x), 0, 0, 0];
  const by = [...to.map((p) => p.y), 0, 0, 0];
  const sx = solve(A.map((r) => [...r]), bx);
  const sy = solve(A.map((r) => [...r]), by);
  return {
    centres: from.map((p) => ({ x: p.x, y: p.y })),
    wx: Float64Array.from(sx.slice(0, n)),
    wy: Float64Array.from(sy.slice(0, n)),
    ax: [sx[n], sx[n + 1], sx[n + 2]],
    ay: [sy[n], sy[n + 1], sy[n + 2]],
  };
}

/** Maps a point through the spline. */
export function applyTps(t: Tps, p: Pt): Pt {
  let x = t.ax[0] + t.ax[1] * p.x + t.ax[2] * p.y;
  let y = t.ay[0] + t.ay[1] * p.x + t.ay[2] * p.y;
  for (let i = 0; i < t.centres.length; i++) {
    const u = U((p.x - t.centres[i].x) ** 2 + (p.y - t.centres[i].y) ** 2);
    x += t.wx[i] * u;
    y += t.wy[i] * u;
  }
  return { x, y };
}

/**
 * The spline sampled over a w × h window at (x0, y0): source x and y for every pixel centre. Evaluated exactly on a
 * grid every `step` pixels and bilinearly between (the spline is smooth, the grid is far finer than its bends).
 */
export function sampleTps(t: Tps, x0: number, y0: number, w: number, h: number, step = 4): { X: Float32Array; Y: Float32Array } {
  const gw = Math.ceil(w / step) + 1;
  const gh = Math.ceil(h / step) + 1;
  const GX = new Float64Array(gw * gh);
  const GY = new Float64Array(gw * gh);
  for (let j = 0; j < gh; j++) for (let i = 0; i < gw; i++) {
    const p = applyTps(t, { x: x0 + i * step + 0.5, y: y0 + j * step + 0.5 });
    GX[j * gw + i] = p.x;
    GY[j * gw + i] = p.y;
  }
  const X = new Float32Array(w * h);
  const Y = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    const j = Math.floor(y / step);
    const fy = (y - j * step) / step;
    for (let x = 0; x < w; x++) {
      const i = Math.floor(x / step);
      const fx = (x - i * step) / step;
      const k = j * gw + i;
      const o = y * w + x;
      X[o] = (GX[k] * (1 - fx) + GX[k + 1] * fx) * (1 - fy) + (GX[k + gw] * (1 - fx) + GX[k + gw + 1] * fx) * fy;
      Y[o] = (GY[k] * (1 - fx) + GY[k + 1] * fx) * (1 - fy) + (GY[k + gw] * (1 - fx) + GY[k + gw + 1] * fx) * fy;
    }
  }
  return { X, Y };
}
