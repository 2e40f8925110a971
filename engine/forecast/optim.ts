/** A small Nelder–Mead simplex optimiser for the few smoothing parameters of ETS. */

/** Options of nelderMead. */
export interface NelderMeadOptions {
  maxEvals?: number;
  /** Stop when the spread of function values in the simplex falls below this (relative). */
  tol?: number;
  /** Initial step per coordinate. */
  step?: number[] | number;
}

/** Minimises f from x0; returns the best point and value found within maxEvals evaluations. */
export function nelderMead(f: (x: Float64Array) => number, x0: ArrayLike<number>, opts: NelderMeadOptions = {}): { x: Float64Array; fx: number; evals: number } {
  const n = x0.length;
  const maxEvals = opts.maxEvals ?? 200 * n;
  const tol = opts.tol ?? 1e-7;
  const pts: Float64Array[] = [];
  const vals: number[] = [];
  let evals = 0;
  const ev = (x: Float64Array): number => {
    evals++;
    const v = f(x);
    return Number.isFinite(v) ? v : Infinity;
  };
  const base = Float64Array.from(x0);
  pts.push(base);
  vals.push(ev(base));
  for (let i = 0; i < n; i++) {
    const p = Float64Array.from(x0);
    const s = typeof opts.step === 'number' ? opts.step : opts.step?.[i] ?? (Math.abs(p[i]) > 1e-8 ? 0.1 * p[i] : 0.05);
    p[i] += s;
    pts.push(p);
    vals.push(ev(p));
  }
  const centroid = new Float64Array(n);
  const tryPoint = (coef: number, worst: number): Float64Array => {
    const p = new Float64Array(n);
    for (let j = 0; j < n; j++) p[j] = centroid[j] + coef * (pts[worst][j] - centroid[j]);
    return p;
  };
  while (evals < maxEvals) {
    // order indices by value
    const order = vals.map((_, i) => i).sort((a, b) => vals[a] - vals[b]);
    const best = order[0];
    const worst = order[n];
    const second = order[n - 1];
    const spread = Math.abs(vals[worst] - vals[best]);
    if (spread <= tol * (Math.abs(vals[best]) + tol)) break;
    centroid.fill(0);
    for (const i of order.slice(0, n)) for (let j = 0; j < n; j++) centroid[j] += pts[i][j] / n;
    const xr = tryPoint(-1, worst);
    const fr = ev(xr);
    if (fr < vals[best]) {
      const xe = tryPoint(-2, worst);
      const fe = ev(xe);
      if (fe < fr) {
        pts[worst] = xe;
        vals[worst] = fe;
      } else {
        pts[worst] = xr;
        vals[worst] = fr;
      }
    } else if (fr < vals[second]) {
      pts[worst] = xr;
      vals[worst] = fr;
    } else {
      const outside = fr < vals[worst];
      const xc = tryPoint(outside ? -0.5 : 0.5, worst);
      const fc = ev(xc);
      if (fc < (outside ? fr : vals[worst])) {
        pts[worst] = xc;
        vals[worst] = fc;
      } else {
        for (const i of order.slice(1)) {
          for (let j = 0; j < n; j++) pts[i][j] = pts[best][j] + 0.5 * (pts[i][j] - pts[best][j]);
          vals[i] = ev(pts[i]);
        }
      }
    }
  }
  let bi = 0;
  for (let i = 1; i < vals.length; i++) if (vals[i] < vals[bi]) bi = i;
  return { x: pts[bi], fx: vals[bi], evals };
}
