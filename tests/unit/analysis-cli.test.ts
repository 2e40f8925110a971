// `desk plan`, `desk forecast`, `desk backtest` and `desk elasticity` as a Chinese reader meets them: every label and
// status word in Chinese, columns that line up in a terminal, and the refusals counted by their real reason.
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../engine/db/store';
import { termColumns } from '../../engine/cli/io';
import { addDays } from '../../engine/forecast/dates';
import { seedShop } from './forecast-fixtures';
import { outputBlock, runDesk, tempDir } from './helpers';

const t = tempDir('desk-analysis-cli-');
const store = join(t.dir, 'shop.db');

const desk = (args: string[]): ReturnType<typeof runDesk> => runDesk(t.dir, args, 60_000);

const block = outputBlock;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** An ISO day as an English reader reads it in the CLI's sentences ('Nov 30, 2026'). */
const dayEn = (iso: string): string => `${MONTHS[Number(iso.slice(5, 7)) - 1]} ${Number(iso.slice(8, 10))}, ${iso.slice(0, 4)}`;
/** An ISO day as a Chinese reader reads it ('2026年11月30日'). */
const dayZh = (iso: string): string => `${iso.slice(0, 4)}年${Number(iso.slice(5, 7))}月${Number(iso.slice(8, 10))}日`;

let forecastZh = '';

beforeAll(() => {
  const st = openStore(store);
  seedShop(st.db, { skus: 6, days: 200 });
  st.close();
  const f = desk(['forecast', '--store', store, '--horizon', '14', '--lang', 'zh']);
  expect(f.status).toBe(0);
  forecastZh = f.stdout;
});
afterAll(() => t.cleanup());

describe('desk plan --lang zh', () => {
  it('says the summary, headers, status words and supplier lines in Chinese, with the columns lined up (English as before)', () => {
    const r = desk(['plan', '--store', store, '--lang', 'zh']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^共 6 个 SKU：缺货 \d+ 个，需补货 \d+ 个，正常 \d+ 个，库存过多 \d+ 个（服务水平 0\.95，每 7 天检查一次）$/m);
    const table = block(r.stdout, /^SKU\s+状态/);
    expect(table[0].split(/\s+/)).toEqual(['SKU', '状态', '现有库存', '在途', '日均需求', '安全库存', '再订货点', '订货量', '可售天数', '预计缺货日']);
    expect(table.length).toBeGreaterThan(1);
    expect(table.slice(1).every((l) => /^SKU-\d{3}\s+(缺货|需补货|库存过多)\s/.test(l))).toBe(true);
    // Everything before the last column (a date) ends at one terminal column, Chinese headers included.
    expect(new Set(table.map((l) => termColumns(l.replace(/ \S+$/, '')))).size).toBe(1);
    expect(r.stdout).toMatch(/^(Acme|Bolt)\s+\d+ 行，共 \d+ 件，成本 \d+\.\d\d，预计 \d{4}年\d{1,2}月\d{1,2}日 前到货$/m);
    expect(r.stdout).not.toMatch(/\b(stockout|reorder|overstock|ok|status|on hand|lines?|units|cost|arrives|service level|SKUs)\b/);
    // The English table keeps its wording and widths.
    const en = desk(['plan', '--store', store, '--lang', 'en']);
    expect(en.stdout).toMatch(/^6 SKUs: \d+ out of stock, \d+ to reorder, \d+ ok, \d+ overstocked \(service level 0\.95, review every 7 days\)$/m);
    expect(block(en.stdout, /^SKU\s+status/)[0]).toBe('SKU              status    on hand on order   d/day      SS     ROP   order  cover stockout');
    expect(en.stdout).not.toMatch(/[\u4e00-\u9fff]/);
    // The on-order column is each SKU's open purchase quantity, as the plan holds it.
    const plan = JSON.parse(desk(['plan', '--store', store, '--json']).stdout) as { rows: { sku: string; onOrder: number; stockoutDate: string | null }[] };
    for (const line of table.slice(1)) {
      const [sku, , , onOrder] = line.split(/\s+/);
      expect(Number(onOrder), sku).toBe(plan.rows.find((x) => x.sku === sku)?.onOrder);
    }
    // The stockout column writes its days as the supplier lines below it do ('2025年8月2日', 'Aug 2, 2025'), not
    // 2025-08-02; --json keeps them ISO.
    const stockout = (sku: string): string | null | undefined => plan.rows.find((x) => x.sku === sku)?.stockoutDate;
    expect(table.slice(1).filter((l) => stockout(l.split(/\s+/)[0])).length).toBeGreaterThan(0);
    for (const line of table.slice(1)) {
      const sku = line.split(/\s+/)[0];
      const iso = stockout(sku);
      expect(line.endsWith(` ${iso ? dayZh(iso) : '—'}`), line).toBe(true);
    }
    for (const line of block(en.stdout, /^SKU\s+status/).slice(1)) {
      const iso = stockout(line.split(/\s+/)[0]);
      expect(line.endsWith(` ${iso ? dayEn(iso) : '—'}`), line).toBe(true);
    }
  });

  it('says when the sales data are weeks old (orders dated today) and which SKUs have no stock record, in both languages', () => {
    const db = openStore(store);
    db.db.prepare(`INSERT INTO products (sku, title_en, cost, price, created_at, updated_at) VALUES ('NO-STOCK', 'x', 1, 2, '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z')`).run();
    db.close();
    try {
      const today = new Date().toISOString().slice(0, 10);
      const en = desk(['plan', '--store', store, '--lang', 'en']);
      // Days written as the rest of the CLI's sentences write them ('Nov 30, 2026', '2026年11月30日'), not ISO.
      expect(en.stdout).toMatch(new RegExp(`^Sales data end on [A-Z][a-z]{2} \\d{1,2}, \\d{4}, \\d+ days ago: .* orders are dated ${dayEn(today)}\\.`, 'm'));
      // "N days ago" counts from the last day of sales to today (it said one day fewer).
      const [, mon, day, year, ago] = /^Sales data end on ([A-Z][a-z]{2}) (\d{1,2}), (\d{4}), (\d+) days ago/m.exec(en.stdout) ?? [];
      const end = `${year}-${String(MONTHS.indexOf(mon) + 1).padStart(2, '0')}-${day.padStart(2, '0')}`;
      expect(Number(ago)).toBe(Math.round((Date.parse(today) - Date.parse(end)) / 86_400_000));
      expect(en.stdout).not.toMatch(/\d{4}-\d\d-\d\d, \d+ days ago/);
      expect(en.stdout).toMatch(/^1 SKU has no stock record and is not planned: import stock \(desk import inventory FILE\)/m);
      expect(en.stdout).toMatch(/^NO-STOCK\s+no stock\s+—\s/m);
      const zh = desk(['plan', '--store', store, '--lang', 'zh']);
      expect(zh.stdout).toMatch(new RegExp(`^销售数据截止于 ${dayZh(end)}（${ago} 天前）：.*采购单日期为 ${dayZh(today)}。`, 'm'));
      expect(zh.stdout).toMatch(/^1 个 SKU 没有库存记录/m);
      expect(zh.stdout).toMatch(/^NO-STOCK\s+无库存数据\s/m);
    } finally {
      const db2 = openStore(store);
      db2.db.prepare(`DELETE FROM purchase_suggestions WHERE product_id = (SELECT id FROM products WHERE sku = 'NO-STOCK')`).run();
      db2.db.prepare(`DELETE FROM products WHERE sku = 'NO-STOCK'`).run();
      db2.close();
    }
  });
});

describe('desk plan and desk forecast on a forecast older than the sales', () => {
  it('say so after newer sales are imported (desk import), with both days in the reader\'s language, and --json has forecastStale with the dates', () => {
    // A copy of the forecast store, so the other tests keep theirs.
    const stale = join(t.dir, 'stale.db');
    copyFileSync(store, stale);
    const fresh = JSON.parse(desk(['plan', '--store', stale, '--json']).stdout) as { forecastStale: boolean; forecast: { origin: string } };
    expect(fresh.forecastStale).toBe(false);
    const origin = fresh.forecast.origin;
    const newEnd = addDays(origin, 3);
    const csv = join(t.dir, 'newer-sales.csv');
    writeFileSync(csv, 'sku,date,units\n' + [1, 2, 3].flatMap((d) => ['SKU-001', 'SKU-002'].map((sku) => `${sku},${addDays(origin, d)},4`)).join('\n') + '\n');
    const imp = desk(['import', 'daily-sales', csv, '--store', stale]);
    expect(imp.status, imp.stderr).toBe(0);

    const en = desk(['plan', '--store', stale, '--lang', 'en']);
    expect(en.status).toBe(0);
    expect(en.stdout).toContain(
      `The forecast is older than the sales: it was made on sales up to ${dayEn(origin)}, and they now run to ${dayEn(newEnd)} (3 days more). Demand and days of cover still come from it; run \`desk forecast\` again for a current plan.`,
    );
    // The old-data line dates the sales by their own last day (it took the forecast's origin for it).
    expect(en.stdout).toMatch(new RegExp(`^Sales data end on ${dayEn(newEnd)}, `, 'm'));
    const zh = desk(['plan', '--store', stale, '--lang', 'zh']);
    expect(zh.stdout).toContain(`预测早于销售数据：它基于截至 ${dayZh(origin)} 的销售，而销售数据现已到 ${dayZh(newEnd)}（多了 3 天）。需求和可售天数仍按它计算；请重新运行 \`desk forecast\`，以得到最新的计划。`);
    expect(zh.stdout).toMatch(new RegExp(`^销售数据截止于 ${dayZh(newEnd)}（`, 'm'));
    const json = JSON.parse(desk(['plan', '--store', stale, '--json']).stdout) as { forecastStale: boolean; forecast: Record<string, unknown> };
    expect(json.forecastStale).toBe(true);
    expect(json.forecast).toMatchObject({ origin, salesEnd: newEnd, newerDays: 3, uncovered: 0, stale: true });

    // A new forecast starts after the newest sales: current, and nothing more is said.
    const again = desk(['forecast', '--store', stale, '--horizon', '14', '--model', 'ma', '--json']);
    expect(again.status, again.stderr).toBe(0);
    const run = JSON.parse(again.stdout) as { forecastStale: boolean; forecast: Record<string, unknown> };
    expect(run.forecastStale).toBe(false);
    expect(run.forecast).toMatchObject({ origin: newEnd, salesEnd: newEnd, newerDays: 0, stale: false });
    const after = desk(['plan', '--store', stale, '--lang', 'en']);
    expect(after.stdout).not.toContain('The forecast is older than the sales');
    expect(after.stdout).toMatch(new RegExp(`^Sales data end on ${dayEn(newEnd)}, `, 'm'));
  });
});

describe('desk forecast and desk backtest --lang zh', () => {
  it('forecast reports what it did in Chinese, the models chosen by their names, its last sales day written as desk plan writes dates', () => {
    expect(forecastZh).toMatch(new RegExp(`^已预测 6 个 SKU：${dayZh('2025-07-19')} 之后的 14 天，用时 (?:< 0\\.1|[\\d.]+) 秒。$`, 'm'));
    // One model a line, by its Chinese name (it printed 'anchor 4，ensemble 2'), its SKUs adding up to the 6 forecast.
    const chosen = forecastZh.split('\n').slice(forecastZh.split('\n').indexOf('选用的模型（SKU 数）：') + 1).filter((l) => /^ {2}/.test(l));
    expect(chosen.length).toBeGreaterThan(0);
    for (const l of chosen) expect(l).toMatch(/^ {2} *\d+ {2}\S.*[\u4e00-\u9fff]/);
    expect(chosen.reduce((n, l) => n + Number(l.trim().split(/\s+/)[0]), 0)).toBe(6);
    expect(forecastZh).not.toMatch(/Forecast|Models chosen|days after|\b(anchor|ensemble|snaive|ma|croston|sba|tsb|ets|theta) \d/);
    // English too, on a copy (the store's own forecast stays as the other tests read it); --json keeps the ISO day.
    const copy = join(t.dir, 'forecast-en.db');
    copyFileSync(store, copy);
    const en = desk(['forecast', '--store', copy, '--horizon', '14', '--model', 'ma', '--lang', 'en']);
    expect(en.status, en.stderr).toBe(0);
    expect(en.stdout).toMatch(new RegExp(`^Forecast 6 SKUs, 14 days after ${dayEn('2025-07-19')}, in (\\d+\\.\\d|< 0\\.1) s\\.$`, 'm'));
    // The model by its name, with the id --json gives (the name does not hold it), in either language.
    expect(en.stdout).toContain('\nModels chosen (number of SKUs):\n  6  Moving average (ma)\n');
    const zh = desk(['forecast', '--store', copy, '--horizon', '14', '--model', 'tsb', '--lang', 'zh']);
    expect(zh.stdout).toContain('\n选用的模型（SKU 数）：\n  6  TSB 法（零星、渐弱的销量）\n');
    const json = desk(['forecast', '--store', copy, '--horizon', '14', '--model', 'ma', '--json']);
    expect((JSON.parse(json.stdout) as { historyEnd: string }).historyEnd).toBe('2025-07-19');
    expect((JSON.parse(json.stdout) as { chosen: Record<string, number> }).chosen).toEqual({ ma: 6 });
  });

  it('backtest labels its summary, table and progress in Chinese, with the columns lined up', () => {
    const r = desk(['backtest', '--store', store, '--horizon', '7', '--folds', '1', '--models', 'snaive,ets', '--workers', '1', '--lang', 'zh']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^6 条序列，预测跨度 7，1 折（(?:< 0\.1|\d+\.\d) 秒）$/m);
    const table = block(r.stdout, /^模型/);
    expect(table[0].split(/\s{2,}/)).toEqual(['模型', 'WAPE', 'MASE', '偏差', 'P10 分位损失', 'P50 分位损失', 'P90 分位损失', 'P10-P90 覆盖率', '序列数', '耗时']);
    // Each model's time as the screen writes it ('0.4 秒'), where the column read '耗时（秒）' over '0.42'.
    expect(table.slice(1).every((l) => /  (\d+\.\d|< 0\.1) 秒$/.test(l))).toBe(true);
    // Each model by its Chinese name with its id (it printed 'snaive', 'ets').
    expect(table.map((l) => l.split(/\s{2,}/)[0])).toEqual(['模型', '上周同日（snaive）', '指数平滑（ets）']);
    expect(new Set(table.map(termColumns)).size).toBe(1);
    expect(r.stdout).not.toMatch(/\b(series|horizon|folds?|model|bias|seconds|cov)\b/);
    expect(r.stderr).toMatch(/^回测 100% 各模型回测（完成）$/m);
    expect(r.stderr).not.toMatch(/backtest|models/);
  });

  it('backtest refuses a fold count or horizon out of range by naming the flag, the range and the value, in both languages', () => {
    const cases: [string[], string][] = [
      [['--horizon', '7', '--folds', '0'], "desk backtest: --folds must be a whole number from 1 to 10, not '0'"],
      [['--horizon', '7', '--folds', '-2'], "desk backtest: --folds must be a whole number from 1 to 10, not '-2'"],
      [['--horizon', '7', '--folds', '11'], "desk backtest: --folds must be a whole number from 1 to 10, not '11'"],
      [['--folds', '0'], "desk backtest: --folds must be a whole number from 1 to 10, not '0'"],
      [['--horizon', '0'], "desk backtest: --horizon must be a whole number of at least 1, not '0'"],
      [['--horizon', '-3'], "desk backtest: --horizon must be a whole number of at least 1, not '-3'"],
    ];
    for (const [flags, message] of cases) {
      const r = desk(['backtest', '--store', store, ...flags, '--models', 'snaive']);
      expect(r.status, flags.join(' ')).toBe(1);
      expect(r.stderr).toBe(`${message}\n`);
      expect(r.stdout).toBe('');
    }
    expect(desk(['backtest', '--store', store, '--horizon', '7', '--folds', '0', '--lang', 'zh']).stderr).toBe("desk backtest：--folds 必须是 1 到 10 之间的整数，收到的是 '0'\n");
    expect(desk(['backtest', '--store', store, '--horizon', '-3', '--lang', 'zh']).stderr).toBe("desk backtest：--horizon 必须是不小于 1 的整数，收到的是 '-3'\n");
  });
});

describe('desk elasticity', () => {
  // Five groups whose price moves (an apparel prior is learnt from them) and four refused for three different reasons.
  const csv = join(t.dir, 'prices.csv');
  beforeAll(() => {
    const rows = ['group,category,price,qty'];
    const noise = (i: number): number => 1 + 0.15 * Math.sin(i * 12.9898);
    for (const [g, name] of ['连衣裙-红', 'tee', 'coat', 'scarf', 'hat'].entries()) {
      for (let i = 0; i < 30; i++) {
        const price = 50 + 5 * (i % 6) + g;
        rows.push(`${name},apparel,${price},${Math.round(2e5 * price ** -2 * noise(i + 31 * g))}`);
      }
    }
    for (let i = 0; i < 20; i++) rows.push(`flat,home,${[100, 100.5, 101][i % 3]},${10 + (i % 4)}`);
    for (let i = 0; i < 20; i++) rows.push(`two,home,${i % 2 ? 80 : 120},${10 + (i % 5)}`);
    for (const g of ['short', 'short2']) for (let i = 0; i < 5; i++) rows.push(`${g},home,${60 + 5 * i},${8 + i}`);
    writeFileSync(csv, rows.join('\n'));
  });
  const run = (lang: string): ReturnType<typeof desk> => desk(['elasticity', '--csv', csv, '--price', 'price', '--qty', 'qty', '--group', 'group', '--category', 'category', '--lang', lang]);

  it('counts the refusals by their reason, in English and in Chinese', () => {
    const en = run('en');
    expect(en.status).toBe(0);
    expect(en.stderr).toBe('4 of 9 refused, their prior is shown: 1 price did not vary enough, 1 too few price levels, 2 too few observations.\n');
    const zh = run('zh');
    expect(zh.status).toBe(0);
    expect(zh.stderr).toBe('9 个中有 4 个拒绝估计，显示的是其先验值：价格几乎没有变化 1 个，价格档位太少 1 个，观测太少 2 个。\n');
  });

  it('shows status, level and the priors in Chinese (the category by its name, * as all products), lined up', () => {
    const zh = run('zh');
    const table = block(zh.stdout, /^SKU\s+弹性/).filter((l) => !l.includes('先验：'));
    expect(table.length).toBe(10);
    expect(table[0].split(/\s+/)).toEqual(['SKU', '弹性', '90%', '区间', '原始估计', '观测数', '粒度', '状态']);
    expect(table.filter((l) => /\s按行\s+已估计$/.test(l)).length).toBe(5);
    expect(table.filter((l) => /\s按行\s+用先验值\s/.test(l)).length).toBe(4);
    expect(new Set(table.map((l) => termColumns(l.slice(0, l.search(/按行|粒度/))))).size).toBe(1);
    expect(zh.stdout).toMatch(/^全部商品先验：-?\d+\.\d\d（离散度 \d+\.\d\d，\d+ 个 SKU）$/m);
    expect(zh.stdout).toMatch(/^服装先验：-?\d+\.\d\d（离散度 \d+\.\d\d，5 个 SKU）$/m);
    expect(zh.stdout).not.toMatch(/\b(estimated|fallback|rows|prior|spread|apparel)\b|\*/);
    const en = run('en');
    expect(en.stdout).toMatch(/^prior all products: -?\d+\.\d\d \(spread \d+\.\d\d, \d+ SKUs\)$/m);
    expect(en.stdout).toMatch(/^prior Apparel: /m);
  });
});
