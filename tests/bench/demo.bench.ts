/** Demo generator benchmark: a default-size demo store (time, CPU, rows) against the bare cost of writing the same orders. */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../engine/db/store';
import { generateDemo } from '../../engine/demo/generate';
import { DemoParamsSchema } from '../../engine/demo/params';
import { printTable } from './table';

const flag = (args: string[], name: string): number | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : undefined;
};

/** Writes `orders` orders with their lines into a fresh store, as plainly as possible (the floor any generator pays). */
function bareOrderWrites(path: string, src: string): number {
  const from = openStore(src, { create: false, backup: false, readonly: true });
  const orders = from.db.prepare('SELECT id, order_no, customer_id, channel, ordered_at FROM orders ORDER BY id').raw().all() as unknown[][];
  const lines = from.db.prepare('SELECT order_id, line_no, product_id, quantity, unit_price FROM order_lines ORDER BY id').raw().all() as unknown[][];
  const products = from.db.prepare('SELECT id, sku FROM products').raw().all() as unknown[][];
  const customers = from.db.prepare('SELECT id, external_id FROM customers').raw().all() as unknown[][];
  from.close();
  const to = openStore(path);
  const t0 = performance.now();
  to.db.transaction(() => {
    const p = to.db.prepare("INSERT INTO products (id, sku, created_at, updated_at) VALUES (?, ?, 'x', 'x')");
    for (const r of products) p.run(...r);
    const c = to.db.prepare('INSERT INTO customers (id, external_id) VALUES (?, ?)');
    for (const r of customers) c.run(...r);
    const o = to.db.prepare('INSERT INTO orders (id, order_no, customer_id, channel, ordered_at) VALUES (?, ?, ?, ?, ?)');
    for (const r of orders) o.run(...r);
    const l = to.db.prepare('INSERT INTO order_lines (order_id, line_no, product_id, quantity, unit_price) VALUES (?, ?, ?, ?, ?)');
    for (const r of lines) l.run(...r);
  })();
  const s = (performance.now() - t0) / 1000;
  to.close();
  return s;
}

/** Runs the benchmark: `npm run bench -- demo [--skus N] [--days N]`. */
export async function run(args: string[]): Promise<void> {
  const params = DemoParamsSchema.parse({ skus: flag(args, 'skus'), days: flag(args, 'days'), end: '2026-10-31' });
  const dir = mkdtempSync(join(tmpdir(), 'desk-bench-demo-'));
  try {
    const path = join(dir, 'demo.db');
    const store = openStore(path);
    const phases: Record<string, number> = {};
    let phase = '';
    let since = performance.now();
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const summary = await generateDemo(store.db, params, {
      lang: 'en',
      progress: (_d, _t, p) => {
        if (p === phase) return;
        const now = performance.now();
        if (phase) phases[phase] = (phases[phase] ?? 0) + (now - since) / 1000;
        phase = p;
        since = now;
      },
      checkCancelled: () => undefined,
      isCancelled: () => false,
    });
    store.close();
    const wall = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const cpuS = (cpu.user + cpu.system) / 1e6;
    const bare = bareOrderWrites(join(dir, 'bare.db'), path);
    const rows = Object.values(summary.counts).reduce((a, b) => a + b, 0);
    printTable(`Demo store: ${params.skus} SKUs × ${params.days} days (seed ${params.seed}), ${(statSync(path).size / 1e6).toFixed(0)} MB`, [
      { metric: 'generate, wall', ours: wall, peer: 30, peerName: 'target', unit: 's', target: '< 30 s on one core' },
      { metric: 'generate, CPU (main thread + sharp)', ours: cpuS, peer: 30, peerName: 'target', unit: 's' },
      { metric: 'orders + lines, whole generation', ours: wall, peer: bare, peerName: 'bare inserts of the same rows', unit: 's' },
      { metric: 'rows written', ours: rows, peer: summary.counts.order_lines, peerName: 'order lines', ratio: '—' },
      { metric: 'stockout SKU-days', ours: summary.stockoutShare * 100, peer: summary.lostDemandShare * 100, peerName: 'lost demand %', unit: '%', ratio: '—' },
    ]);
    process.stdout.write(`\nphases (wall s): ${Object.entries(phases).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', ')}\n`);
    process.stdout.write(`counts: ${JSON.stringify(summary.counts)}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
