/** `desk chats analyze|suggest|kb-list|kb-delete --store FILE`: analyse imported conversations; suggested replies for one conversation; list or delete knowledge-base articles. */
import { EngineError } from '../../errors';
import { tr } from '../../i18n';
import type { AnalyseResult } from '../../chats/analysis/run';
import type { ConversationSuggestions } from '../../chats/conversations';
import type { KbArticle } from '../../chats/kb';
import { chatCodeLabel } from '../../chats/labels';
import { statusWords } from '../../chats/suggest/fill';
import { chatsCliMessages } from '../chats-messages';
import { resolve } from 'node:path';
import { num, printJson, required, runJobWithProgress, str, type Command, type CommandArgs } from '../io';
import { withStore } from '../store-arg';

const w = (s: string): boolean => process.stdout.write(s + '\n');

async function analyze(args: CommandArgs): Promise<unknown> {
  const t = (k: string, p: Record<string, unknown> = {}): string => tr(chatsCliMessages, args.lang, k, p);
  return withStore(args, 'chats analyze', async (engine) => {
    // --sentiment-model / --intent-model DIR: the store keeps a copy and uses it from now on; 'shipped' goes back.
    for (const [flag, task] of [['sentiment-model', 'sentiment'], ['intent-model', 'intents']] as const) {
      const v = str(args, flag);
      if (v) await engine.invoke('text.useModel', { task, dir: v === 'shipped' ? null : resolve(v) });
    }
    const job = await runJobWithProgress(engine, () => engine.invoke('chats.analyze', {}), t('job_analyze'));
    const r = job.result as AnalyseResult;
    if (args.json) return printJson({ ok: true, jobId: job.jobId, result: r });
    // Intents and emotions by name in the reader's language ('Exchange / size 29', '换货/尺码 29'), not their codes.
    const list = (o: Record<string, number>, kind: 'intent' | 'emotion'): string =>
      Object.entries(o).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${chatCodeLabel(kind, k, args.lang)} ${v}`).join(t('list_sep')) || t('none');
    w(t('analyzed', { conversations: r.conversations, messages: r.messages, unsupported: r.unsupported, ms: r.msPerMessage.toFixed(2) }));
    w(t('by_intent', { list: list(r.byIntent, 'intent') }));
    w(t('by_emotion', { list: list(r.byEmotion, 'emotion') }));
    const used = (m: AnalyseResult['models']['sentiment']): string => (m.source === 'store' ? t('model_store', { dir: m.dir }) : t('model_shipped'));
    w(t('models_used', { sentiment: used(r.models.sentiment), intents: used(r.models.intents) }));
    for (const m of [r.models.sentiment, r.models.intents]) if (m.warning) process.stderr.write(m.warning + '\n');
  });
}

async function suggest(args: CommandArgs): Promise<unknown> {
  const t = (k: string, p: Record<string, unknown> = {}): string => tr(chatsCliMessages, args.lang, k, p);
  const ref = required(args, 'conversation', 'chats suggest');
  return withStore(args, 'chats suggest', async (engine) => {
    const conversation = /^\d+$/.test(ref) ? Number(ref) : ref;
    const r = (await engine.invoke('chats.suggest', { conversation, limit: num(args, 'limit', 3) })) as ConversationSuggestions;
    if (args.json) return printJson(r);
    const s = r.state;
    // Every code by its name in the reader's language, as on the screen: 'intent Order status, emotion Satisfied,
    // language Chinese; known order DM…; missing product' / '意图 订单状态，情绪 满意，语言 中文；已知 订单 DM…'.
    const l = (kind: Parameters<typeof chatCodeLabel>[0], code: string | null): string => (code ? chatCodeLabel(kind, code, args.lang) : '—');
    const sep = t('list_sep');
    w(t('state', {
      id: r.externalId,
      intent: l('intent', s.intent),
      emotion: l('emotion', s.emotion),
      lang: l('lang', s.lang),
      slots: Object.entries(s.slots).map(([k, v]) => t('slot_value', { slot: l('slot', k), value: v.value })).join(sep) || t('none'),
      missing: s.missing.map((k) => l('slot', k)).join(sep) || t('none'),
    }));
    if (r.smallTalk) {
      w(t('small_talk', { kind: t(`kind_${r.smallTalk.kind}`) }));
      if (r.smallTalk.reply) w(t('small_talk_reply', { reply: r.smallTalk.reply }));
      return;
    }
    if (r.orderCheck) {
      w(t(`order_${r.orderCheck.kind}`, { order: r.orderCheck.order ?? '' }));
      w(t('small_talk_reply', { reply: r.orderCheck.reply }));
    }
    if (!r.suggestions.length) return r.orderCheck ? undefined : w(t('no_suggestions'));
    r.suggestions.forEach((x, i) => {
      w('');
      w(t('suggestion', { n: i + 1, slug: x.slug, title: x.title, variant: l('channel', x.variant), score: x.score }));
      for (const line of x.text.split('\n')) w(`   ${line}`);
      const value = (f: (typeof x.facts)[number]): string => (f.name === 'order_status' ? statusWords(f.value, args.lang) : f.value);
      if (x.facts.length) w(t('facts', { facts: x.facts.map((f) => t('fact', { name: l('fact', f.name), value: value(f), source: f.source })).join(t('fact_sep')) }));
    });
  });
}

async function kbList(args: CommandArgs): Promise<unknown> {
  const t = (k: string, p: Record<string, unknown> = {}): string => tr(chatsCliMessages, args.lang, k, p);
  return withStore(args, 'chats kb-list', async (engine) => {
    const list = (await engine.invoke('kb.list', {})) as KbArticle[];
    if (args.json) return printJson(list);
    if (!list.length) return w(t('kb_empty'));
    for (const a of list) {
      const title = (args.lang === 'zh' ? a.titleZh ?? a.titleEn : a.titleEn ?? a.titleZh) ?? '';
      w(t('kb_row', { slug: a.slug, title, n: a.variants.length }));
    }
  });
}

async function kbDelete(args: CommandArgs): Promise<unknown> {
  const t = (k: string, p: Record<string, unknown> = {}): string => tr(chatsCliMessages, args.lang, k, p);
  const slug = required(args, 'slug', 'chats kb-delete');
  return withStore(args, 'chats kb-delete', async (engine) => {
    const r = (await engine.invoke('kb.delete', { slug })) as { slug: string; variants: number };
    if (args.json) return printJson({ ok: true, ...r });
    w(t('kb_deleted', { slug: r.slug, n: r.variants }));
  });
}

/** The chats command. */
export const chatsCommand: Command = {
  name: 'chats',
  usage:
    'desk chats analyze --store FILE [--sentiment-model DIR|shipped] [--intent-model DIR|shipped] [--json] | desk chats suggest --store FILE --conversation ID [--limit N] [--json] | desk chats kb-list --store FILE [--json] | desk chats kb-delete --store FILE --slug SLUG [--json]',
  summary: {
    en: 'Customer-service chats: analyse sentiment, emotion, intent and dialogue state; suggest replies from the knowledge base; list or delete its articles (add them with `desk import kb`)',
    zh: '客服会话：分析情感、情绪、意图和对话状态；根据知识库推荐回复；列出或删除知识库文章（用 `desk import kb` 添加）',
  },
  flags: { store: 'string', conversation: 'string', limit: 'string', slug: 'string', 'sentiment-model': 'string', 'intent-model': 'string' },
  run: async (args) => {
    const sub = args.positionals[0];
    switch (sub) {
      case 'analyze':
        return analyze(args);
      case 'suggest':
        return suggest(args);
      case 'kb-list':
        return kbList(args);
      case 'kb-delete':
        return kbDelete(args);
      default:
        throw new EngineError('user_error', tr(chatsCliMessages, args.lang, 'sub', { cmd: 'chats', sub: sub ?? '', subs: 'analyze, suggest, kb-list, kb-delete', usage: chatsCommand.usage }));
    }
  },
};
