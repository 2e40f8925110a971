/** Customer-service chat operations: analyse, list, read, suggest, KB, analytics, and the text models' evaluate/train. */
import { resolve } from 'node:path';
import { z } from 'zod';
import { chatAnalytics } from '../../chats/analytics';
import { AnalyzeParams, TrainTextInput } from '../../chats/params';
import { deleteKb, KbArticleInput, listKb, saveKb } from '../../chats/kb';
import { opPath } from '../../security/path-policy';
import { defineOp } from '../contract';

/** The conversation and text-model code loads the TensorFlow.js models: imported when an op needs it, so opening a store stays light. */
const conversations = () => import('../../chats/conversations');
const textTasks = () => import('../../chats/text-tasks');
const storeModels = () => import('../../chats/store-models');

const ConvRef = z.union([z.number().int().positive(), z.string().min(1).max(200)]);

/** Chat operations. */
export const chatOps = {
  'chats.analyze': defineOp({
    summary: 'Run sentiment, emotion, intent, slots and dialogue state over the imported conversations; a job with progress',
    input: AnalyzeParams,
    run: (input, { engine, lang }) => engine.jobs.start('chats.analyze', input, { lang }),
  }),
  'chats.list': defineOp({
    summary: 'Conversations with intent and emotion badges, channel and waiting time; filters and search (any language)',
    input: z.object({
      search: z.string().max(200).optional(), intent: z.string().max(80).optional(), emotion: z.string().max(40).optional(),
      channel: z.string().max(80).optional(), status: z.enum(['open', 'closed']).optional(),
      limit: z.number().int().min(1).max(500).default(100), offset: z.number().int().min(0).default(0),
    }),
    run: async (input, { engine }) => (await conversations()).listConversations(engine.store.db, input),
  }),
  'chats.get': defineOp({
    summary: 'One conversation: messages with their analysis and the dialogue state',
    input: z.object({ conversation: ConvRef }),
    run: async (input, { engine, lang }) => {
      const c = await conversations();
      return c.getConversation(engine.store.db, c.conversationId(engine.store.db, input.conversation, lang));
    },
  }),
  'chats.suggest': defineOp({
    summary: 'Suggested replies for a conversation: KB articles ranked for its intent and state, filled with live store facts',
    input: z.object({ conversation: ConvRef, limit: z.number().int().min(1).max(10).default(3), lang: z.enum(['zh', 'en']).optional() }),
    run: async (input, { engine, lang }) => {
      const c = await conversations();
      return c.suggestForConversation(engine.store.db, c.conversationId(engine.store.db, input.conversation, lang), { limit: input.limit, lang: input.lang });
    },
  }),
  'chats.useSuggestion': defineOp({
    summary: 'Record that a suggested reply was copied (edited or not), for the before/after response-time analytics',
    input: z.object({ conversation: ConvRef, slug: z.string().min(1).max(120), edited: z.boolean().default(false) }),
    run: async (input, { engine, lang }) => {
      const id = (await conversations()).conversationId(engine.store.db, input.conversation, lang);
      engine.store.db.prepare('INSERT INTO suggestion_uses (conversation_id, article_slug, edited, used_at) VALUES (?, ?, ?, ?)').run(id, input.slug, input.edited ? 1 : 0, new Date().toISOString().slice(0, 19));
      return { ok: true };
    },
  }),
  'chats.analytics': defineOp({
    summary: 'Response and resolution times, volume by intent and channel, sentiment trend, complaint products, response times before/after suggestions',
    input: z.object({ from: z.string().regex(/^\d{4}-\d{2}-\d{2}/).optional() }),
    run: (input, { engine }) => chatAnalytics(engine.store.db, input),
  }),
  'kb.list': defineOp({
    summary: 'Knowledge-base articles with their channel variants',
    input: z.object({}),
    run: (_input, { engine }) => listKb(engine.store.db),
  }),
  'kb.save': defineOp({
    summary: 'Create a knowledge-base article (no id: an existing slug is a conflict) or edit the one with that id, with its channel variants; unknown placeholders are refused',
    input: KbArticleInput,
    run: (input, { engine, lang }) => ({ id: saveKb(engine.store.db, input, new Date().toISOString().slice(0, 19), lang) }),
  }),
  'kb.delete': defineOp({
    summary: 'Delete a knowledge-base article and its channel variants by slug',
    // Any stored slug: an imported article's id may hold characters the editor does not allow for new ones.
    input: z.object({ slug: z.string().min(1).max(200) }),
    run: (input, { engine, lang }) => deleteKb(engine.store.db, input.slug, lang),
  }),
  'text.evaluate': defineOp({
    summary: 'Score the sentiment or intent model on a labelled file: accuracy, macro-F1, per class, ms per message',
    input: z.object({ task: z.enum(['sentiment', 'intents']), csv: z.string().min(1), text: z.string().min(1), label: z.string().min(1), model: z.string().min(1).optional() }),
    needsStore: false,
    run: async (input, ctx) => {
      const { evaluateText, readLabelled } = await textTasks();
      const file = await readLabelled(opPath(ctx, input.csv, { base: process.cwd(), use: 'read' }), input.text, input.label, ctx.lang);
      return evaluateText(input.task, file, input.model ? opPath(ctx, input.model, { base: process.cwd(), use: 'read' }) : undefined, ctx.lang);
    },
  }),
  'text.columns': defineOp({
    summary: 'The columns of a file to train or adapt a text model on, with the text and label columns picked by name (text/message/内容, label/intent/标签)',
    input: z.object({ csv: z.string().min(1).max(4096) }),
    needsStore: false,
    run: async (input, ctx) => (await import('../../chats/text-columns')).textColumns(opPath(ctx, input.csv, { base: process.cwd(), use: 'read' }), ctx.lang),
  }),
  'text.train': defineOp({
    summary: "Fine-tune the sentiment model or train an intent model on the merchant's labelled file (or adapt the sentiment model to unlabelled texts); a job reporting the held-out score. Without out, a new folder beside the store",
    input: TrainTextInput,
    run: async (input, ctx) => {
      const csv = opPath(ctx, input.csv, { base: process.cwd(), use: 'read' });
      // A folder the engine chose itself needs no grant; one the caller names does.
      const out = input.out ? opPath(ctx, input.out, { base: process.cwd(), use: 'write' }) : (await storeModels()).trainedModelDir(ctx.engine.store.path, ctx.engine.options.dataDir, input.task);
      return ctx.engine.jobs.start('text.train', { ...input, csv, out }, { lang: ctx.lang });
    },
  }),
  'text.models': defineOp({
    summary: "Which sentiment and intent models the store's analysis uses: its own (set with text.useModel) or the shipped ones",
    input: z.object({}),
    run: async (_input, { engine, lang }) => {
      const m = await storeModels();
      return { sentiment: await m.activeTextModel(engine.store.path, 'sentiment', lang), intents: await m.activeTextModel(engine.store.path, 'intents', lang) };
    },
  }),
  'text.useModel': defineOp({
    summary: "Make the store's chat analysis use a trained or adapted model folder (copied beside the store), or the shipped model again (dir null)",
    input: z.object({ task: z.enum(['sentiment', 'intents']), dir: z.string().min(1).max(4096).nullable() }),
    run: async (input, ctx) => {
      const m = await storeModels();
      // The window may also read the models it trained beside the store (text.train without out).
      const dir = input.dir === null ? null : m.inStoreModels(ctx.engine.store.path, input.dir) ? resolve(input.dir) : opPath(ctx, input.dir, { base: process.cwd(), use: 'read' });
      return m.useTextModel(ctx.engine.store.path, input.task, dir, ctx.lang);
    },
  }),
};
