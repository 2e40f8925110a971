/** ETS state-space recursions with additive errors (trend N/A/Ad, season N/A/M): the tight inner loop. */

/** Trend component of an ETS form. */
export type EtsTrend = 'N' | 'A' | 'Ad';
/** Seasonal component of an ETS form. */
export type EtsSeason = 'N' | 'A' | 'M';

/** One ETS form with its smoothing parameters and initial states. */
export interface EtsParams {
  trend: EtsTrend;
  season: EtsSeason;
  m: number;
  alpha: number;
  beta: number;
  gamma: number;
  phi: number;
  l0: number;
  b0: number;
  /** Initial seasonal states, s0[j] is used at time t with t % m === j. */
  s0: Float64Array;
}

/** Final states after running the recursion over the data, and the fit's sum of squared errors. */
export interface EtsRun {
  sse: number;
  nObs: number;
  l: number;
  b: number;
  s: Float64Array;
  ok: boolean;
}

/**
 * Runs the recursion over y (NaN = unobserved: the state is updated with the one-step forecast and the
 * point is left out of the likelihood). `resid`, when given, receives the one-step errors (NaN where unobserved).
 */
export function etsRun(y: ArrayLike<number>, p: EtsParams, resid?: Float64Array): EtsRun {
  const { m, alpha, beta, gamma } = p;
  const phi = p.trend === 'Ad' ? p.phi : 1;
  const hasTrend = p.trend !== 'N';
  const seasonal = p.season !== 'N';
  const mult = p.season === 'M';
  const s = seasonal ? Float64Array.from(p.s0) : new Float64Array(1);
  let l = p.l0;
  let b = hasTrend ? p.b0 : 0;
  let sse = 0;
  let nObs = 0;
  const n = y.length;
  for (let t = 0; t < n; t++) {
    const j = seasonal ? t % m : 0;
    const lb = l + phi * b;
    const st = seasonal ? s[j] : mult ? 1 : 0;
    if (mult && (st <= 1e-8 || lb <= 1e-8)) return { sse: Infinity, nObs, l, b, s, ok: false };
    const yhat = mult ? lb * st : lb + st;
    const yt = y[t];
    let e = 0;
    if (yt === yt) {
      e = yt - yhat;
      sse += e * e;
      nObs++;
    }
    if (resid) resid[t] = yt === yt ? e : NaN;
    if (mult) {
      l = lb + (alpha * e) / st;
      if (hasTrend) b = phi * b + (beta * e) / st;
      s[j] = st + (gamma * e) / lb;
    } else {
      l = lb + alpha * e;
      if (hasTrend) b = phi * b + beta * e;
      if (seasonal) s[j] = st + gamma * e;
    }
    if (!Number.isFinite(l)) return { sse: Infinity, nObs, l, b, s, ok: false };
  }
  return { sse, nObs, l, b, s, ok: true };
}

/** Point forecasts and variances h = 1..horizon from the final states (class-1 variance formula). */
export function etsForecast(p: EtsParams, run: EtsRun, n: number, horizon: number, sigma2: number): { mean: Float64Array; variance: Float64Array } {
  const phi = p.trend === 'Ad' ? p.phi : 1;
  const hasTrend = p.trend !== 'N';
  const seasonal = p.season !== 'N';
  const mean = new Float64Array(horizon);
  const variance = new Float64Array(horizon);
  let phiSum = 0;
  let cSum = 0;
  let phiPow = 1;
  for (let h = 1; h <= horizon; h++) {
    phiPow *= phi;
    phiSum += phiPow;
    const trendPart = hasTrend ? phiSum * run.b : 0;
    const st = seasonal ? run.s[(n + h - 1) % p.m] : p.season === 'M' ? 1 : 0;
    mean[h - 1] = p.season === 'M' ? (run.l + trendPart) * st : run.l + trendPart + st;
    // Var(h) = σ²(1 + Σ_{j<h} c_j²), c_j = α + β·φ_j + γ·[j mod m = 0] (Hyndman et al. 2008, class 1).
    variance[h - 1] = sigma2 * (1 + cSum * (p.season === 'M' ? st * st : 1));
    const phiJ = hasTrend ? phiSum : 0;
    const cj = p.alpha + p.beta * phiJ + (seasonal && h % p.m === 0 ? p.gamma : 0);
    cSum += cj * cj;
  }
  return { mean, variance };
}
