/** `desk demo [--out FILE] [--seed N] [--skus N] [--days N] [--end DATE] [--force] [--json]`: writes the demo store. */
import { flagError } from '../flag-messages';
import { existsSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { DEMO_DEFAULTS, defaultDemoEnd } from '../../demo/defaults';
import type { DemoSummary } from '../../demo/generate';
import { EngineError } from '../../errors';
import { tempPathFor } from '../../fs/atomic';
import { tr } from '../../i18n';
import { demoMessages } from '../../demo/messages';
import { num, printJson, runJobWithProgress, str, type Command } from '../io';
import { cliMessages } from '../messages';
import { newEngine } from '../store-arg';
import { makeDirs } from '../../fs/mkdirs';

const { seed, skus, days } = DEMO_DEFAULTS;

/** The demo command. */
export const demoCommand: Command = {
  name: 'demo',
  usage: 'desk demo [--out FILE] [--seed N] [--skus N] [--days N] [--end YYYY-MM-DD] [--force] [--json]',
  summary: {
    en: `Create a demo shop store (default demo.db here: ${skus} SKUs, ${days} days ending yesterday, seed ${seed}; --end fixes the last day)`,
    zh: `生成演示店铺文件（默认为当前目录下的 demo.db：${skus} 个 SKU，${days} 天，截至昨天，种子 ${seed}；用 --end 固定最后一天）`,
  },
  flags: { out: 'string', seed: 'string', skus: 'string', days: 'string', end: 'string', force: 'boolean' },
  run: async (args) => {
    const lang = args.lang;
    const out = resolve(str(args, 'out') ?? 'demo.db');
    const { DemoParamsSchema } = await import('../../demo/params');
    const { zodErrorMap } = await import('../../zod-messages');
    const parsed = DemoParamsSchema.safeParse({
      seed: num(args, 'seed', seed),
      skus: num(args, 'skus', skus),
      days: num(args, 'days', days),
      end: str(args, 'end') ?? defaultDemoEnd(),
    }, { error: zodErrorMap(lang) });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw flagError(lang, 'demo_flag', { option: issue.path.join('.'), message: issue.message });
    }
    const { checkReplaceable } = await import('../../api/ops/demo');
    const { installBuiltStore, refuseOpenElsewhere, removeBuiltStore } = await import('../../demo/replace');
    if (existsSync(out)) {
      checkReplaceable(out, lang);
      if (!args.flags.force) throw new EngineError('user_error', tr(demoMessages, lang, 'existsCli', { path: out }));
      refuseOpenElsewhere(out, lang);
    }
    makeDirs(dirname(out));
    // What an earlier run that was killed left beside the store (the next open of the store removes it too).
    // Loaded when it runs: every command's module loads for `desk --help`, and this one pulls in the logger.
    (await import('../../fs/leftovers')).removeDeadTemps(dirname(out), `.${basename(out)}.`);
    // Built beside the target and renamed over it only when complete: a run killed or failed half-way leaves the old
    // store as it was (and no empty one where there was none).
    const tmp = tempPathFor(out);
    const engine = await newEngine(args);
    let ok = false;
    try {
      await engine.open(tmp, { create: true });
      const started = Date.now();
      const job = await runJobWithProgress(engine, () => engine.jobs.start('demo.generate', parsed.data, { lang }), tr(cliMessages, lang, 'job_demo'));
      // The job names the file it filled; the user named `out`.
      const { path: _built, ...summary } = job.result as DemoSummary & { path: string };
      await engine.close();
      installBuiltStore(tmp, out, lang);
      const seconds = Math.round((Date.now() - started) / 100) / 10;
      ok = true;
      if (args.json) return printJson({ path: out, seconds, ...summary });
      const w = (s: string): boolean => process.stdout.write(s + '\n');
      w(tr(demoMessages, lang, 'cliStore', { path: out }));
      w(tr(demoMessages, lang, 'cliDays', { first: summary.firstDay, last: summary.lastDay }));
      w(tr(demoMessages, lang, 'cliTook', { seconds }));
      for (const [t, n] of Object.entries(summary.counts)) w(`  ${t.padEnd(20)} ${n.toLocaleString('en-US').padStart(12)}`);
    } finally {
      await engine.close();
      if (!ok) removeBuiltStore(tmp);
    }
  },
};
