/** `desk import KIND FILE --store FILE [...]`: import a file with a progress bar; one-line errors naming file, row and column. */
import { resolve } from 'node:path';
import { EngineError } from '../../errors';
import type { ImportResult } from '../../import/runner';
import { IMPORT_KIND_NAMES } from '../../import/kinds/index';
import { printJson, runJobWithProgress, str, type Command, type CommandArgs } from '../io';
import { withStore } from '../store-arg';

function parseMap(args: CommandArgs): Record<string, string> | undefined {
  const raw = args.flags.map;
  const list = Array.isArray(raw) ? raw : typeof raw === 'string' ? [raw] : [];
  if (!list.length) return undefined;
  const out: Record<string, string> = {};
  for (const item of list) {
    const eq = item.lastIndexOf('=');
    if (eq <= 0 || eq === item.length - 1) throw new EngineError('user_error', `--map ${item}: expected SOURCE_COLUMN=FIELD`);
    out[item.slice(0, eq).trim()] = item.slice(eq + 1).trim();
  }
  return out;
}

function summary(r: ImportResult): string {
  const lines = [
    `${r.dryRun ? 'Dry run (nothing written)' : 'Imported'} ${r.kind} from ${r.file}`,
    `  format ${r.format}${r.encoding ? `, ${r.encoding}` : ''}${r.delimiter ? `, delimiter ${JSON.stringify(r.delimiter)}` : ''}`,
    `  rows ${r.rowsTotal}: ${r.inserted} inserted, ${r.updated} updated, ${r.unchanged} unchanged, ${r.rejected} rejected`,
    `  columns ${r.mapping.map((m) => `${m.column}→${m.field}`).join(', ')}`,
  ];
  if (r.rejectsFile) lines.push(`  rejected rows written to ${r.rejectsFile}`);
  for (const x of r.rejects.slice(0, 5)) lines.push(`  row ${x.row}, ${x.column}: ${x.reason} ('${x.value}')`);
  return lines.join('\n');
}

/** The import command. */
export const importCommand: Command = {
  name: 'import',
  usage: `desk import KIND FILE --store FILE [--map SRC=FIELD]... [--encoding E] [--date-format dmy|mdy|ymd|iso|excel] [--dry-run] [--skip-invalid] [--rejects FILE] [--json]`,
  summary: `Import a CSV, TSV or XLSX file (KIND: ${IMPORT_KIND_NAMES.join(', ')})`,
  flags: { store: 'string', map: 'multi', encoding: 'string', 'date-format': 'string', 'dry-run': 'boolean', 'skip-invalid': 'boolean', rejects: 'string' },
  run: (args) => {
    const [kind, file] = args.positionals;
    if (!kind || !file) throw new EngineError('user_error', `desk import: KIND and FILE are required. Usage: ${importCommand.usage}`);
    if (!IMPORT_KIND_NAMES.includes(kind)) throw new EngineError('user_error', `desk import: unknown kind '${kind}'. Kinds: ${IMPORT_KIND_NAMES.join(', ')}`);
    const rejects = str(args, 'rejects');
    const params = {
      kind,
      path: resolve(file),
      encoding: str(args, 'encoding'),
      map: parseMap(args),
      dateFormat: str(args, 'date-format'),
      dryRun: args.flags['dry-run'] === true,
      skipInvalid: args.flags['skip-invalid'] === true,
      rejectsPath: rejects ? resolve(rejects) : undefined,
    };
    return withStore(args, 'import', async (engine) => {
      const job = await runJobWithProgress(engine, () => engine.invoke('import.run', params), `import ${kind}`);
      const result = job.result as ImportResult;
      if (args.json) printJson({ ok: true, jobId: job.jobId, result });
      else process.stdout.write(summary(result) + '\n');
    });
  },
};
