/**
 * `npm run bench -- tryon-cutout [--set=dev|report] [--per=N] [--dump=DIR]`: the try-on cut-out against the truth on
 * product photos whose alpha is known (tests/unit/cutout-fixtures.ts: drawn products composited onto white, linear and
 * radial gradients, a soft drop shadow, cream with JPEG noise, a light texture), per background kind: mask IoU (alpha
 * > 127) and mean absolute alpha error, ours against the previous flood fill (tests/bench/cutout-previous.ts) in the
 * same run; then ms per 1000×1000 photo for the background removal alone and for the whole cut-out (decode, shrink to
 * 512 px, removal). The report set is the default; thresholds were tuned on the dev set only.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { CUTOUT_LONG_SIDE, cutOut, removeBackground, type RgbaImage } from '../../engine/tryon/cutout';
import { BG_KINDS, cutoutSet, scoreAlpha, type CutoutCase, type CutoutSet } from '../unit/cutout-fixtures';
import { previousFloodFill } from './cutout-previous';
import { printTable, type BenchRow } from './table';

async function decode(bytes: Buffer, long = CUTOUT_LONG_SIDE): Promise<RgbaImage> {
  const { data, info } = await sharp(bytes).rotate().resize(long, long, { fit: 'inside', withoutEnlargement: true }).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.length) };
}

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1];

function timeMs(fn: () => unknown, reps: number): number {
  const t: number[] = [];
  for (let k = 0; k < reps; k++) {
    const t0 = process.hrtime.bigint();
    fn();
    t.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return median(t);
}

/** Runs the benchmark. */
export async function run(args: string[]): Promise<void> {
  const set = (args.find((a) => a.startsWith('--set='))?.slice(6) ?? 'report') as CutoutSet;
  const per = Number(args.find((a) => a.startsWith('--per='))?.slice(6) ?? 2);
  const dump = args.find((a) => a.startsWith('--dump='))?.slice(7);
  const load0 = loadavg()[0];
  const cases: CutoutCase[] = await cutoutSet(set, per);
  const rows: { c: CutoutCase; ours: { iou: number; mae: number }; prev: { iou: number; mae: number } }[] = [];
  for (const c of cases) {
    const img = await decode(c.bytes);
    const ours = removeBackground(img);
    const prev = previousFloodFill(img);
    const r = { c, ours: scoreAlpha(c.alpha, ours.data), prev: scoreAlpha(c.alpha, prev.data) };
    rows.push(r);
    if (dump) {
      mkdirSync(dump, { recursive: true });
      const png = (d: Uint8Array): Promise<Buffer> => sharp(Buffer.from(d), { raw: { width: img.width, height: img.height, channels: 4 } }).flatten({ background: '#ff00ff' }).png().toBuffer();
      writeFileSync(join(dump, `${c.name}-${r.ours.iou.toFixed(3)}-ours.png`), await png(ours.data));
      writeFileSync(join(dump, `${c.name}-${r.prev.iou.toFixed(3)}-prev.png`), await png(prev.data));
    }
  }
  if (args.includes('--cases')) for (const r of rows) process.stdout.write(`${r.c.name.padEnd(40)} ${r.c.pale ? 'pale' : 'dark'}  IoU ${r.ours.iou.toFixed(3)} (prev ${r.prev.iou.toFixed(3)})  MAE ${r.ours.mae.toFixed(4)} (prev ${r.prev.mae.toFixed(4)})\n`);
  const table: BenchRow[] = [];
  const groups: [string, typeof rows][] = [
    ...BG_KINDS.map((k) => [k.replace('_', ' '), rows.filter((r) => r.c.kind === k)] as [string, typeof rows]),
    ['white, pale products only', rows.filter((r) => r.c.kind === 'white' && r.c.pale)],
    ['all', rows],
  ];
  for (const [name, g] of groups) {
    table.push({ metric: `mask IoU, ${name} (${g.length})`, ours: mean(g.map((r) => r.ours.iou)), peerName: 'previous flood fill', peer: mean(g.map((r) => r.prev.iou)), target: 'higher' });
  }
  for (const [name, g] of groups) {
    table.push({ metric: `alpha MAE, ${name}`, ours: mean(g.map((r) => r.ours.mae)), peerName: 'previous flood fill', peer: mean(g.map((r) => r.prev.mae)), target: 'lower' });
  }
  table.push({ metric: 'worst mask IoU of any photo', ours: Math.min(...rows.map((r) => r.ours.iou)), peerName: 'previous flood fill', peer: Math.min(...rows.map((r) => r.prev.iou)) });
  // Speed on a 1000×1000 product photo (a report drawing on a gradient, enlarged).
  const big = await sharp(cases[Math.min(cases.length - 1, 2 * per * 9 + 2)].bytes).resize(1000, 1000, { fit: 'fill' }).jpeg({ quality: 90 }).toBuffer();
  const raw = await decode(big, 1000);
  removeBackground(raw);
  previousFloodFill(raw);
  table.push({ metric: 'background removal alone, 1000×1000 px, ms', ours: timeMs(() => removeBackground(raw), 7), peerName: 'previous flood fill', peer: timeMs(() => previousFloodFill(raw), 7), target: 'reported' });
  const wholeOurs: number[] = [];
  const wholePrev: number[] = [];
  for (let k = 0; k < 7; k++) {
    let t0 = performance.now();
    await cutOut(big);
    wholeOurs.push(performance.now() - t0);
    t0 = performance.now();
    previousFloodFill(await decode(big));
    wholePrev.push(performance.now() - t0);
  }
  table.push({ metric: 'whole cut-out of a 1000×1000 JPEG (decode, shrink to 512, removal), ms', ours: median(wholeOurs), peerName: 'previous flood fill', peer: median(wholePrev), target: 'reported' });
  printTable(`Try-on cut-out, ${set} set: ${cases.length} product photos (${per} per shape and background); load average ${load0.toFixed(1)} at start, ${loadavg()[0].toFixed(1)} at end`, table);
}
