/**
 * Warm start for the item ID table: the leading eigenvectors of the windowed, cosine-normalised item co-occurrence
 * matrix (randomised subspace iteration on the sparse matrix, then a small Jacobi eigen-solve). The Transformer then
 * starts from item vectors whose dot products already rank "seen close together" items high, and spends its few
 * training steps (wasm on a shared 2-core machine affords hundreds, not the thousands SASRec is usually given) on
 * learning order and context instead of discovering item similarity from scratch.
 */
import { mulberry32 } from '../rng';

/** Sparse symmetric matrix in compressed rows. */
export interface Csr {
  n: number;
  start: Int32Array;
  col: Int32Array;
  val: Float32Array;
}

/** Co-occurrence within `window` positions (weight 1/distance), divided by sqrt(count_i · count_j) + `shrink`. */
export function cooccurrence(seqs: Int32Array[], n: number, window: number, shrink = 0): Csr {
  const maps = Array.from({ length: n }, () => new Map<number, number>());
  const pop = new Float64Array(n);
  for (const s of seqs) {
    for (let a = 0; a < s.length; a++) {
      pop[s[a]]++;
      for (let b = a + 1; b < Math.min(s.length, a + 1 + window); b++) {
        const i = s[a];
        const j = s[b];
        if (i === j) continue;
        maps[i].set(j, (maps[i].get(j) ?? 0) + 1 / (b - a));
        maps[j].set(i, (maps[j].get(i) ?? 0) + 1 / (b - a));
      }
    }
  }
  const start = new Int32Array(n + 1);
  maps.forEach((m, i) => (start[i + 1] = start[i] + m.size));
  const col = new Int32Array(start[n]);
  const val = new Float32Array(start[n]);
  maps.forEach((m, i) => {
    let p = start[i];
    for (const [j, c] of m) {
      col[p] = j;
      val[p++] = c / (Math.sqrt(pop[i] * pop[j]) + shrink);
    }
  });
  return { n, start, col, val };
}

/** Y = S·X for X row-major [n × k]. */
function spmm(s: Csr, x: Float64Array, k: number): Float64Array {
  const y = new Float64Array(s.n * k);
  for (let i = 0; i < s.n; i++) {
    const yo = i * k;
    for (let p = s.start[i]; p < s.start[i + 1]; p++) {
      const v = s.val[p];
      const xo = s.col[p] * k;
      for (let c = 0; c < k; c++) y[yo + c] += v * x[xo + c];
    }
  }
  return y;
}

/** Orthonormalises the k columns of X [n × k] in place (modified Gram–Schmidt; a dead column is re-drawn). */
function orthonormalise(x: Float64Array, n: number, k: number, rand: () => number): void {
  for (let c = 0; c < k; c++) {
    for (let attempt = 0; attempt < 2; attempt++) {
      for (let p = 0; p < c; p++) {
        let dot = 0;
        for (let i = 0; i < n; i++) dot += x[i * k + c] * x[i * k + p];
        for (let i = 0; i < n; i++) x[i * k + c] -= dot * x[i * k + p];
      }
      let norm = 0;
      for (let i = 0; i < n; i++) norm += x[i * k + c] ** 2;
      norm = Math.sqrt(norm);
      if (norm > 1e-9) {
        for (let i = 0; i < n; i++) x[i * k + c] /= norm;
        break;
      }
      for (let i = 0; i < n; i++) x[i * k + c] = rand() - 0.5;
    }
  }
}

/** Eigen-decomposition of a symmetric k×k matrix (cyclic Jacobi): eigenvalues and eigenvectors as columns. */
export function symmetricEigen(a: Float64Array, k: number): { values: Float64Array; vectors: Float64Array } {
  const m = Float64Array.from(a);
  const v = new Float64Array(k * k);
  for (let i = 0; i < k; i++) v[i * k + i] = 1;
  for (let sweep = 0; sweep < 60; sweep++) {
    let off = 0;
    for (let p = 0; p < k; p++) for (let q = p + 1; q < k; q++) off += m[p * k + q] ** 2;
    if (off < 1e-20) break;
    for (let p = 0; p < k; p++) {
      for (let q = p + 1; q < k; q++) {
        const apq = m[p * k + q];
        if (Math.abs(apq) < 1e-30) continue;
        const theta = (m[q * k + q] - m[p * k + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let r = 0; r < k; r++) {
          const mrp = m[r * k + p];
          const mrq = m[r * k + q];
          m[r * k + p] = c * mrp - s * mrq;
          m[r * k + q] = s * mrp + c * mrq;
        }
        for (let r = 0; r < k; r++) {
          const mpr = m[p * k + r];
          const mqr = m[q * k + r];
          m[p * k + r] = c * mpr - s * mqr;
          m[q * k + r] = s * mpr + c * mqr;
        }
        for (let r = 0; r < k; r++) {
          const vrp = v[r * k + p];
          const vrq = v[r * k + q];
          v[r * k + p] = c * vrp - s * vrq;
          v[r * k + q] = s * vrp + c * vrq;
        }
      }
    }
  }
  return { values: Float64Array.from({ length: k }, (_, i) => m[i * k + i]), vectors: v };
}

/**
 * Item vectors [nItems × dim] (row-major) whose dot products approximate the positive part of the co-occurrence
 * matrix's leading spectrum, each row scaled to length `norm`. Items never seen get zero rows.
 */
export function cooccurrenceVectors(seqs: Int32Array[], nItems: number, dim: number, o: { window?: number; iterations?: number; seed?: number; norm?: number } = {}): Float32Array {
  const s = cooccurrence(seqs, nItems, o.window ?? 5);
  const rand = mulberry32(o.seed ?? 7);
  let q: Float64Array = Float64Array.from({ length: nItems * dim }, () => rand() - 0.5);
  orthonormalise(q, nItems, dim, rand);
  for (let it = 0; it < (o.iterations ?? 4); it++) {
    q = spmm(s, q, dim);
    orthonormalise(q, nItems, dim, rand);
  }
  // B = Qᵀ S Q, then E = Q · V · sqrt(max(λ, 0)).
  const sq = spmm(s, q, dim);
  const b = new Float64Array(dim * dim);
  for (let i = 0; i < nItems; i++) {
    for (let r = 0; r < dim; r++) {
      const qr = q[i * dim + r];
      if (qr === 0) continue;
      for (let c = 0; c < dim; c++) b[r * dim + c] += qr * sq[i * dim + c];
    }
  }
  for (let r = 0; r < dim; r++) for (let c = r + 1; c < dim; c++) b[r * dim + c] = b[c * dim + r] = (b[r * dim + c] + b[c * dim + r]) / 2;
  const { values, vectors } = symmetricEigen(b, dim);
  const scale = Float64Array.from(values, (l) => Math.sqrt(Math.max(0, l)));
  const out = new Float32Array(nItems * dim);
  for (let i = 0; i < nItems; i++) {
    let norm = 0;
    for (let c = 0; c < dim; c++) {
      let x = 0;
      for (let r = 0; r < dim; r++) x += q[i * dim + r] * vectors[r * dim + c];
      x *= scale[c];
      out[i * dim + c] = x;
      norm += x * x;
    }
    // Equal lengths: the cosine-normalised matrix gives rare items long rows, which would put them in every top 10;
    // the direction carries the similarity, the model's item offsets carry popularity.
    const f = norm > 0 ? (o.norm ?? 1) / Math.sqrt(norm) : 0;
    for (let c = 0; c < dim; c++) out[i * dim + c] *= f;
  }
  return out;
}
