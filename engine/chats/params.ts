/** Parameters of the chat jobs, apart from the jobs themselves so the op table loads no model code. */
import { z } from 'zod';

/** Parameters of 'chats.analyze'. */
export const AnalyzeParams = z.object({ conversationIds: z.array(z.number().int().positive()).max(100000).optional() });

/** Parameters of 'text.train'. */
export const TrainTextParams = z
  .object({
    task: z.enum(['sentiment', 'intents']),
    csv: z.string().min(1),
    text: z.string().min(1),
    /** The label column; not used when adapting (the texts are unlabelled). */
    label: z.string().min(1).optional(),
    out: z.string().min(1),
    epochs: z.number().int().min(1).max(50).optional(),
    /** Adapt the shipped sentiment model to the file's unlabelled texts (models/text/adapt.ts) instead of training on labels. */
    adapt: z.boolean().optional(),
  })
  .refine((p) => (p.adapt ? p.task === 'sentiment' : p.label !== undefined), { message: 'label is required (adapt: sentiment only, no label)' });
