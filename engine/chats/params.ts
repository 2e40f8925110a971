/** Parameters of the chat jobs, apart from the jobs themselves so the op table loads no model code. */
import { z } from 'zod';
import { i18nIssue } from '../zod-messages';

/** Parameters of 'chats.analyze'. */
export const AnalyzeParams = z.object({ conversationIds: z.array(z.number().int().positive()).max(100000).optional() });

const TrainTextFields = z.object({
  task: z.enum(['sentiment', 'intents']),
  csv: z.string().min(1),
  text: z.string().min(1),
  /** The label column; not used when adapting (the texts are unlabelled). */
  label: z.string().min(1).optional(),
  out: z.string().min(1),
  epochs: z.number().int().min(1).max(50).optional(),
  /** Adapt the shipped sentiment model to the file's unlabelled texts (models/text/adapt.ts) instead of training on labels. */
  adapt: z.boolean().optional(),
});
const hasLabel = (p: { adapt?: boolean; task: string; label?: string }): boolean => (p.adapt ? p.task === 'sentiment' : p.label !== undefined);
const LABEL_RULE = i18nIssue('label_required');

/** Parameters of the 'text.train' job. */
export const TrainTextParams = TrainTextFields.refine(hasLabel, LABEL_RULE);

/** Input of the 'text.train' op: `out` may be left out, and a new folder beside the store is chosen (store-models.ts `trainedModelDir`). */
export const TrainTextInput = TrainTextFields.extend({ out: z.string().min(1).max(4096).optional() }).refine(hasLabel, LABEL_RULE);
