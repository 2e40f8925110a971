/** Demo store operation: creates a new store file and fills it with the seeded demo shop in a job. */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { EngineError } from '../../errors';
import { tr } from '../../i18n';
import { demoMessages } from '../../demo/messages';
import { DemoParamsSchema } from '../../demo/params';
import { rememberStore } from '../../recent';
import { defineOp } from '../contract';
import { opPath } from '../../security/path-policy';
import { i18nIssue } from '../validate';

/** Removes a store file with its WAL and shared-memory companions. */
export function removeStoreFile(path: string): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
}

/** Demo operations. */
export const demoOps = {
  'demo.create': defineOp({
    summary: 'Create a demo store (default demo.db in the data folder), open it and start the demo.generate job',
    input: DemoParamsSchema.extend({
      path: z.string().min(1).refine((p) => p.endsWith('.db'), i18nIssue('must_end_db')).default('demo.db'),
      replace: z.boolean().default(false),
    }),
    needsStore: false,
    run: async (input, ctx) => {
      const { engine, lang } = ctx;
      const p = opPath(ctx, input.path, { base: engine.options.dataDir, use: 'write' });
      if (existsSync(p)) {
        if (!input.replace) throw new EngineError('conflict', tr(demoMessages, lang, 'exists', { path: p }), { path: p });
        if (engine.hasStore && engine.store.path === p) {
          if (engine.jobs.activeCount > 0) throw new EngineError('conflict', tr(demoMessages, lang, 'inUse', { path: p }), { path: p });
          await engine.close();
        }
        removeStoreFile(p);
      }
      mkdirSync(dirname(p), { recursive: true });
      const store = await engine.open(p, { create: true });
      rememberStore(engine.options.dataDir, store.path);
      return engine.jobs.start('demo.generate', { seed: input.seed, skus: input.skus, days: input.days, end: input.end }, { lang });
    },
  }),
};
