/** Refusals of the loopback HTTP transport itself (before an operation runs) in both languages. */
import type { Catalog } from '../i18n';

/** The transport catalogue (use with `tr`). */
export const httpMessages: Catalog = {
  en: {
    use_post: 'Use POST for operations',
    bad_json: 'Request body is not valid JSON',
    no_file: 'No such file: {path}',
    no_such_image: 'No such image',
    no_image: 'No image {id}',
    bad_token: 'Missing or wrong token',
    bad_op_name: 'Malformed operation name',
    no_route: 'No API route {path}',
    no_ui: 'No UI is served here',
    only_get: 'Only GET',
    not_found: 'Not found',
  },
  zh: {
    use_post: '调用操作请使用 POST',
    bad_json: '请求正文不是有效的 JSON',
    no_file: '没有这个文件：{path}',
    no_such_image: '没有这张图片',
    no_image: '没有编号为 {id} 的图片',
    bad_token: '缺少令牌或令牌错误',
    bad_op_name: '操作名称格式错误',
    no_route: '没有 API 路由 {path}',
    no_ui: '此处不提供界面',
    only_get: '只接受 GET',
    not_found: '未找到',
  },
};
