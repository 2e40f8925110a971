/** Messages of the knowledge-base editor's refusals (existing id, unknown placeholder, deleted article), in English and Simplified Chinese. */
import type { Catalog } from '../i18n';

/** The KB catalogue (use with `tr`). */
export const kbMessages: Catalog = {
  en: {
    slug_taken: 'An article with the id “{slug}” already exists (“{title}”). Choose another id, or open that article from the list to edit it.',
    slug_fixed: 'An article keeps its id: this one is “{slug}”. To use another id, create a new article.',
    gone: 'The article “{slug}” is no longer in the knowledge base (it was deleted); save it as a new article.',
    no_article: 'No knowledge-base article with the id “{slug}”',
    answer_zh: 'Answer (Chinese)',
    answer_en: 'Answer (English)',
    variant_zh: 'Channel wording (Chinese)',
    variant_en: 'Channel wording (English)',
    slug_too_long: 'may be at most {max} characters long',
    placeholder_unknown: '{where}: {list} {n|is not a live fact|are not live facts} and would reach the customer as written. Live facts: {known}',
  },
  zh: {
    slug_taken: '已有编号为“{slug}”的文章（“{title}”）。请换一个编号，或在列表中打开那篇文章进行编辑。',
    slug_fixed: '文章的编号不能修改：这篇是“{slug}”。如需另一个编号，请新建文章。',
    gone: '文章“{slug}”已不在知识库中（已被删除）；请另存为新文章。',
    no_article: '没有编号为“{slug}”的知识库文章',
    answer_zh: '中文答案',
    answer_en: '英文答案',
    variant_zh: '渠道话术（中文）',
    variant_en: '渠道话术（英文）',
    slug_too_long: '最长 {max} 个字符',
    placeholder_unknown: '{where}：{list} 不是实时信息占位符，会原样发给客户。可用的占位符：{known}',
  },
};
