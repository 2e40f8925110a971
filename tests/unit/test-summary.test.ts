// The end of `npm test` names each skipped group and why; the report below has the shape Vitest's JSON reporter wrote
// for the Electron spec on a machine without the Electron binary (copied from a real run, path made absolute here).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { skippedLines } from '../../scripts/test-summary.js';

const ROOT = join(import.meta.dirname, '..', '..');
const reason = 'the Electron binary was never downloaded: package.json "allowScripts" keeps npm from running electron\'s install script';

describe('npm test summary', () => {
  it('prints the skip reason from the describe title of every skipped group, once per group', () => {
    const report = {
      testResults: [
        {
          name: join(ROOT, 'tests/e2e/electron.e2e.test.ts'),
          assertionResults: [
            { ancestorTitles: [`Electron desktop app — skipped: ${reason}`], title: 'opens a sandboxed window', status: 'skipped' },
            { ancestorTitles: [`Electron desktop app — skipped: ${reason}`], title: 'refuses navigation away', status: 'skipped' },
          ],
        },
        { name: join(ROOT, 'tests/e2e/app.e2e.test.ts'), assertionResults: [{ ancestorTitles: ['app'], title: 'opens', status: 'passed' }] },
      ],
    };
    expect(skippedLines('e2e', report, ROOT)).toEqual([`  e2e: tests/e2e/electron.e2e.test.ts › Electron desktop app — skipped: ${reason} (2 tests)`]);
  });
});
