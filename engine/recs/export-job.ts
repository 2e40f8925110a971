/** Job kind 'recs.export': writes every customer's list to a file in a worker thread, with progress (rows written of all). */
import { z } from 'zod';
import type { JobRunner } from '../jobs/types';
import { exportRecs } from './export';

// The path was checked and resolved by the op that started the job (engine/api/ops/recs.ts).
const Params = z.object({ path: z.string().min(1), k: z.number().int().min(1).max(50), tail: z.number().min(0).max(2), list: z.enum(['recommended', 'revisit']), headers: z.enum(['machine', 'human']).default('machine') });

/**
 * Runs 'recs.export': customers read, then rows written, each phase in both languages; cancellable until the file is in
 * place (a cancelled export leaves no file, not even part of one).
 */
export const runRecsExportJob: JobRunner = async (raw, ctx) => {
  const p = Params.parse(raw);
  return exportRecs(ctx.db, ctx.lang, p.path, p.k, p.tail, p.list, { progress: (done, total, phase) => ctx.progress(done, total, phase), checkCancelled: () => ctx.checkCancelled(), headers: p.headers });
};
