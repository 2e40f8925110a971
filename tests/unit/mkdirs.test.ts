import { spawnSync } from 'node:child_process';
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeDirs } from '../../engine/fs/mkdirs';
import { runDesk, tempDirsPerTest } from './helpers';

const tmp = tempDirsPerTest();
const ROOT = join(import.meta.dirname, '..', '..');
// Node's own recursive mkdir spins forever under /proc (Linux): each case runs in a child with a deadline.
const linuxProc = existsSync('/proc/self');

describe('makeDirs', () => {
  it('makes a folder and its missing parents, and leaves an existing one alone', () => {
    const dir = join(tmp(), 'a', 'b', 'c');
    makeDirs(dir);
    expect(statSync(dir).isDirectory()).toBe(true);
    expect(() => makeDirs(dir)).not.toThrow();
  });

  it('fails with the system error, naming the file, when a file stands where a folder should be', () => {
    const file = join(tmp(), 'report.csv');
    writeFileSync(file, 'x');
    // EEXIST naming the file in the way, which the engine words as "a file is already there".
    expect(() => makeDirs(join(file, 'sub'))).toThrow(/EEXIST.*report\.csv/);
    expect(() => makeDirs(file)).toThrow(/EEXIST.*report\.csv/);
  });

  it.runIf(linuxProc)('a store created under /proc is refused at once, naming the path, instead of freezing', () => {
    const r = runDesk(tmp(), ['init', '--store', '/proc/desk-no-such/sub/shop.db'], 20_000);
    expect(r.status, 'the command must end (a hang is killed by the deadline and has no status)').toBe(1);
    expect(r.stderr).toContain('/proc/desk-no-such');
  });

  it.runIf(linuxProc)('a backup named under /proc fails at once with a message naming it', () => {
    const dir = tmp();
    const script = join(dir, 'backup.mts');
    writeFileSync(script, `
      import { Engine } from ${JSON.stringify(join(ROOT, 'engine', 'engine.ts'))};
      const engine = new Engine({ dataDir: ${JSON.stringify(dir)}, lang: 'en' });
      await engine.open(${JSON.stringify(join(dir, 'shop.db'))}, { create: true });
      try { await engine.invoke('store.backup', { path: '/proc/desk-no-such/sub/copy.db' }); console.log('written'); }
      catch (e) { console.log('refused:', e.code, e.message); }
      await engine.close();
    `);
    const r = spawnSync(process.execPath, ['--import', 'tsx', script], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/refused: user_error Cannot write \/proc\/desk-no-such\/sub\/copy\.db/);
  });
});
