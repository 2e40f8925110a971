import { describe, expect, it } from 'vitest';
import { invert, normalQuantile, ols, poisson } from '../../engine/pricing/glm';
import { seeded } from './elasticity-synth';

describe('regression solvers', () => {
  it('Poisson IRLS solves the score equations X\'(y - mu) = 0 and recovers known coefficients', () => {
    const u = seeded(99);
    const x: number[][] = [];
    const y: number[] = [];
    const off: number[] = [];
    for (let i = 0; i < 4000; i++) {
      const lp = Math.log(50 + 50 * u());
      const promo = u() < 0.2 ? 1 : 0;
      const o = Math.log(1 + Math.floor(u() * 7));
      const mean = Math.exp(o + 8 - 1.7 * lp + 0.4 * promo);
      // Poisson by inversion.
      let k = 0;
      let p = Math.exp(-mean);
      let c = p;
      const r = u();
      while (r > c && k < 10_000) {
        k++;
        p *= mean / k;
        c += p;
      }
      x.push([1, lp, promo]);
      y.push(k);
      off.push(o);
    }
    const fit = poisson(x, y, off);
    expect(fit).not.toBeNull();
    const beta = fit?.beta ?? [];
    const se = (j: number): number => Math.sqrt(fit?.cov[j][j] ?? NaN);
    expect(se(1)).toBeLessThan(0.1);
    expect(Math.abs(beta[1] + 1.7)).toBeLessThan(3 * se(1));
    expect(Math.abs(beta[2] - 0.4)).toBeLessThan(3 * se(2));
    for (let j = 0; j < 3; j++) {
      const score = x.reduce((s, xi, i) => s + xi[j] * (y[i] - Math.exp(off[i] + xi[0] * beta[0] + xi[1] * beta[1] + xi[2] * beta[2])), 0);
      expect(Math.abs(score)).toBeLessThan(1e-4 * y.reduce((a, b) => a + b, 0));
    }
    // Poisson data: the estimated dispersion is close to 1.
    expect(fit?.dispersion).toBeGreaterThan(0.85);
    expect(fit?.dispersion).toBeLessThan(1.15);
  });

  it('OLS gives the exact line through noiseless points and refuses a singular design', () => {
    const fit = ols([[1, 1], [1, 2], [1, 3], [1, 4]], [3, 5, 7, 9]);
    expect(fit?.beta[0]).toBeCloseTo(1, 10);
    expect(fit?.beta[1]).toBeCloseTo(2, 10);
    expect(ols([[1, 2], [1, 2], [1, 2], [1, 2]], [1, 2, 3, 4])).toBeNull();
    expect(invert([[1, 2], [2, 4]])).toBeNull();
  });

  it('normal quantiles match the table (90% interval uses 1.645)', () => {
    expect(normalQuantile(0.95)).toBeCloseTo(1.644854, 5);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5);
    expect(normalQuantile(0.01)).toBeCloseTo(-2.326348, 5);
  });
});
