// `desk price train|recommend|evaluate` as a Chinese reader meets them: headers, summaries, policy and category names in
// Chinese, columns that line up in a terminal, the English text as before, and --json keeping the stored codes.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { termColumns } from '../../engine/cli/io';
import { agentFile } from '../../engine/pricing/agent-store';
import { outputBlock, runDesk, tempDir } from './helpers';

const t = tempDir('desk-price-cli-');
const store = join(t.dir, 'shop.db');

const desk = (args: string[]): ReturnType<typeof runDesk> => runDesk(t.dir, args);

const table = outputBlock;

/** A literal (a file path) for use inside a RegExp. */
const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const ENGLISH = /\b(SKUs|steps|threads?|Agents saved|current|recommend|reason|policy|markets?|seeds?|oracle|mean reward|violations|No trained agent|Not evaluated|apparel|eyewear|beauty|home|jewellery|phone_accessories|best-static|match-lowest|cost-plus|myopic)\b/;
const HAN = /[\u4e00-\u9fff]/;

let trainZh: ReturnType<typeof desk>;

beforeAll(() => {
  // A small demo shop (six categories); only eyewear (two SKUs) gets an agent, quickly.
  expect(desk(['demo', '--out', store, '--skus', '20', '--days', '200', '--end', '2026-11-30']).status).toBe(0);
  trainZh = desk(['price', 'train', '--store', store, '--category', 'eyewear', '--episodes', '10', '--networks', '1', '--checkpoints', '1', '--threads', '1', '--lang', 'zh']);
  expect(trainZh.status, trainZh.stderr).toBe(0);
}, 120_000);
afterAll(() => t.cleanup());

describe('desk price --lang zh', () => {
  it('train reports each category by its Chinese name, with SKUs, steps, time and where the agents went, in Chinese', () => {
    expect(trainZh.stdout).toMatch(/^眼镜\s+2 个 SKU（\d 个使用前瞻规划）\s+\d+ 步\s+\d+\.\d 秒$/m);
    expect(trainZh.stdout).toMatch(/^智能体已保存到 .+shop\.models[/\\]pricing（训练用时 \d+\.\d 秒，1 个线程）$/m);
    expect(trainZh.stdout).not.toMatch(ENGLISH);
    expect(trainZh.stderr).toMatch(/^训练定价智能体 100% /m);
    // The store's other categories are still on the one-step fallback: named, in Chinese, as recommend names them.
    expect(trainZh.stderr).toMatch(/^以下类目仍没有已训练的智能体：服装、美妆、家居、饰品、手机配件（推荐价格时使用单步模型）。请运行 `desk price train` 训练。$/m);
  });

  it('train --category lists the categories still untrained, in English and in --json (fallback, as recommend gives it)', () => {
    const en = desk(['price', 'train', '--store', store, '--category', 'eyewear', '--episodes', '10', '--networks', '1', '--checkpoints', '1', '--threads', '1', '--lang', 'en']);
    expect(en.status, en.stderr).toBe(0);
    expect(en.stderr).toMatch(/^Still without a trained agent: Apparel, Beauty, Home, Jewellery, Phone accessories \(recommend prices them with the one-step model\)\. Run `desk price train` to train them\.$/m);
    const json = desk(['price', 'train', '--store', store, '--category', 'eyewear', '--episodes', '10', '--networks', '1', '--checkpoints', '1', '--threads', '1', '--json']);
    expect(json.status, json.stderr).toBe(0);
    const r = JSON.parse(json.stdout) as { perCategory: { category: string }[]; fallback: { category: string; reason: string; skus: number }[] };
    expect(r.perCategory.map((c) => c.category)).toEqual(['eyewear']);
    expect(r.fallback.map((f) => [f.category, f.reason])).toEqual(['apparel', 'beauty', 'home', 'jewellery', 'phone_accessories'].map((c) => [c, 'not_trained']));
    expect(r.fallback.every((f) => f.skus > 0)).toBe(true);
  }, 120_000);

  it('train takes a category by the name desk prints it under (眼镜, Eyewear); an unknown one is refused naming the categories, not "no products"', () => {
    const byName = desk(['price', 'train', '--store', store, '--category', '眼镜', '--episodes', '10', '--networks', '1', '--checkpoints', '1', '--threads', '1', '--json']);
    expect(byName.status, byName.stderr).toBe(0);
    expect((JSON.parse(byName.stdout) as { perCategory: { category: string }[] }).perCategory.map((c) => c.category)).toEqual(['eyewear']);
    // It said "No active products with a price to work on." for a store full of them.
    const en = desk(['price', 'train', '--store', store, '--category', 'Bags', '--lang', 'en']);
    expect(en.status).toBe(1);
    expect(en.stderr).toMatch(/^desk: No active product with a price in category 'Bags'\. Categories: apparel \(Apparel\), beauty \(Beauty\), eyewear \(Eyewear\), home \(Home\), jewellery \(Jewellery\), phone_accessories \(Phone accessories\)\.$/m);
    const zh = desk(['price', 'evaluate', '--store', store, '--category', '包袋', '--lang', 'zh']);
    expect(zh.status).toBe(1);
    expect(zh.stderr).toMatch(/^desk: 类目“包袋”中没有有价格的在售商品。可选类目：apparel（服装）、beauty（美妆）、eyewear（眼镜）、home（家居）、jewellery（饰品）、phone_accessories（手机配件）。$/m);
  }, 120_000);

  it('recommend labels its table and the note on categories without an agent in Chinese, columns lined up; English as before', () => {
    const zh = desk(['price', 'recommend', '--store', store, '--lang', 'zh']);
    expect(zh.status, zh.stderr).toBe(0);
    const rows = table(zh.stdout, /^SKU\s+现价/);
    expect(rows[0].split(/\s{2,}/)).toEqual(['SKU', '现价', '建议价', '变动%', 'Δ销量/7天', 'Δ毛利/7天（90% 区间）', '理由 [策略]']);
    expect(rows.length).toBe(21);
    // Every column up to the reason ends at the same terminal column, the Chinese header included.
    const reasonAt = (l: string): number => {
      const m = /^(.*?(\d\]|）))  \S/.exec(l);
      return m ? termColumns(m[1]) : -1;
    };
    expect([...new Set(rows.map(reasonAt))]).toEqual([termColumns(rows[0].slice(0, rows[0].indexOf('  理由')))]);
    expect(rows.slice(1).every((l) => /\[(单步后备模型|前瞻规划|已训练的智能体)/.test(l))).toBe(true);
    expect(zh.stdout).not.toMatch(ENGLISH);
    expect(zh.stderr.trim()).toBe('以下类目没有已训练的智能体：服装、饰品、美妆、手机配件、家居（改用单步模型）。请先运行 `desk price train`。');
    const en = desk(['price', 'recommend', '--store', store, '--lang', 'en']);
    expect(table(en.stdout, /^SKU/)[0]).toBe('SKU                current recommend     Δ%  Δunits/7d           Δmargin/7d (90%)  reason [policy]');
    expect(en.stdout).not.toMatch(HAN);
    expect(en.stderr.trim()).toBe('No trained agent for: Apparel, Jewellery, Beauty, Phone accessories, Home (one-step model used). Run `desk price train` first.');
    // --json keeps the stored codes, in both languages.
    const json = JSON.parse(desk(['price', 'recommend', '--store', store, '--json', '--lang', 'zh']).stdout) as { missingAgents: string[]; agents: string[] };
    expect([json.agents, json.missingAgents]).toEqual([['eyewear'], ['apparel', 'jewellery', 'beauty', 'phone_accessories', 'home']]);
  });

  it('evaluate says its summary, headers, policy names and the categories left out in Chinese, lined up', () => {
    const zh = desk(['price', 'evaluate', '--store', store, '--seeds', '2', '--lang', 'zh']);
    expect(zh.status, zh.stderr).toBe(0);
    expect(zh.stdout).toMatch(/^2 个市场 × 2 个随机种子；智能体：已保存的 1 个类目的智能体（眼镜）；最优解求解用时 \d+\.\d 秒$/m);
    const rows = table(zh.stdout, /^策略/);
    expect(rows[0].split(/\s+/)).toEqual(['策略', '平均回报', '占最优的百分比（95%', '置信区间）', '对比最佳固定价', '对比跟随最低竞品价', '对比成本加成', '对比单步贪心', '违规次数']);
    expect(rows.slice(1).map((l) => l.split(/\s+/)[0])).toEqual(['最优（动态规划）', '最佳固定价', '保持当前价', '成本加成', '跟随最低竞品价', '单步贪心', '智能体']);
    // All but the last column (violations) end at one terminal column.
    expect(new Set(rows.map((l) => termColumns(l.replace(/\s\S+$/, '')))).size).toBe(1);
    expect(zh.stdout).not.toMatch(ENGLISH);
    expect(zh.stderr).toMatch(/^以下类目没有已训练的智能体，未参与评估：服装、美妆、家居、饰品、手机配件。可运行 `desk price train --store .+` 训练。$/m);
    const json = JSON.parse(desk(['price', 'evaluate', '--store', store, '--seeds', '2', '--json', '--lang', 'zh']).stdout) as { agent: string; categories: string[]; policies: { policy: string }[] };
    expect([json.agent, json.categories]).toEqual(['saved agents of 1 category (eyewear)', ['eyewear']]);
    expect(json.policies.map((p) => p.policy)).toEqual(['oracle', 'best-static', 'current-price', 'cost-plus', 'match-lowest', 'myopic', 'agent']);
  }, 180_000);
});

describe('desk price recommend --sku', () => {
  it('shows only that SKU, not the pending rows other SKUs kept from an earlier run (text and --json)', () => {
    expect(desk(['price', 'recommend', '--store', store, '--json']).status).toBe(0);
    const zh = desk(['price', 'recommend', '--store', store, '--sku', 'EY-0002', '--lang', 'zh']);
    expect(zh.status, zh.stderr).toBe(0);
    expect(table(zh.stdout, /^SKU/).slice(1).map((l) => l.split(/\s+/)[0])).toEqual(['EY-0002']);
    // Its category has an agent: no note about categories without one.
    expect(zh.stderr).not.toMatch(/没有已训练的智能体：/);
    const json = JSON.parse(desk(['price', 'recommend', '--store', store, '--sku', 'AP-0003', '--json']).stdout) as { count: number; missingAgents: string[]; recommendations: { sku: string; status: string }[] };
    expect([json.count, json.missingAgents]).toEqual([1, ['apparel']]);
    expect(json.recommendations.map((r) => r.sku)).toEqual(['AP-0003']);
    // Without --sku the whole pending list is still shown.
    expect(table(desk(['price', 'recommend', '--store', store]).stdout, /^SKU/).length).toBe(21);
  });
});

describe('desk price recommend with a damaged saved agent', () => {
  it('says which agent file was ignored and why, in English and Chinese, and --json carries the warning next to its usual fields', () => {
    // Cut the trained eyewear agent in half, as a full disk or a killed copy leaves it; put it back afterwards.
    const file = agentFile(store, 'eyewear');
    const good = readFileSync(file, 'utf8');
    writeFileSync(file, good.slice(0, good.length >> 1));
    try {
      const en = desk(['price', 'recommend', '--store', store, '--sku', 'EY-0002']);
      expect(en.status, en.stderr).toBe(0);
      // The category still gets a price, from the fallback.
      expect(table(en.stdout, /^SKU/)[1]).toMatch(/^EY-0002 .*\[One-step fallback/);
      expect(en.stderr.trim().split('\n')).toEqual([
        expect.stringMatching(new RegExp(`^The saved pricing agent at ${escape(file)} is damaged and was ignored \\(.+\\); retrain to replace it$`)),
        // Damaged, not untrained: the category is not listed under "No trained agent" too.
        'Saved agent damaged for: Eyewear (one-step model used). Run `desk price train --category eyewear` to replace it.',
      ]);
      const zh = desk(['price', 'recommend', '--store', store, '--sku', 'EY-0002', '--lang', 'zh']);
      expect(zh.status, zh.stderr).toBe(0);
      expect(zh.stderr.trim().split('\n')).toEqual([
        expect.stringMatching(new RegExp(`^${escape(file)} 处保存的定价智能体已损坏，已忽略（.+）；重新训练即可替换$`)),
        '以下类目已保存的智能体已损坏：眼镜（改用单步模型）。请运行 `desk price train --category eyewear` 重新训练以替换。',
      ]);
      // With the untrained categories too: each is named once, the damaged one apart from those never trained.
      const all = desk(['price', 'recommend', '--store', store]);
      expect(all.status, all.stderr).toBe(0);
      expect(all.stderr.trim().split('\n').slice(1)).toEqual([
        'Saved agent damaged for: Eyewear (one-step model used). Run `desk price train --category eyewear` to replace it.',
        'No trained agent for: Apparel, Jewellery, Beauty, Phone accessories, Home (one-step model used). Run `desk price train` first.',
      ]);
      const out = desk(['price', 'recommend', '--store', store, '--sku', 'EY-0002', '--json', '--lang', 'zh']);
      expect(out.status, out.stderr).toBe(0);
      const json = JSON.parse(out.stdout) as Record<string, unknown> & { warnings: { code: string; what: string; category: string; path: string; message: string }[] };
      expect(Object.keys(json)).toEqual(['runId', 'count', 'agents', 'missingAgents', 'warnings', 'categories', 'fallback', 'recommendations']);
      expect([json.count, json.agents, json.missingAgents]).toEqual([1, [], ['eyewear']]);
      expect(json.warnings).toEqual([{ code: 'artefact_ignored', what: 'agent', category: 'eyewear', path: file, message: expect.stringMatching(/^.+ 处保存的定价智能体已损坏，已忽略（.+）；重新训练即可替换$/) }]);
    } finally {
      writeFileSync(file, good);
    }
    // Mended, the agent answers again and nothing is reported.
    const back = desk(['price', 'recommend', '--store', store, '--sku', 'EY-0002']);
    expect(back.stderr.trim()).toBe('');
  });
});

describe('desk price recommend: trained agents apart from the categories on the one-step fallback', () => {
  interface Run {
    agents: string[];
    missingAgents: string[];
    categories: { category: string; policy: string; reason: string | null; skus: number; oneStepSkus: number }[];
    fallback: { category: string; reason: string; skus: number }[];
    recommendations: { sku: string; source: string; policyLabelEn: string; policyLabelZh: string }[];
  }
  const run = (lang = 'en'): { out: ReturnType<typeof desk>; json: Run } => {
    const out = desk(['price', 'recommend', '--store', store, '--json', '--lang', lang]);
    expect(out.status, out.stderr).toBe(0);
    return { out, json: JSON.parse(out.stdout) as Run };
  };
  const eyewear = (j: Run): Run['categories'][number] | undefined => j.categories.find((c) => c.category === 'eyewear');
  const untrained = ['apparel', 'jewellery', 'beauty', 'phone_accessories', 'home'];

  /** Rewrites the saved eyewear agent with `change`, runs `check`, and puts the good file back. */
  function withAgent(change: (a: { features: string[]; weights: { tensors: { shape: number[]; values: number[] }[] }; networks?: { tensors: { values: number[] }[] }[] }) => void, check: () => void): void {
    const file = agentFile(store, 'eyewear');
    const good = readFileSync(file, 'utf8');
    const a = JSON.parse(good) as Parameters<typeof change>[0];
    change(a);
    writeFileSync(file, JSON.stringify(a));
    try {
      check();
    } finally {
      writeFileSync(file, good);
    }
  }

  it('a trained category is an agent, every other one a fallback saying it was never trained', () => {
    const { json } = run();
    expect(json.agents).toEqual(['eyewear']);
    expect(eyewear(json)).toMatchObject({ policy: 'agent', reason: null, skus: 2, oneStepSkus: 0 });
    expect(json.fallback.map((f) => [f.category, f.reason])).toEqual(untrained.map((c) => [c, 'not_trained']));
    expect(json.missingAgents).toEqual(untrained);
  });

  it('an agent whose weights do not load is not listed under agents: its category is a damaged fallback, in the rows and the notes', () => {
    // The file parses and has the right shape, but the first layer's kernel lacks values: the network cannot be built.
    withAgent(
      (a) => {
        for (const w of [a.weights, ...(a.networks ?? [])]) w.tensors[0].values = w.tensors[0].values.slice(5);
      },
      () => {
        const { json } = run();
        expect(json.agents).toEqual([]);
        expect(eyewear(json)).toMatchObject({ policy: 'one_step', reason: 'damaged', skus: 2, oneStepSkus: 2 });
        expect(json.fallback).toContainEqual({ category: 'eyewear', reason: 'damaged', skus: 2 });
        expect(json.missingAgents).toContain('eyewear');
        const ey = json.recommendations.filter((r) => r.sku.startsWith('EY-'));
        expect(ey.map((r) => [r.source, r.policyLabelEn.replace(/, clamped.*/, ''), r.policyLabelZh.replace(/，已被.*/, '')])).toEqual(
          ey.map(() => ['one_step', 'One-step fallback (saved agent damaged)', '单步后备模型（已保存的智能体已损坏）']),
        );
        const en = desk(['price', 'recommend', '--store', store]);
        expect(en.status, en.stderr).toBe(0);
        expect(en.stdout).toMatch(/^EY-0001 .*\[One-step fallback \(saved agent damaged\)/m);
        expect(en.stderr.trim().split('\n').slice(1)).toEqual([
          'Saved agent damaged for: Eyewear (one-step model used). Run `desk price train --category eyewear` to replace it.',
          'No trained agent for: Apparel, Jewellery, Beauty, Phone accessories, Home (one-step model used). Run `desk price train` first.',
        ]);
      },
    );
  });

  it('an agent trained on another feature list is a fallback that says so (not "no trained agent"), in English and Chinese', () => {
    withAgent(
      (a) => {
        a.features = a.features.slice(1);
      },
      () => {
        const { json } = run();
        expect(json.agents).toEqual([]);
        expect(eyewear(json)).toMatchObject({ policy: 'one_step', reason: 'outdated', oneStepSkus: 2 });
        const en = desk(['price', 'recommend', '--store', store, '--sku', 'EY-0001']);
        expect(en.stdout).toMatch(/^EY-0001 .*\[One-step fallback \(agent trained by an older version\)/m);
        expect(en.stderr.trim()).toBe('Agent trained by an older version of the app for: Eyewear (one-step model used). Run `desk price train --category eyewear` to retrain it.');
        const zh = desk(['price', 'recommend', '--store', store, '--sku', 'EY-0001', '--lang', 'zh']);
        expect(zh.stdout).toMatch(/^EY-0001 .*\[单步后备模型（智能体由旧版本训练）/m);
        expect(zh.stderr.trim()).toBe('以下类目的智能体由旧版本应用训练，无法使用：眼镜（改用单步模型）。请运行 `desk price train --category eyewear` 重新训练。');
      },
    );
  });
});
