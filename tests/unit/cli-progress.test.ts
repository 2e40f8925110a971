// The progress lines the command line writes when stderr is not a terminal (a log file, a pipe, CI).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PHASE_LINE_MS, progressBar } from '../../engine/cli/io';

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('progress written to a log', () => {
  it('a line per tenth, and a line when the phase moves on after a long quiet spell, so a slow tenth shows it is alive', () => {
    vi.useFakeTimers({ now: new Date('2026-12-04T12:00:00Z') });
    const lines: string[] = [];
    const tty = process.stderr.isTTY;
    Object.defineProperty(process.stderr, 'isTTY', { value: false, configurable: true });
    vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => (lines.push(String(s)), true));
    try {
      const draw = progressBar('recs', 'en');
      const at = (done: number, phase: string): void => draw({ jobId: 'j', kind: 'recs.train', status: 'running', done, total: 100, phase, etaSeconds: null });
      at(0, 'epoch 1/20');
      at(1, 'epoch 1/20');
      // A new epoch soon after a line: no line (a fast run does not flood the log).
      vi.advanceTimersByTime(5_000);
      at(2, 'epoch 2/20');
      expect(lines).toHaveLength(1);
      // A new epoch after a long quiet spell inside the same tenth: one line naming it.
      vi.advanceTimersByTime(PHASE_LINE_MS);
      at(3, 'epoch 3/20');
      expect(lines).toHaveLength(2);
      expect(lines[1]).toBe('recs 3% epoch 3/20\n');
      // The same phase again, however late: nothing new to say.
      vi.advanceTimersByTime(PHASE_LINE_MS);
      at(4, 'epoch 3/20');
      expect(lines).toHaveLength(2);
      // A new tenth always gets its line.
      at(10, 'epoch 3/20');
      expect(lines).toHaveLength(3);
    } finally {
      Object.defineProperty(process.stderr, 'isTTY', { value: tty, configurable: true });
    }
  });
  it('reads naturally in 中文: time left in 秒 and 分, and the last line ends （完成） with no time left', () => {
    const lines: string[] = [];
    const tty = process.stderr.isTTY;
    Object.defineProperty(process.stderr, 'isTTY', { value: false, configurable: true });
    vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => (lines.push(String(s)), true));
    try {
      for (const lang of ['zh', 'en'] as const) {
        const draw = progressBar('demo', lang);
        const at = (done: number, etaSeconds: number | null, status: 'running' | 'succeeded' | 'cancelled' = 'running'): void =>
          draw({ jobId: 'j', kind: 'demo', status, done, total: 100, phase: 'orders', etaSeconds });
        at(10, 113);
        at(20, 42);
        at(100, 0, 'succeeded');
      }
      expect(lines).toEqual([
        'demo 10% orders 预计剩余 1 分 53 秒\n',
        'demo 20% orders 预计剩余 42 秒\n',
        'demo 100% orders（完成）\n',
        'demo 10% orders ETA 1m53s\n',
        'demo 20% orders ETA 42s\n',
        'demo 100% orders (done)\n',
      ]);
    } finally {
      Object.defineProperty(process.stderr, 'isTTY', { value: tty, configurable: true });
    }
  });
});
