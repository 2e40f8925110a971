/** Small dense-matrix kernels in plain typed arrays, for networks too small for TensorFlow.js's per-operation cost. */

/**
 * C (n × m) = A (n × p) · Bᵀ, where B is m × p: every output is a dot product of two contiguous rows. Blocked 4 rows ×
 * 2 columns so each loaded value is used several times (about 4× the throughput of the plain triple loop in V8).
 */
export function matmulABt(a: Float64Array, n: number, p: number, b: Float64Array, m: number, c: Float64Array): void {
  let r = 0;
  for (; r + 4 <= n; r += 4) {
    const a0 = r * p;
    const a1 = a0 + p;
    const a2 = a1 + p;
    const a3 = a2 + p;
    let j = 0;
    for (; j + 2 <= m; j += 2) {
      const b0 = j * p;
      const b1 = b0 + p;
      let s00 = 0, s10 = 0, s20 = 0, s30 = 0, s01 = 0, s11 = 0, s21 = 0, s31 = 0;
      for (let k = 0; k < p; k++) {
        const u = b[b0 + k];
        const v = b[b1 + k];
        const x0 = a[a0 + k];
        const x1 = a[a1 + k];
        const x2 = a[a2 + k];
        const x3 = a[a3 + k];
        s00 += x0 * u;
        s10 += x1 * u;
        s20 += x2 * u;
        s30 += x3 * u;
        s01 += x0 * v;
        s11 += x1 * v;
        s21 += x2 * v;
        s31 += x3 * v;
      }
      c[r * m + j] = s00;
      c[(r + 1) * m + j] = s10;
      c[(r + 2) * m + j] = s20;
      c[(r + 3) * m + j] = s30;
      c[r * m + j + 1] = s01;
      c[(r + 1) * m + j + 1] = s11;
      c[(r + 2) * m + j + 1] = s21;
      c[(r + 3) * m + j + 1] = s31;
    }
    for (; j < m; j++) {
      const b0 = j * p;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let k = 0; k < p; k++) {
        const u = b[b0 + k];
        s0 += a[a0 + k] * u;
        s1 += a[a1 + k] * u;
        s2 += a[a2 + k] * u;
        s3 += a[a3 + k] * u;
      }
      c[r * m + j] = s0;
      c[(r + 1) * m + j] = s1;
      c[(r + 2) * m + j] = s2;
      c[(r + 3) * m + j] = s3;
    }
  }
  for (; r < n; r++) {
    const a0 = r * p;
    let j = 0;
    for (; j + 2 <= m; j += 2) {
      const b0 = j * p;
      const b1 = b0 + p;
      let s0 = 0, s1 = 0;
      for (let k = 0; k < p; k++) {
        const x = a[a0 + k];
        s0 += x * b[b0 + k];
        s1 += x * b[b1 + k];
      }
      c[r * m + j] = s0;
      c[r * m + j + 1] = s1;
    }
    for (; j < m; j++) {
      const b0 = j * p;
      let s = 0;
      for (let k = 0; k < p; k++) s += a[a0 + k] * b[b0 + k];
      c[r * m + j] = s;
    }
  }
}

/** Writes the transpose of A (rows × cols) into T (cols × rows). */
export function transpose(a: Float64Array, rows: number, cols: number, t: Float64Array): void {
  for (let i = 0; i < rows; i++) {
    const o = i * cols;
    for (let j = 0; j < cols; j++) t[j * rows + i] = a[o + j];
  }
}
