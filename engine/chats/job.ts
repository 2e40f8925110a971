/** Job kinds of the chats domain: 'chats.analyze' (analyse every conversation) and 'text.train' (fine-tune a text model). */
import { parentPort } from 'node:worker_threads';
import { both } from '../errors';
import type { JobRunner } from '../jobs/types';
import { analyseConversations } from './analysis/run';
import { chatMessages } from './messages';
import { AnalyzeParams, TrainTextParams } from './params';
import { adaptText, readLabelled, readTexts, trainText } from './text-tasks';

/** The jobs' parameter schemas (defined in params.ts). */
export { AnalyzeParams, TrainTextParams } from './params';

/** Runs the analysis over the store's conversations. */
export const runAnalyzeJob: JobRunner = async (params, ctx) => {
  try {
    const p = AnalyzeParams.parse(params);
    return await analyseConversations(ctx.db, {
      conversationIds: p.conversationIds,
      lang: ctx.lang,
      progress: (d, t) => ctx.progress(d, t, both(chatMessages, 'phase_analysing')),
      checkCancelled: () => ctx.checkCancelled(),
    });
  } finally {
    parentPort?.unref();
  }
};

/** Trains a text model on a labelled file and saves it. */
export const runTrainTextJob: JobRunner = async (params, ctx) => {
  try {
    const p = TrainTextParams.parse(params);
    if (p.adapt) {
      const texts = await readTexts(p.csv, p.text, ctx.lang);
      return await adaptText(texts, p.out, ctx.lang, {
        progress: (d, t) => ctx.progress(d, t, both(chatMessages, 'phase_adapting')),
        checkCancelled: () => ctx.checkCancelled(),
      });
    }
    const file = await readLabelled(p.csv, p.text, p.label ?? '', ctx.lang);
    return await trainText(p.task, file, p.out, ctx.lang, {
      epochs: p.epochs,
      progress: (d, t) => ctx.progress(d, t, both(chatMessages, 'phase_training')),
      checkCancelled: () => ctx.checkCancelled(),
    });
  } finally {
    parentPort?.unref();
  }
};
