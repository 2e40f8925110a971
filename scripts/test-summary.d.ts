/** Types of scripts/test-summary.js. */

/** The part of Vitest's JSON report the summary reads. */
export interface VitestJsonReport {
  testResults?: { name: string; assertionResults?: { ancestorTitles: string[]; title: string; status: string }[] }[];
}
/** One line per skipped group: `suite: file › describe titles (N tests)`. */
export declare function skippedLines(suite: string, report: VitestJsonReport, root: string): string[];
