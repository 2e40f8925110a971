/** Messages of the file reader and writer (broken files, limits) in English and Simplified Chinese. */
import type { Catalog } from '../i18n';

/** The reader's and writer's message catalogue (use with `tr`). */
export const ioMessages: Catalog = {
  en: {
    at: '{file} row {row}, column {column}: {reason}',
    unclosed_quote: 'a quote opened in this cell is never closed (a quoted cell may hold at most {max} characters); nothing after it could be read',
    field_too_long: 'the cell is longer than {max} characters',
    row_too_long: 'the row is longer than {max} characters',
    too_many_cells: 'the row has {count} cells but the header has {header}',
    header_broken: '{file}: the header row cannot be read: {reason}',
    file_too_big: '{file} is {size} MB; at most {max} MB can be read here',
    unreadable: 'Cannot read {file}: {reason}',
    not_found: 'File not found: {file}',
    not_a_file: '{file} is a folder, not a file',
    no_permission: 'Cannot read {file}: no permission to read it',
    empty: '{file} has no header row',
    empty_file: '{file} is empty (0 bytes): there is nothing in it to read',
    bad_xlsx: '{file} is not a readable Excel workbook: {reason}',
    no_column: "{file}: no column '{column}'. Columns: {columns}",
    bad_number: "{file} row {row}, column '{column}': '{value}' is not a number",
    bad_date: "{file} row {row}, column '{column}': '{value}' is not a date",
  },
  zh: {
    at: '{file} 第 {row} 行，列“{column}”：{reason}',
    unclosed_quote: '此单元格中的引号没有闭合（带引号的单元格最多 {max} 个字符）；其后的内容无法读取',
    field_too_long: '单元格超过 {max} 个字符',
    row_too_long: '该行超过 {max} 个字符',
    too_many_cells: '该行有 {count} 个单元格，但表头只有 {header} 列',
    header_broken: '{file}：无法读取表头行：{reason}',
    file_too_big: '{file} 有 {size} MB；此处最多可读取 {max} MB',
    unreadable: '无法读取 {file}：{reason}',
    not_found: '找不到文件：{file}',
    not_a_file: '{file} 是文件夹，不是文件',
    no_permission: '无法读取 {file}：没有读取权限',
    empty: '{file} 没有表头行',
    empty_file: '{file} 是空文件（0 字节），没有可读取的内容',
    bad_xlsx: '{file} 不是可读取的 Excel 工作簿：{reason}',
    no_column: '{file}：没有列“{column}”。现有列：{columns}',
    bad_number: '{file} 第 {row} 行，列“{column}”：“{value}”不是数字',
    bad_date: '{file} 第 {row} 行，列“{column}”：“{value}”不是日期',
  },
};
