/** CLI text of the chats, sentiment and intents commands, in English and Simplified Chinese. */
import type { Catalog } from '../i18n';

/** The chats CLI catalogue (use with `tr`). */
export const chatsCliMessages: Catalog = {
  en: {
    sub: "desk {cmd}: unknown sub-command '{sub}'; use {subs}. Usage: {usage}",
    job_analyze: 'analysing conversations',
    job_train: 'training',
    analyzed: '{conversations} conversations, {messages} messages analysed ({unsupported} customer messages in an unsupported language); {ms} ms per message',
    by_intent: '  by intent: {list}',
    by_emotion: '  by emotion: {list}',
    state: 'Conversation {id}: intent {intent}, emotion {emotion}, language {lang}; slots {slots}; missing {missing}',
    suggestion: '{n}. [{slug}] {title} ({variant}, score {score})',
    facts: '   facts: {facts}',
    no_suggestions: 'No knowledge-base article matches; import articles with `desk import kb FILE --store FILE`.',
    eval_head: '{task} ({scheme}) on {rows} rows ({unsupported} in an unsupported language, not scored): accuracy {accuracy}, macro-F1 {f1}, {ms} ms per message',
    eval_class: '  {label}: precision {p}, recall {r}, F1 {f1}, n {n}',
    trained: 'Saved to {out}: trained on {train} rows, held-out accuracy {accuracy}, macro-F1 {f1} on {n} rows',
    none: 'none',
  },
  zh: {
    sub: "desk {cmd}：不认识的子命令“{sub}”；可用 {subs}。用法：{usage}",
    job_analyze: '分析会话',
    job_train: '训练',
    analyzed: '已分析 {conversations} 个会话、{messages} 条消息（{unsupported} 条客户消息语言不受支持）；每条消息 {ms} 毫秒',
    by_intent: '  按意图：{list}',
    by_emotion: '  按情绪：{list}',
    state: '会话 {id}：意图 {intent}，情绪 {emotion}，语言 {lang}；槽位 {slots}；缺少 {missing}',
    suggestion: '{n}. [{slug}] {title}（{variant}，得分 {score}）',
    facts: '   事实：{facts}',
    no_suggestions: '没有匹配的知识库文章；请用 `desk import kb FILE --store FILE` 导入文章。',
    eval_head: '{task}（{scheme}）共 {rows} 行（{unsupported} 行语言不受支持，未计分）：准确率 {accuracy}，宏平均 F1 {f1}，每条 {ms} 毫秒',
    eval_class: '  {label}：精确率 {p}，召回率 {r}，F1 {f1}，样本 {n}',
    trained: '已保存到 {out}：训练 {train} 行，留出集准确率 {accuracy}，宏平均 F1 {f1}（{n} 行）',
    none: '无',
  },
};
