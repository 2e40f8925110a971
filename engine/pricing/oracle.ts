/**
 * The oracle: exact dynamic programming (backward induction) on a discretised version of the simulator —
 * price grid, tracked-competitor grid, inventory grid, order pipeline, finite horizon, expected demand.
 * Its value function also drives a closed-loop policy on the real (noisy) simulator: the yardstick for "% of oracle".
 */
import type { GuardrailRules } from './guardrails';
import { applyGuardrails } from './guardrails';
import { staticBand } from './guard';
import type { Policy } from './policy';
import { scenarioRules, startPrice, type Scenario } from './scenario';
import { competitorNext, cyclePrice, dayReward, expectedDemand, initialCompetitors, type Market } from './simulator';

/** Options of the discretisation. */
export interface OracleOptions {
  /** Explicit price grid (ascending); default: 1% geometric steps across the allowed band. */
  prices?: number[];
  /** Largest move in grid steps per day; default from the rules (5% → 5 steps). */
  maxMove?: number;
  invLevels?: number;
  compStep?: number;
  rules?: GuardrailRules;
}

/** A solved oracle: grids, value functions and the optimum from the start state. */
export interface Oracle {
  prices: number[];
  comps: number[];
  inv: number[];
  maxK: number;
  /** V[t] over (price, comp, inventory, pipeline), V[horizon] = 0. */
  V: Float32Array[];
  /** Optimal expected reward from the scenario's start state. */
  value: number;
  /** Which competitor the grid tracks (-1: none; with `trackedSet` of several, their cheapest price). */
  tracked: number;
  /** Competitors whose cheapest price the grid tracks, when no competitor reacts to our price (empty otherwise). */
  trackedSet: number[];
  exoMin: number[];
  solveMs: number;
}

function geomGrid(lo: number, hi: number, step: number): number[] {
  const out = [lo];
  while (out[out.length - 1] * (1 + step) < hi * (1 - 1e-9)) out.push(out[out.length - 1] * (1 + step));
  if (hi > lo * (1 + 1e-9)) out.push(hi);
  return out;
}

function locate(grid: number[], x: number): [number, number] {
  const n = grid.length;
  if (n === 1 || x <= grid[0]) return [0, 0];
  if (x >= grid[n - 1]) return [n - 2, 1];
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (grid[mid] <= x) lo = mid;
    else hi = mid;
  }
  return [lo, (x - grid[lo]) / (grid[lo + 1] - grid[lo])];
}

/** Solves the discretised scenario by backward induction. */
export function solveOracle(s: Scenario, opts: OracleOptions = {}): Oracle {
  const t0 = performance.now();
  const rules = opts.rules ?? scenarioRules(s);
  const band = staticBand(rules, s.price.cost);
  const prices = opts.prices ?? geomGrid(band.lo, Number.isFinite(band.hi) ? band.hi : s.price.ref * 2, 0.01);
  const maxMove = opts.maxMove ?? (opts.prices ? prices.length : Math.max(0, Math.floor(rules.maxChangePctPerStep + 1e-9)));
  // A competitor that reacts to our price is tracked on its own. Without one, the grid tracks the cheapest of the
  // random-walk and static competitors: they stay put in expectation, and the closed loop reads their current minimum.
  const reacting = s.competitors.findIndex((c) => c.behaviour === 'follow' || c.behaviour === 'undercut');
  const trackedSet = reacting >= 0 ? [] : s.competitors.flatMap((c, i) => (c.behaviour === 'random-walk' || c.behaviour === 'static' ? [i] : []));
  const tracked = reacting >= 0 ? reacting : (trackedSet[0] ?? -1);
  const init = initialCompetitors(s);
  const trackedInit = trackedSet.length ? Math.min(...trackedSet.map((i) => init[i])) : tracked >= 0 ? init[tracked] : 0;
  const ref = s.price.ref;
  // Competitors not on the grid follow their expected path (random walks stay where they are).
  const exoMin: number[] = [];
  for (let t = 0; t < s.horizon; t++) {
    let m = Infinity;
    s.competitors.forEach((c, i) => {
      if (i === tracked || trackedSet.includes(i)) return;
      m = Math.min(m, c.behaviour === 'cycle' ? cyclePrice(c, ref, t) : init[i]);
    });
    exoMin.push(m);
  }
  let comps = [0];
  if (tracked >= 0) {
    const c = s.competitors[tracked];
    const lo = Math.max(c.floorRatio * ref, Math.min(prices[0], trackedInit) * 0.85);
    const hi = Math.min(c.ceilRatio * ref, Math.max(prices[prices.length - 1], trackedInit) * 1.15);
    comps = geomGrid(lo, Math.max(hi, lo), opts.compStep ?? 0.03);
  }
  const S = Math.max(s.inventory.orderUpTo, s.inventory.initial);
  const I = Math.max(2, opts.invLevels ?? 11);
  const inv = Array.from({ length: I }, (_, i) => (S * i) / (I - 1));
  const L = Math.max(1, s.inventory.leadTimeDays);
  const Q = Math.max(0, s.inventory.orderUpTo - s.inventory.reorderPoint);
  const reorders = Q > 0;
  const K = reorders ? L + 1 : 1;
  const P = prices.length;
  const C = comps.length;
  const size = P * C * I * K;
  const V: Float32Array[] = Array.from({ length: s.horizon + 1 }, () => new Float32Array(0));
  V[s.horizon] = new Float32Array(size);
  const w = s.reward;
  const cost = s.price.cost;
  const hold = w.holding * s.inventory.holdingCostPerUnitDay;
  const pen = w.stockout * s.inventory.stockoutPenaltyPerUnit;
  const invStep = I > 1 ? S / (I - 1) : 1;
  // Per (price, competitor) for one day: expected demand and where the tracked competitor moves.
  const lam = new Float64Array(P * C);
  const cLo = new Int32Array(P * C);
  const cFr = new Float64Array(P * C);
  for (let t = s.horizon - 1; t >= 0; t--) {
    const next = V[t + 1];
    const cur = new Float32Array(size);
    for (let a = 0; a < P; a++) {
      for (let ci = 0; ci < C; ci++) {
        const c = comps[ci];
        const cmin = tracked >= 0 ? Math.min(c, exoMin[t]) : exoMin[t];
        lam[a * C + ci] = expectedDemand(s, t, prices[a], Number.isFinite(cmin) ? cmin : ref);
        const cn = tracked >= 0 && !trackedSet.length ? competitorNext(s.competitors[tracked], c, prices[a], ref, t, null) : c;
        const [c0, cf] = locate(comps, cn);
        cLo[a * C + ci] = c0;
        cFr[a * C + ci] = cf;
      }
    }
    for (let pi = 0; pi < P; pi++) {
      const prev = prices[pi];
      const aLo = Math.max(0, pi - maxMove);
      const aHi = Math.min(P - 1, pi + maxMove);
      for (let ci = 0; ci < C; ci++) {
        for (let ii = 0; ii < I; ii++) {
          for (let k = 0; k < K; k++) {
            let stock = inv[ii];
            let kk = k;
            if (kk === 1) {
              stock = Math.min(S, stock + Q);
              kk = 0;
            } else if (kk > 1) kk--;
            let best = -Infinity;
            for (let a = aLo; a <= aHi; a++) {
              const p = prices[a];
              const j = a * C + ci;
              const l = lam[j];
              const sold = l < stock ? l : stock;
              const left = stock - sold;
              const revenue = sold * p;
              let r = w.revenue * revenue + w.margin * (revenue - cost * sold) - hold * left - pen * (l - sold) - (w.priceChange * 100 * Math.abs(p - prev)) / prev;
              const k2 = reorders && kk === 0 && left <= s.inventory.reorderPoint ? L : kk;
              // Bilinear interpolation over (competitor, inventory) at the chosen price.
              const c0 = cLo[j];
              const cf = cFr[j];
              const c1 = c0 + 1 < C ? c0 + 1 : c0;
              const pos = left / invStep;
              const i0 = Math.min(I - 2 < 0 ? 0 : I - 2, Math.floor(pos));
              const f = I > 1 ? Math.min(1, pos - i0) : 0;
              const i1 = i0 + 1 < I ? i0 + 1 : i0;
              const b0 = (a * C + c0) * I;
              const b1 = (a * C + c1) * I;
              const v0 = (1 - f) * next[(b0 + i0) * K + k2] + f * next[(b0 + i1) * K + k2];
              const v1 = (1 - f) * next[(b1 + i0) * K + k2] + f * next[(b1 + i1) * K + k2];
              r += (1 - cf) * v0 + cf * v1;
              if (r > best) best = r;
            }
            cur[((pi * C + ci) * I + ii) * K + k] = best;
          }
        }
      }
    }
    V[t] = cur;
  }

  function interp(Vn: Float32Array, pi: number, c: number, stock: number, k: number): number {
    const [c0, cf] = locate(comps, c);
    const [i0, f] = locate(inv, stock);
    const c1 = Math.min(C - 1, c0 + 1);
    const i1 = Math.min(I - 1, i0 + 1);
    const at = (ci: number, ii: number): number => Vn[((pi * C + ci) * I + ii) * K + k];
    return (1 - cf) * ((1 - f) * at(c0, i0) + f * at(c0, i1)) + cf * ((1 - f) * at(c1, i0) + f * at(c1, i1));
  }

  const o: Oracle = { prices, comps, inv, maxK: K - 1, V, value: 0, tracked, trackedSet, exoMin, solveMs: 0 };
  const p0 = startPrice(s);
  const [pi0, pf] = locate(prices, p0);
  const k0 = 0;
  const c0 = tracked >= 0 ? trackedInit : 0;
  const vAt = (pi: number): number => interp(V[0], pi, c0, s.inventory.initial, k0);
  o.value = (1 - pf) * vAt(pi0) + pf * vAt(Math.min(P - 1, pi0 + 1));
  o.solveMs = performance.now() - t0;
  return o;
}

/** Value of the oracle's value function V[t] at a continuous state (multilinear interpolation). */
export function oracleValue(o: Oracle, t: number, price: number, comp: number, stock: number, k: number): number {
  const Vt = o.V[t];
  if (!Vt || Vt.length === 0) return 0;
  const P = o.prices.length;
  const C = o.comps.length;
  const I = o.inv.length;
  const K = o.maxK + 1;
  const [p0, pf] = locate(o.prices, price);
  const [c0, cf] = locate(o.comps, comp);
  const [i0, f] = locate(o.inv, stock);
  const kk = Math.min(K - 1, Math.max(0, k));
  let v = 0;
  for (const [pi, wp] of [[p0, 1 - pf], [Math.min(P - 1, p0 + 1), pf]] as const) {
    for (const [ci, wc] of [[c0, 1 - cf], [Math.min(C - 1, c0 + 1), cf]] as const) {
      for (const [ii, wi] of [[i0, 1 - f], [Math.min(I - 1, i0 + 1), f]] as const) {
        const w = wp * wc * wi;
        if (w > 0) v += w * Vt[((pi * C + ci) * I + ii) * K + kk];
      }
    }
  }
  return v;
}

/** The oracle as a closed-loop policy on the real simulator: one-step lookahead on its value function. */
export function oraclePolicy(s: Scenario, o: Oracle, rules: GuardrailRules = scenarioRules(s)): Policy {
  const moves = [-0.05, -0.04, -0.03, -0.02, -0.01, 0, 0.01, 0.02, 0.03, 0.04, 0.05];
  const L = Math.max(1, s.inventory.leadTimeDays);
  const Q = Math.max(0, s.inventory.orderUpTo - s.inventory.reorderPoint);
  return {
    name: 'oracle',
    propose: (m: Market) => {
      const t = m.day;
      const tracked = o.trackedSet.length ? Math.min(...o.trackedSet.map((i) => m.comps[i])) : o.tracked >= 0 ? m.comps[o.tracked] : 0;
      const cmin = m.compMin;
      // Arrivals due today, and the pipeline state tomorrow.
      let onHand = m.onHand;
      let arriving = 0;
      for (const ord of m.pipeline) if (ord.day <= t) arriving += ord.qty;
      onHand += arriving;
      const outstanding = m.pipeline.filter((ord) => ord.day > t);
      let best = { price: m.price, v: -Infinity };
      for (const mv of moves) {
        const g = applyGuardrails(m.price * (1 + mv), rules, { cost: s.price.cost, currentPrice: m.price, changesToday: 0, priceAtStartOfDay: m.price, now: '2026-01-01T00:00:00Z' });
        const p = g.price ?? m.price;
        const lam = expectedDemand(s, t, p, cmin);
        const sold = Math.min(lam, onHand);
        const left = onHand - sold;
        const r = dayReward(s, { revenue: sold * p, sold, lost: lam - sold, onHand: left, price: p, prevPrice: m.price }).reward;
        let k = outstanding.length ? Math.min(L, outstanding[0].day - t) : 0;
        if (!outstanding.length && left <= s.inventory.reorderPoint && Q > 0) k = L;
        const cn = o.trackedSet.length ? tracked : o.tracked >= 0 ? competitorNext(s.competitors[o.tracked], tracked, p, s.price.ref, t, null) : 0;
        const v = r + oracleValue(o, t + 1, p, cn, left, k);
        if (v > best.v) best = { price: p, v };
      }
      return best.price;
    },
  };
}
