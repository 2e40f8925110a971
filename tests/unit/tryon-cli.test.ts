import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { TRYON_TYPES } from '../../engine/tryon/product-type';
import en from '../../renderer/src/i18n/en.json';
import zh from '../../renderer/src/i18n/zh.json';
import { PEOPLE_DIR } from './tryon-fixtures';

const run = promisify(execFile);
const desk = join(import.meta.dirname, '..', '..', 'bin', 'desk.js');

describe('desk keypoints (the CLI contract other tools read)', () => {
  it('--json prints one document: people with body, face and hand points in pixels with scores, and ms per stage', async () => {
    const { stdout } = await run(process.execPath, [desk, 'keypoints', '--photo', join(PEOPLE_DIR, 'hands.jpg'), '--json'], { env: { ...process.env, DESK_LANG: 'en' } });
    const r = JSON.parse(stdout) as { width: number; height: number; people: { index: number; body: object; face: unknown; hands: { points: Record<string, { x: number; y: number; score: number }> }[] }[]; ms: Record<string, number> };
    expect([r.width, r.height]).toEqual([720, 382]);
    expect(Object.keys(r.ms).sort()).toEqual(['detection', 'keypoints', 'segmentation']);
    const hands = r.people.flatMap((p) => p.hands);
    expect(hands.length).toBe(2);
    const tip = hands[0].points.index_tip;
    expect(tip.x).toBeGreaterThan(0);
    expect(tip.x).toBeLessThan(720);
    expect(tip.score).toBeGreaterThan(0);
  }, 120_000);

  it('the terminal output follows --lang zh: people, faces, hands and the timings in Chinese', async () => {
    const { stdout } = await run(process.execPath, [desk, 'keypoints', '--photo', join(PEOPLE_DIR, 'hands.jpg'), '--lang', 'zh']);
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^hands\.jpg：720×382，\d+ 人$/);
    expect(lines.slice(1, -1).every((l) => /^ {2}#\d+ 置信度 [\d.]+ 框 \[.*\] 身体关键点 \d+\/17，(脸 .*|未检测到脸)，手 \d+$/.test(l))).toBe(true);
    expect(lines.at(-1)).toMatch(/^耗时（毫秒）：检测 \d+，关键点 \d+$/);
  }, 120_000);

  it('a missing photo is a one-line user error (exit 1) in the language asked for', async () => {
    const e = (await run(process.execPath, [desk, 'keypoints', '--photo', '/nonexistent/p.jpg', '--lang', 'zh']).catch((x: unknown) => x)) as { code: number; stderr: string };
    expect(e.code).toBe(1);
    expect(e.stderr.trim()).toBe('desk: 无法使用照片 /nonexistent/p.jpg：没有这个文件');
  }, 60_000);

  it('every try-on type has a label in both UI languages', () => {
    const labels = (cat: typeof en): Record<string, string> => (cat.code as unknown as { tryonType: Record<string, string> }).tryonType;
    for (const t of TRYON_TYPES) {
      expect(labels(en)[t], t).toBeTruthy();
      expect(labels(zh as typeof en)[t], t).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});
