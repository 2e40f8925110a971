/** `desk demo [--out FILE] [--seed N] [--skus N] [--days N] [--end DATE] [--force] [--json]`: writes the demo store. */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { removeStoreFile } from '../../api/ops/demo';
import { DEMO_DEFAULTS, DemoParamsSchema } from '../../demo/params';
import type { DemoSummary } from '../../demo/generate';
import { Engine } from '../../engine';
import { EngineError } from '../../errors';
import { defaultLang, parseLang, tr } from '../../i18n';
import { demoMessages } from '../../demo/messages';
import { defaultDataDir } from '../../paths';
import { num, printJson, runJobWithProgress, str, type Command } from '../io';

/** The demo command. */
export const demoCommand: Command = {
  name: 'demo',
  usage: 'desk demo [--out FILE] [--seed N] [--skus N] [--days N] [--end YYYY-MM-DD] [--force] [--json]',
  summary: `Create a demo shop store (default demo.db here: ${DEMO_DEFAULTS.skus} SKUs, ${DEMO_DEFAULTS.days} days to ${DEMO_DEFAULTS.end}, seed ${DEMO_DEFAULTS.seed})`,
  flags: { out: 'string', seed: 'string', skus: 'string', days: 'string', end: 'string', force: 'boolean' },
  run: async (args) => {
    const lang = parseLang(args.flags.lang) ?? defaultLang();
    const out = resolve(str(args, 'out') ?? 'demo.db');
    const parsed = DemoParamsSchema.safeParse({
      seed: num(args, 'seed', DEMO_DEFAULTS.seed),
      skus: num(args, 'skus', DEMO_DEFAULTS.skus),
      days: num(args, 'days', DEMO_DEFAULTS.days),
      end: str(args, 'end') ?? DEMO_DEFAULTS.end,
    });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new EngineError('user_error', `desk demo: --${issue.path.join('.')}: ${issue.message}`);
    }
    if (existsSync(out)) {
      if (!args.flags.force) throw new EngineError('user_error', tr(demoMessages, lang, 'exists', { path: out }));
      removeStoreFile(out);
    }
    mkdirSync(dirname(out), { recursive: true });
    const dataDir = defaultDataDir();
    const engine = new Engine({ dataDir, lang });
    let ok = false;
    try {
      await engine.open(out, { create: true });
      const started = Date.now();
      const job = await runJobWithProgress(engine, () => engine.jobs.start('demo.generate', parsed.data, { lang }), 'demo');
      const summary = job.result as DemoSummary;
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
      // A failed or cancelled run leaves no half-made store behind.
      if (!ok) removeStoreFile(out);
    }
  },
};
