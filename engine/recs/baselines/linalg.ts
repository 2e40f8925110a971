/** Small dense linear algebra on Float64Arrays (row-major): Cholesky factorisation, solve and SPD inverse. */

/** In-place Cholesky (lower triangle) of an n×n SPD matrix; returns false when not positive definite. */
export function cholesky(a: Float64Array, n: number): boolean {
  for (let j = 0; j < n; j++) {
    let s = a[j * n + j];
    for (let k = 0; k < j; k++) s -= a[j * n + k] * a[j * n + k];
    if (s <= 0) return false;
    const d = Math.sqrt(s);
    a[j * n + j] = d;
    for (let i = j + 1; i < n; i++) {
      let t = a[i * n + j];
      const ri = i * n;
      const rj = j * n;
      for (let k = 0; k < j; k++) t -= a[ri + k] * a[rj + k];
      a[ri + j] = t / d;
    }
  }
  return true;
}

/** Solves L Lᵀ x = b in place in b, L from cholesky(). */
export function cholSolve(l: Float64Array, n: number, b: Float64Array): void {
  for (let i = 0; i < n; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= l[i * n + k] * b[k];
    b[i] = s / l[i * n + i];
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i];
    for (let k = i + 1; k < n; k++) s -= l[k * n + i] * b[k];
    b[i] = s / l[i * n + i];
  }
}

/** Inverse of an SPD matrix (destroys a), via Cholesky: solves for each unit vector. */
export function spdInverse(a: Float64Array, n: number): Float64Array {
  if (!cholesky(a, n)) throw new Error('matrix is not positive definite');
  const inv = new Float64Array(n * n);
  const e = new Float64Array(n);
  for (let c = 0; c < n; c++) {
    e.fill(0);
    e[c] = 1;
    cholSolve(a, n, e);
    for (let r = 0; r < n; r++) inv[r * n + c] = e[r];
  }
  return inv;
}
