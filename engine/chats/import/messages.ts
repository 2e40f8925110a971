/** Messages of the chat and knowledge-base importers, in English and Simplified Chinese. */
import type { Catalog } from '../../i18n';

/** The chat importers' catalogue (use with `tr`). */
export const chatImportMessages: Catalog = {
  en: {
    duplicate: 'duplicated message (same as row {first})',
    no_messages: 'conversation {id} has no messages',
    json_no_messages: '{file} holds no messages: give an array of message objects (time, sender, text), JSON Lines, or {"conversations": [{"id", "messages": [...]}]}',
    unknown_sender: "unknown sender '{sender}' (not the requester and not an agent of the ticket)",
    missing_time: 'the message has no time',
    json_not_object: 'the line is valid JSON but not an object ({...})',
    json_at: '{file} line {line}, column {column}: {reason}',
    json_col: 'column {column}: {reason}',
    json_cut_file: 'the file ends before its JSON is complete (it may have been cut short when it was saved or copied)',
    json_cut_line: 'the line ends before its JSON object is complete (it may have been cut short)',
    json_char: 'not valid JSON: “{char}” was not expected here',
    no_header_line: '{file}: no WhatsApp message lines ("[date, time] Name: text" or "date, time - Name: text")',
    wa_bad_date: "'{value}' is not a real date and time (this file writes its dates as {pattern})",
    no_markdown: '{folder} has no Markdown (.md) files',
    bad_front_matter: 'front matter is not closed by a --- line',
    bad_kb_name: "file name '{name}' is not SLUG.md, SLUG.LANG.md or SLUG.LANG.CHANNEL.md (LANG: zh or en)",
  },
  zh: {
    duplicate: '重复的消息（与第 {first} 行相同）',
    no_messages: '会话 {id} 没有消息',
    json_no_messages: '{file} 中没有任何消息：请给出消息对象数组（time、sender、text）、JSON Lines，或 {"conversations": [{"id", "messages": [...]}]}',
    unknown_sender: "未知的发送者 '{sender}'（既不是工单提交人也不是客服）",
    missing_time: '消息缺少时间',
    json_not_object: '这一行是有效的 JSON，但不是对象（{...}）',
    json_at: '{file} 第 {line} 行第 {column} 列：{reason}',
    json_col: '第 {column} 列：{reason}',
    json_cut_file: '文件在 JSON 结束之前就结束了（可能在保存或复制时被截断）',
    json_cut_line: '这一行在 JSON 对象结束之前就结束了（可能被截断）',
    json_char: '不是有效的 JSON：此处不应出现“{char}”',
    no_header_line: '{file}：没有 WhatsApp 消息行（"[日期, 时间] 姓名: 内容" 或 "日期, 时间 - 姓名: 内容"）',
    wa_bad_date: '“{value}”不是真实存在的日期时间（该文件的日期写作 {pattern}）',
    no_markdown: '{folder} 中没有 Markdown（.md）文件',
    bad_front_matter: '前置元数据缺少结束的 --- 行',
    bad_kb_name: "文件名 '{name}' 不是 SLUG.md、SLUG.LANG.md 或 SLUG.LANG.CHANNEL.md（LANG：zh 或 en）",
  },
};
