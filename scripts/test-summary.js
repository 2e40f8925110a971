// Lines for the end of `npm test`: every skipped test group with its reason (a skipped group's describe title says
// why, e.g. "Electron desktop app — skipped: …"), read from Vitest's JSON report.
import { relative } from 'node:path';

/** One line per skipped group: `suite: file › describe titles (N tests)`. */
export function skippedLines(suite, report, root) {
  const groups = new Map();
  for (const file of report.testResults ?? []) {
    for (const a of file.assertionResults ?? []) {
      if (a.status !== 'skipped' && a.status !== 'pending' && a.status !== 'todo') continue;
      const where = [relative(root, file.name), ...(a.ancestorTitles.length ? a.ancestorTitles : [a.title])].join(' › ');
      groups.set(where, (groups.get(where) ?? 0) + 1);
    }
  }
  return [...groups].map(([where, n]) => `  ${suite}: ${where} (${n} test${n === 1 ? '' : 's'})`);
}
