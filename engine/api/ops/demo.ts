/** Demo store operation: creates a new store file and fills it with the seeded demo shop in a job. */
import { closeSync, existsSync, lstatSync, openSync, readSync } from 'node:fs';
import Database from 'better-sqlite3';
import { dirname } from 'node:path';
import { z } from 'zod';
import { EngineError } from '../../errors';
import { tr, type Lang } from '../../i18n';
import { demoMessages } from '../../demo/messages';
import { finishReplace, putStoreBack, refuseOpenElsewhere, setStoreAside } from '../../demo/replace';
import { DemoParamsSchema } from '../../demo/params';
import { rememberStore } from '../../recent';
import { defineOp } from '../contract';
import { opPath } from '../../security/path-policy';
import { i18nIssue } from '../validate';
import { makeDirs } from '../../fs/mkdirs';

/**
 * What replacing `path` with a new demo store would destroy, checked before anything is removed: only an existing
 * Merchant Desk store (or an empty file) may be replaced. A folder, a device such as /dev/null, or any other file (a
 * spreadsheet given by mistake) is refused, with or without --force.
 */
export function checkReplaceable(path: string, lang: Lang): void {
  const st = lstatSync(path);
  if (st.isDirectory()) throw new EngineError('user_error', tr(demoMessages, lang, 'outFolder', { path }), { path });
  if (!st.isFile()) throw new EngineError('user_error', tr(demoMessages, lang, 'outNotFile', { path }), { path });
  if (st.size === 0) return;
  let ok = false;
  try {
    const head = Buffer.alloc(16);
    const fd = openSync(path, 'r');
    try {
      readSync(fd, head, 0, 16, 0);
    } finally {
      closeSync(fd);
    }
    if (head.toString('latin1') === 'SQLite format 3\0') {
      const db = new Database(path, { readonly: true, fileMustExist: true });
      try {
        ok = db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'").get() !== undefined;
      } finally {
        db.close();
      }
    }
  } catch {
    ok = false;
  }
  if (!ok) throw new EngineError('user_error', tr(demoMessages, lang, 'outNotStore', { path }), { path });
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
      // Replacing: the old store is set aside, whole, until the new one is built; a failed or cancelled build puts it back.
      let aside: string | null = null;
      if (existsSync(p)) {
        if (!input.replace) throw new EngineError('conflict', tr(demoMessages, lang, 'exists', { path: p }), { path: p });
        checkReplaceable(p, lang);
        const ownStore = engine.hasStore && engine.store.path === p;
        if (ownStore) {
          if (engine.jobs.activeCount > 0) throw new EngineError('conflict', tr(demoMessages, lang, 'inUse', { path: p }), { path: p });
          await engine.close();
        }
        try {
          // Another window, `desk serve` or a `desk` command with the store open would go on writing to a moved file.
          refuseOpenElsewhere(p, lang);
          aside = setStoreAside(p, lang);
        } catch (e) {
          if (ownStore) await engine.open(p);
          throw e;
        }
      }
      let job;
      try {
        makeDirs(dirname(p));
        const store = await engine.open(p, { create: true });
        rememberStore(engine.options.dataDir, store.path);
        job = engine.jobs.start('demo.generate', { seed: input.seed, skus: input.skus, days: input.days, end: input.end }, { lang });
      } catch (e) {
        if (aside) {
          if (engine.hasStore && engine.store.path === p) await engine.close();
          putStoreBack(aside, p);
        }
        throw e;
      }
      if (aside) void finishReplace(engine, job.jobId, p, aside);
      return job;
    },
  }),
};
