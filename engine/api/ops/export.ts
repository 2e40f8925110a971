/** Export operations: marketplace price lists, their formats, and saved column mappings. */
import { basename, extname, isAbsolute, join, relative } from 'node:path';
import { z } from 'zod';
import { EngineError } from '../../errors';
import { listMappings, mappingInput, saveMapping } from '../../export/mappings';
import { exportCatalog } from '../../export/messages';
import { tr } from '../../i18n';
import { runExport } from '../../export/run';
import { FORMAT_INFO } from '../../export/target-name';
import { EXPORT_ENCODINGS, EXPORT_FIELDS, EXPORT_FORMATS } from '../../export/types';
import { defineOp } from '../contract';
import { opPath } from '../../security/path-policy';
import { i18nIssue } from '../validate';

/** File extensions each format may be written with. */
const ALLOWED_EXT: Record<(typeof EXPORT_FORMATS)[number], string[]> = {
  amazon: ['txt', 'tsv', 'csv'],
  shopify: ['csv'],
  ebay: ['csv'],
  woocommerce: ['csv'],
  csv: ['csv', 'txt'],
  xlsx: ['xlsx'],
};

/** Export operations. */
export const exportOps = {
  'export.formats': defineOp({
    summary: 'Export formats, encodings and the fields a column mapping can use',
    input: z.object({}),
    needsStore: false,
    run: () => ({ formats: FORMAT_INFO, encodings: EXPORT_ENCODINGS, fields: EXPORT_FIELDS }),
  }),
  'export.run': defineOp({
    summary: 'Write a price list for a marketplace (onlyChanged: since the last export there; since: price changed on or after a date); rows that would break a guardrail are held back and listed',
    input: z.object({
      format: z.enum(EXPORT_FORMATS),
      path: z.string().min(1).optional(),
      /** Absent: a csv with a mapping or preset takes the encoding it remembers (Taobao: GB18030), anything else UTF-8. */
      encoding: z.enum(EXPORT_ENCODINGS).optional(),
      onlyChanged: z.boolean().default(false),
      since: z
        .string()
        .refine((d) => /^\d{4}-\d{2}-\d{2}$/.test(d), i18nIssue('must_be_ymd'))
        .refine((d) => !Number.isNaN(Date.parse(d)) && new Date(Date.parse(d)).toISOString().startsWith(d), i18nIssue('not_calendar_date'))
        .nullable()
        .default(null),
      mappingId: z.number().int().positive().optional(),
      preset: z.string().optional(),
      options: z
        .object({
          shopifyLegacy: z.boolean(),
          amazonMinMax: z.boolean(),
          // Refusals in words ("a 3-letter currency code in capitals, e.g. USD"), not the pattern.
          ebaySiteId: z.string().refine((v) => /^[A-Za-z0-9]+$/.test(v), i18nIssue('ebay_site_id')),
          ebayCountry: z.string().refine((v) => /^[A-Z]{2}$/.test(v), i18nIssue('country_code')),
          ebayCurrency: z.string().refine((v) => /^[A-Z]{3}$/.test(v), i18nIssue('currency_code')),
          ebayKey: z.enum(['auto', 'itemid', 'customlabel']),
        })
        .partial()
        .default({}),
    }),
    run: (input, ctx) => {
      const { engine, lang } = ctx;
      const ext = FORMAT_INFO.find((f) => f.id === input.format)?.ext ?? 'csv';
      const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
      const exportsDir = join(engine.options.dataDir, 'exports');
      const path = input.path
        ? opPath(ctx, input.path, { base: exportsDir, use: 'write' })
        : join(exportsDir, `${basename(engine.store.path, '.db')}-${input.format}-${stamp}.${ext}`);
      // A price list may only land where one belongs: a relative name stays inside the exports folder, and
      // the file keeps its format's extension (a bad path can never overwrite a script or a config file).
      const allowed = ALLOWED_EXT[input.format];
      const inside = isAbsolute(input.path ?? '') || !relative(exportsDir, path).startsWith('..');
      if (!inside || !allowed.includes(extname(path).slice(1).toLowerCase())) {
        throw new EngineError('user_error', tr(exportCatalog, lang, 'bad_path', { path: input.path ?? path, ext: allowed.map((e) => `.${e}`).join(', ') }), { path: input.path });
      }
      return runExport(engine.store.db, { ...input, path });
    },
  }),
  'export.mappings.list': defineOp({
    summary: 'Saved column mappings, then the built-in presets (Taobao, JD, Pinduoduo, other) to start from',
    input: z.object({}),
    run: (_i, { engine }) => listMappings(engine.store.db),
  }),
  'export.mappings.save': defineOp({
    summary: 'Save a column mapping (new, or update by id)',
    input: mappingInput,
    run: (input, { engine }) => saveMapping(engine.store.db, input),
  }),
};
