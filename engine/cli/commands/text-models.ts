/** `desk sentiment evaluate|train` and `desk intents train|evaluate`: score or train the text models on a labelled CSV/XLSX file. */
import { basename, resolve } from 'node:path';
import { EngineError } from '../../errors';
import { tr } from '../../i18n';
import type { TextAdaptation, TextEvaluation, TextTask, TextTraining } from '../../chats/text-tasks';
import { chatsCliMessages } from '../chats-messages';
import { printJson, progressBar, required, str, type Command, type CommandArgs } from '../io';

const w = (s: string): boolean => process.stdout.write(s + '\n');
const f3 = (v: number): string => v.toFixed(3);

async function evaluate(task: TextTask, args: CommandArgs): Promise<unknown> {
  const cmd = `${task === 'intents' ? 'intents' : 'sentiment'} evaluate`;
  const csv = resolve(required(args, 'csv', cmd));
  const text = required(args, 'text', cmd);
  const label = required(args, 'label', cmd);
  const model = str(args, 'model');
  const { evaluateText, readLabelled } = await import('../../chats/text-tasks');
  const file = await readLabelled(csv, text, label, args.lang);
  const r: TextEvaluation = await evaluateText(task, file, model ? resolve(model) : undefined, args.lang);
  if (args.json) return printJson(r);
  const t = (k: string, p: Record<string, unknown>): string => tr(chatsCliMessages, args.lang, k, p);
  // The task and label scheme as words of the reader's language (情感（极性）), the codes in English.
  w(t('eval_head', { task: t(`task_${task}`, {}), scheme: t(`scheme_${r.scheme}`, {}), rows: r.rows, unsupported: r.unsupported, accuracy: f3(r.accuracy), f1: f3(r.macroF1), ms: r.msPerMessage.toFixed(3) }));
  if (r.skipped > 0) w(t('eval_skipped', { n: r.skipped }));
  // Where each unknown label is first used: the file, its row and the label column.
  for (const u of r.unknownLabels) w(u.row !== undefined ? t('eval_unknown_at', { ...u, file: basename(csv) }) : t('eval_unknown', u));
  for (const c of r.perClass) w(t('eval_class', { label: c.label, p: f3(c.precision), r: f3(c.recall), f1: f3(c.f1), n: c.support }));
}

async function train(task: TextTask, args: CommandArgs): Promise<unknown> {
  const cmd = `${task === 'intents' ? 'intents' : 'sentiment'} train`;
  const csv = resolve(required(args, 'csv', cmd));
  const text = required(args, 'text', cmd);
  const label = required(args, 'label', cmd);
  const out = resolve(required(args, 'out', cmd));
  const { readLabelled, trainText } = await import('../../chats/text-tasks');
  const file = await readLabelled(csv, text, label, args.lang);
  const draw = progressBar(tr(chatsCliMessages, args.lang, 'job_train', {}), args.lang);
  // The same training the 'text.train' job runs, here in the CLI process (no store is needed), with a progress bar on stderr.
  const r: TextTraining = await trainText(task, file, out, args.lang, {
    progress: (d, t, phase) => draw({ jobId: '', kind: 'text.train', status: d >= t ? 'succeeded' : 'running', done: d, total: t, phase, etaSeconds: null }),
  });
  if (args.json) return printJson(r);
  w(tr(chatsCliMessages, args.lang, 'trained', { out: r.out, train: r.trainRows, accuracy: f3(r.heldOut.accuracy), f1: f3(r.heldOut.macroF1), n: r.heldOut.n }));
}

async function adapt(args: CommandArgs): Promise<unknown> {
  const csv = resolve(required(args, 'csv', 'sentiment adapt'));
  const text = required(args, 'text', 'sentiment adapt');
  const out = resolve(required(args, 'out', 'sentiment adapt'));
  const { adaptText, readTexts } = await import('../../chats/text-tasks');
  const texts = await readTexts(csv, text, args.lang);
  const draw = progressBar(tr(chatsCliMessages, args.lang, 'job_adapt', {}), args.lang);
  const r: TextAdaptation = await adaptText(texts, out, args.lang, {
    progress: (d, t, phase) => draw({ jobId: '', kind: 'text.train', status: d >= t ? 'succeeded' : 'running', done: d, total: t, phase, etaSeconds: null }),
  });
  if (args.json) return printJson(r);
  const pct = (v: number): string => `${(v * 100).toFixed(1)}%`;
  w(tr(chatsCliMessages, args.lang, 'adapted', { out: r.out, texts: r.texts, supported: r.supported, self: r.selfLabelled, before: pct(r.positiveShare.before), after: pct(r.positiveShare.after) }));
}

function textCommand(task: TextTask, name: 'sentiment' | 'intents', summary: Command['summary']): Command {
  const cmd: Command = {
    name,
    usage: `desk ${name} evaluate --csv FILE --text COL --label COL [--model DIR] [--json] | desk ${name} train --csv FILE --text COL --label COL --out DIR [--json]${task === 'sentiment' ? ' | desk sentiment adapt --csv FILE --text COL --out DIR [--json]' : ''}`,
    summary,
    flags: { csv: 'string', text: 'string', label: 'string', model: 'string', out: 'string' },
    run: async (args) => {
      const sub = args.positionals[0];
      if (sub === 'evaluate') return evaluate(task, args);
      if (sub === 'train') return train(task, args);
      if (sub === 'adapt' && task === 'sentiment') return adapt(args);
      throw new EngineError('user_error', tr(chatsCliMessages, args.lang, 'sub', { cmd: name, sub: sub ?? '', subs: task === 'sentiment' ? 'evaluate, train, adapt' : 'evaluate, train', usage: cmd.usage }));
    },
  };
  return cmd;
}

/** The sentiment command. */
export const sentimentCommand = textCommand('sentiment', 'sentiment', {
  en: 'Score the sentiment model on labelled messages (0/1, neg/pos, 差评/好评 or emotion names), or fine-tune it on them',
  zh: '用带标签的消息（0/1、neg/pos、差评/好评或情绪名）评估情感模型，或在其上微调',
});

/** The intents command. */
export const intentsCommand = textCommand('intents', 'intents', {
  en: 'Train an intent model on any labelled file (your own intents), or score one: accuracy, macro-F1, per intent',
  zh: '用任意带标签的文件（自定义意图）训练意图模型，或评估：准确率、宏平均 F1、各意图',
});
