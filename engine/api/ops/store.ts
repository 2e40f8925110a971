/** Store operations: info, open, create, close, backup, restore, settings. */
import { existsSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { z } from 'zod';
import { DAMAGED_MARK, freeBackupPath, markDamaged, writeBackup } from '../../db/backup';
import type { StoreCheck } from '../../db/integrity';
import { restoreStore } from '../../db/restore';
import type { Store } from '../../db/store';
import { refuseNul } from '../../fs/checks';
import { salesDateRange, tableCounts } from '../../db/queries/info';
import { allSettings, setSetting } from '../../db/queries/settings';
import { both, EngineError } from '../../errors';
import { storeMessages } from '../../db/messages';
import { i18nIssue } from '../validate';
import type { TrainingSummary } from '../../../models/backend';
import { defineOp } from '../contract';
import { recentPaths, rememberStore } from '../../recent';
import { recentStores } from '../../recent-stores';

import { opPath, type PathUse } from '../../security/path-policy';
import type { OpContext } from '../contract';
import { makeDirs } from '../../fs/mkdirs';

/** A store or backup path from the input: relative to the data folder, confined for the app window. */
function storePathIn(ctx: OpContext, p: string, use: PathUse, known: readonly string[] = []): string {
  return opPath(ctx, refuseNul(p), { base: ctx.engine.options.dataDir, use, known });
}

/** Store files the engine itself recorded (recent list, the open store): the window may reopen them. */
function knownStores(ctx: OpContext): string[] {
  const { engine } = ctx;
  return [...recentPaths(engine.options.dataDir).map((r) => r.path), ...(engine.hasStore ? [engine.store.path] : [])];
}

/** Starts TensorFlow.js and says which backend runs the models and where training loops run (GPU or not, and why). */
async function checkBackend(): Promise<{ name: string; skipped: { name: string; reason: string }[]; training: TrainingSummary | null }> {
  const { selectBackend, trainingSummary } = await import('../../../models/backend');
  try {
    const b = await selectBackend();
    return { name: b.name, skipped: b.skipped, training: await trainingSummary() };
  } catch (e) {
    return { name: 'none', skipped: [{ name: 'all', reason: (e as Error).message }], training: null };
  }
}

/** The store.check job of each opening of a store (a Store object is one opening; a restore makes a new one). */
const checks = new WeakMap<Store, string>();

/** True when the latest store.check of the open store found it damaged (or could not read it); false when sound or not checked yet. */
function latestCheckFoundDamage({ engine }: OpContext): boolean {
  const id = checks.get(engine.store);
  const job = id ? engine.jobs.get(id) : null;
  if (!job) return false;
  if (job.status === 'succeeded') return (job.result as StoreCheck | null)?.ok === false;
  return job.status === 'failed' && job.error?.code === 'bad_store';
}

/** Store operations. */
export const storeOps = {
  'store.info': defineOp({
    summary: 'Schema version, table counts, sales date range and compute backend of the open store',
    input: z.object({ backend: z.boolean().default(true) }),
    run: async (input, { engine }) => {
      const { db, path, schemaVersion } = engine.store;
      // TensorFlow.js loads only when asked for: it costs ~1 s and ~100 MB.
      const backend = input.backend ? await checkBackend() : null;
      return {
        path,
        name: basename(path).replace(/\.db$/, ''),
        schemaVersion,
        sizeBytes: path === ':memory:' ? 0 : statSync(path).size,
        counts: tableCounts(db),
        salesDateRange: salesDateRange(db),
        backend,
      };
    },
  }),
  'store.current': defineOp({
    summary: 'Path of the open store, or null',
    input: z.object({}),
    needsStore: false,
    run: (_i, { engine }) => ({ path: engine.hasStore ? engine.store.path : null, dataDir: engine.options.dataDir }),
  }),
  'store.recent': defineOp({
    summary: "Recently opened stores, newest first, each with its state now ('store' opens; 'missing' or 'not_a_store' does not)",
    input: z.object({}),
    needsStore: false,
    run: (_i, { engine }) => recentStores(engine.options.dataDir),
  }),
  'store.open': defineOp({
    summary: 'Open an existing store file',
    input: z.object({ path: z.string().min(1) }),
    needsStore: false,
    run: async (input, ctx) => {
      const { engine } = ctx;
      const p = storePathIn(ctx, input.path, 'read', knownStores(ctx));
      if (!existsSync(p)) throw new EngineError('not_found', both(storeMessages, 'not_found', { path: p }), { path: p });
      const store = await engine.open(p);
      rememberStore(engine.options.dataDir, store.path);
      return { path: store.path, schemaVersion: store.schemaVersion };
    },
  }),
  'store.create': defineOp({
    summary: 'Create an empty store (file name inside the data folder, or a full path)',
    input: z.object({ path: z.string().min(1).refine((p) => p.endsWith('.db'), i18nIssue('must_end_db')) }),
    needsStore: false,
    run: async (input, ctx) => {
      const { engine } = ctx;
      const p = storePathIn(ctx, input.path, 'write');
      if (existsSync(p)) throw new EngineError('conflict', both(storeMessages, 'exists', { path: p }), { path: p });
      makeDirs(dirname(p));
      const store = await engine.open(p, { create: true });
      rememberStore(engine.options.dataDir, store.path);
      return { path: store.path, schemaVersion: store.schemaVersion };
    },
  }),
  'store.close': defineOp({
    summary: 'Close the open store',
    input: z.object({}),
    needsStore: false,
    run: async (_i, { engine }) => {
      await engine.close();
      return { closed: true };
    },
  }),
  'store.backup': defineOp({
    summary: 'Write a consistent copy of the whole store to a file',
    input: z.object({ path: z.string().min(1).optional() }),
    run: async (input, ctx) => {
      const { engine } = ctx;
      const { db, path } = engine.store;
      // A copy of a damaged store holds the same damage: its name says so, and the app's list of backups (the
      // damaged-store alert, desk check) leaves it out. Backups are never rotated, so no sound one is removed for it.
      const damaged = latestCheckFoundDamage(ctx);
      if (input.path) {
        const out = storePathIn(ctx, input.path, 'write');
        return writeBackup(db, damaged ? markDamaged(out) : out, undefined, damaged);
      }
      // Default names tell the second apart; two backups within one second take -2, -3… rather than fail.
      const dir = join(engine.options.dataDir, 'backups');
      const now = new Date();
      const mark = damaged ? DAMAGED_MARK : '';
      return writeBackup(db, freeBackupPath(dir, path, now, mark), () => freeBackupPath(dir, path, now, mark), damaged);
    },
  }),
  'store.check': defineOp({
    summary: 'Check the open store for damage (integrity and foreign keys) in a job: once per opening, unless again',
    input: z.object({ again: z.boolean().default(false) }),
    run: (input, { engine, lang }) => {
      const store = engine.store;
      const known = checks.get(store);
      // The app asks on every start of its window: one check per opening of the store answers them all.
      const job = known && !input.again ? engine.jobs.get(known) : null;
      if (job) return job;
      const started = engine.jobs.start('store.check', { dataDir: engine.options.dataDir }, { lang });
      checks.set(store, started.jobId);
      return started;
    },
  }),
  'store.restore': defineOp({
    summary: 'Replace the open store with a backup file (the current file is kept aside first)',
    input: z.object({ path: z.string().min(1) }),
    run: async (input, ctx) => {
      const { engine, lang } = ctx;
      const src = storePathIn(ctx, input.path, 'read');
      if (!existsSync(src)) throw new EngineError('not_found', both(storeMessages, 'backup_not_found', { path: src }), { path: src });
      // The backup is only read: a copy is validated and migrated, then renamed over the store in one step.
      return restoreStore({ close: () => engine.close(), open: (p) => engine.open(p) }, engine.store, src, lang);
    },
  }),
  'settings.get': defineOp({
    summary: 'Settings of the open store: all of them, or only `keys` (a screen reads its own without the large ones)',
    input: z.object({ keys: z.array(z.string().min(1).max(100)).max(50).optional() }),
    run: (input, { engine }) => {
      const all = allSettings(engine.store.db);
      return input.keys ? Object.fromEntries(input.keys.filter((k) => Object.hasOwn(all, k)).map((k) => [k, all[k]])) : all;
    },
  }),
  'settings.set': defineOp({
    summary: 'Set one setting',
    input: z.object({ key: z.string().min(1).max(100), value: z.unknown() }),
    run: (input, { engine }) => {
      setSetting(engine.store.db, input.key, input.value ?? null);
      return { key: input.key };
    },
  }),
};
