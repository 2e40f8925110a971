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
    phase_adapting: 'adapting',
    model_unreadable: 'No usable text model in {dir}: {reason}',
    model_wrong_task: 'The model in {dir} is not a sentiment model: {reason}',
    model_needs_file: 'A store kept in memory cannot keep its own text model; open a store file',
    model_fallback: "The store's own model in {dir} could not be read ({reason}); the shipped model is used",
    no_texts: '{file} has no non-empty text in the column',
    too_few_texts: 'Only {n} texts in Chinese or English: adapting needs at least {min}',
  },
  zh: {
    no_column: "{file} 中没有列 '{column}'。现有列：{columns}",
    no_labelled_rows: '{file} 中没有同时包含文本和标签的行',
    bad_label: "标签 '{label}' 既不是情感极性（0/1、neg/pos、negative/positive、差评/好评），也不是情绪（angry、anxious、disappointed、confused、satisfied、neutral）",
    no_conversation: '本店铺中没有会话 {id}',
    no_article: '没有知识库文章 {slug}',
    phase_analysing: '分析中',
    phase_training: '训练中',
    phase_adapting: '适应中',
    model_unreadable: '{dir} 中没有可用的文本模型：{reason}',
    model_wrong_task: '{dir} 中的模型不是情感模型：{reason}',
    model_needs_file: '内存中的店铺无法保存自己的文本模型，请打开店铺文件',
    model_fallback: '无法读取店铺自己的模型 {dir}（{reason}），已改用随附的模型',
    no_texts: '{file} 的该列中没有非空文本',
    too_few_texts: '只有 {n} 条中文或英文文本：适应至少需要 {min} 条',
  },
};
