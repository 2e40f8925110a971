/** Import operations: preview a file, run an import as a job, list past runs, describe the kinds. */
import { basename, dirname, join } from 'node:path';
import { isFile, isFolder } from '../../fs/checks';
import { kindOrThrow } from '../../import/setup';
import { z } from 'zod';
import { EngineError } from '../../errors';
import { tr } from '../../i18n';
import { importMessages } from '../../import/messages';
import { listImportRuns } from '../../db/queries/import_runs';
import { localiseStoredError } from '../../db/reconcile';
import { DATE_FORMATS, type DateFormat } from '../../import/dates';
import { importKinds } from '../../import/kinds/index';
import { previewImport } from '../../import/preview';
import { ImportParams, type MapAdvice } from '../../import/setup';
import { defineOp } from '../contract';
import { opPath } from '../../security/path-policy';
import { makeDirs } from '../../fs/mkdirs';
import { shownFileName } from '../../fs/upload-name';

/** Import operations. */
export const importOps = {
  'import.kinds': defineOp({
    summary: 'Import kinds with their fields, required flags and header synonyms in both languages',
    input: z.object({}),
    needsStore: false,
    run: () =>
      importKinds.map((k) => ({
        name: k.name,
        label: k.label,
        fields: k.fields.map((f) => ({
          name: f.name, type: f.type, required: f.required === true && f.default === undefined, label: f.label,
          synonyms: [...f.synonyms], values: f.values ? [...f.values] : undefined, default: f.default,
        })),
      })),
  }),
  'import.preview': defineOp({
    summary: 'Detect encoding, delimiter, format and column mapping of a file and show its first rows',
    input: z.object({
      kind: z.string().min(1),
      path: z.string().min(1),
      encoding: z.string().min(1).optional(),
      map: z.record(z.string(), z.string()).optional(),
      dateFormat: z.enum(DATE_FORMATS as [DateFormat, ...DateFormat[]]).optional(),
    }),
    needsStore: false,
    run: (input, ctx) => previewImport({ ...input, path: opPath(ctx, input.path, { base: process.cwd(), use: 'read' }) }, ctx.lang),
  }),
  'import.run': defineOp({
    summary: 'Import a file as a job (all-or-nothing unless skipInvalid; dryRun writes nothing)',
    input: ImportParams,
    run: (input, ctx) => {
      const { engine, lang } = ctx;
      const path = opPath(ctx, input.path, { base: process.cwd(), use: 'read' });
      // A missing file is answered at once rather than as a failed job (a folder only where the kind reads one: kb).
      if (!isFile(path) && !(kindOrThrow(input.kind, lang).acceptsFolder && isFolder(path))) {
        throw new EngineError('user_error', tr(importMessages, lang, isFolder(path) ? 'file_is_folder' : 'file_not_found', { file: path }), { file: path });
      }
      const rejectsPath = input.rejectsPath
        ? opPath(ctx, input.rejectsPath, { base: process.cwd(), use: 'write' })
        : input.skipInvalid && !input.dryRun && ctx.caller.kind === 'ui'
          ? // The window may not write beside a file picked elsewhere (and uploads are deleted): rejects go to the data folder.
            join(engine.options.dataDir, 'rejects', `${basename(path)}.rejects.csv`)
          : undefined;
      if (rejectsPath) makeDirs(dirname(rejectsPath));
      // The app's window has no --map: its messages point at the wizard's column menus instead.
      const advice: MapAdvice = ctx.caller.kind === 'ui' ? 'wizard' : 'cli';
      return engine.jobs.start('import', { ...input, path, ...(rejectsPath ? { rejectsPath } : {}), advice }, { lang });
    },
  }),
  'import.history': defineOp({
    summary: 'Past imports, newest first',
    input: z.object({ limit: z.number().int().min(1).max(1000).default(50), kind: z.string().optional() }),
    run: (input, { engine, lang }) =>
      listImportRuns(engine.store.db, input.limit, input.kind).map((r) => {
        // An import a stopped app interrupted carries its reason in both languages.
        const rep = r.report as { error?: { code: string; message: string; details?: unknown } } | null;
        // `name`: the file as the user named it (an upload's stored name loses its time-tag prefix).
        const run = { ...r, name: shownFileName(r.file) };
        return rep?.error ? { ...run, report: { ...rep, error: localiseStoredError(rep.error, lang) } } : run;
      }),
  }),
};
