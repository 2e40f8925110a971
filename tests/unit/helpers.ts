/** Test helpers: fresh stores in temporary folders, removed afterwards. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { afterEach, expect } from 'vitest';
import { Engine } from '../../engine/engine';
import { serve, type RunningServer } from '../../engine/http/server';
import type { JobProgress } from '../../engine/jobs/types';

/** A temporary folder for one test, with a cleanup function. */
export function tempDir(prefix = 'desk-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Hands out temporary folders for the tests of one file and removes them after each test. */
export function tempDirsPerTest(): () => string {
  const dirs: { cleanup: () => void }[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => d.cleanup()));
  return () => {
    const t = tempDir();
    dirs.push(t);
    return t.dir;
  };
}

/** A fresh engine on a new store file in a temporary folder; `close()` shuts it and removes the folder. */
export async function engineOnFreshStore(): Promise<{ engine: Engine; dir: string; close: () => Promise<void> }> {
  const t = tempDir();
  const engine = new Engine({ dataDir: t.dir, lang: 'en' });
  await engine.open(join(t.dir, 'shop.db'), { create: true });
  return {
    engine,
    dir: t.dir,
    close: async () => {
      await engine.close();
      t.cleanup();
    },
  };
}

/** `engineOnFreshStore` served over the loopback HTTP transport; `close()` stops the server, then the engine, and removes the folder. */
export async function servedEngineOnFreshStore(): Promise<{ engine: Engine; srv: RunningServer; dir: string; close: () => Promise<void> }> {
  const fresh = await engineOnFreshStore();
  const srv = await serve({ engine: fresh.engine });
  return {
    ...fresh,
    srv,
    close: async () => {
      await srv.close();
      await fresh.close();
    },
  };
}

/** Resolves at the first progress event of the job `jobId` for which `reached` holds. */
export function jobReaches(engine: Engine, jobId: string, reached: (p: JobProgress) => boolean): Promise<void> {
  return new Promise<void>((resolve) => {
    const on = (p: JobProgress): void => {
      if (p.jobId === jobId && reached(p)) {
        engine.off('job', on);
        resolve();
      }
    };
    engine.on('job', on);
  });
}

/** Polls `cond` every `stepMs` until it holds or `ms` pass; its last answer. */
export async function until(cond: () => boolean, ms: number, stepMs = 20): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (cond()) return true;
    await new Promise((r) => setTimeout(r, stepMs));
  }
  return cond();
}

/** Products in a store file, read through a read-only connection of its own. */
export function productCount(path: string): number {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT count(*) FROM products').pluck().get() as number;
  } finally {
    db.close();
  }
}

/** Runs the built `desk` CLI (bin/desk.js) in English with its data folder in `dataDir`. */
export function runDesk(dataDir: string, args: string[], timeoutMs = 120_000): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['bin/desk.js', ...args], { cwd: join(import.meta.dirname, '..', '..'), encoding: 'utf8', env: { ...process.env, DESK_DATA_DIR: dataDir, DESK_LANG: 'en' }, timeout: timeoutMs });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The lines of the block of CLI output that starts with the line matching `head`, up to the next blank line. */
export function outputBlock(out: string, head: RegExp): string[] {
  const lines = out.split('\n');
  const i = lines.findIndex((l) => head.test(l));
  expect(i, out).toBeGreaterThanOrEqual(0);
  const end = lines.findIndex((l, k) => k > i && l === '');
  return lines.slice(i, end < 0 ? undefined : end);
}
