/** Messages of the chats domain (analysis, suggestions, text models), in English and Simplified Chinese. */
import type { Catalog } from '../i18n';

/** The chats catalogue (use with `tr`). */
export const chatMessages: Catalog = {
  en: {
    no_column: "{file} has no column '{column}'. Columns: {columns}",
    no_labelled_rows: '{file} has no rows with both a text and a label',
    bad_label: "label '{label}' is neither a polarity (0/1, neg/pos, negative/positive, 差评/好评) nor an emotion (angry, anxious, disappointed, confused, satisfied, neutral)",
    no_conversation: 'No conversation {id} in this store',
    no_article: 'No knowledge-base article {slug}',
    phase_analysing: 'analysing',
    phase_training: 'training',
  },
  zh: {
    no_column: "{file} 中没有列 '{column}'。现有列：{columns}",
    no_labelled_rows: '{file} 中没有同时包含文本和标签的行',
    bad_label: "标签 '{label}' 既不是情感极性（0/1、neg/pos、negative/positive、差评/好评），也不是情绪（angry、anxious、disappointed、confused、satisfied、neutral）",
    no_conversation: '本店铺中没有会话 {id}',
    no_article: '没有知识库文章 {slug}',
    phase_analysing: '分析中',
    phase_training: '训练中',
  },
};
