import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CHILD = fileURLToPath(new URL('./fixtures/log/worker-lines.mjs', import.meta.url));

describe('engine log', () => {
  it("keeps a worker thread's last lines when the process exits right after the job (10 runs)", () => {
    let lines = 0;
    for (let run = 0; run < 10; run++) {
      const r = spawnSync(process.execPath, [CHILD], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, DESK_LOG: 'warn' } });
      expect(r.status).toBe(0);
      lines += (r.stderr.match(/"msg":"worker line"/g) ?? []).length;
    }
    expect(lines).toBe(50);
  }, 60_000);
});
