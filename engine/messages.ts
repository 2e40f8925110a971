/** Engine-wide messages (unknown operations, invalid input, missing records, jobs) in both languages. */
import type { Catalog } from './i18n';

/** The API catalogue (use with `tr` or `both`). */
export const apiMessages: Catalog = {
  en: {
    unknown_op: "Unknown operation '{name}'",
    invalid_input: 'Invalid input for {name}: {field}: {reason}',
    whole_input: '(input)',
    not_calendar_date: 'is not a calendar date',
    must_end_db: 'must end with .db',
    must_be_ymd: 'must be YYYY-MM-DD',
    kb_slug_chars: 'may hold only letters (Chinese characters too), digits, hyphens (-) and underscores (_): no spaces, slashes, dots or other signs',
    real_date: 'must be a real date written YYYY-MM-DD',
    no_product: "No product with SKU '{sku}'",
    no_priced_product: 'No active product with SKU {sku} and a price',
    no_image: 'No image {id}',
    no_job: 'No job with id {id}',
    no_recommendation: 'No recommendation with id {id}',
    cancelled: 'Cancelled',
    job_ended: 'Job {status}',
    worker_stopped: "The job's worker stopped unexpectedly (exit code {code})",
  },
  zh: {
    unknown_op: '未知操作“{name}”',
    invalid_input: '{name} 的输入无效：{field}：{reason}',
    whole_input: '（输入）',
    not_calendar_date: '不是有效的日历日期',
    must_end_db: '必须以 .db 结尾',
    must_be_ymd: '必须写成 YYYY-MM-DD',
    kb_slug_chars: '只能包含文字（汉字或字母）、数字、连字符（-）和下划线（_），不能有空格、斜杠、句点或其他符号',
    real_date: '必须是真实存在的日期，写成 YYYY-MM-DD',
    no_product: '没有 SKU 为“{sku}”的商品',
    no_priced_product: '没有 SKU 为 {sku} 且有价格的在售商品',
    no_image: '没有编号为 {id} 的图片',
    no_job: '没有编号为 {id} 的任务',
    no_recommendation: '没有编号为 {id} 的调价建议',
    cancelled: '已取消',
    job_ended: '任务{status}',
    worker_stopped: '任务的工作线程意外停止（退出码 {code}）',
  },
};
