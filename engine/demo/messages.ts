/** Messages of the demo generator in both languages. */
import type { Catalog } from '../i18n';

/** Demo catalogue. */
export const demoMessages: Catalog = {
  en: {
    notEmpty: 'The store {path} already holds {count} products; the demo can only fill an empty store.',
    exists: 'A file already exists at {path}; pass replace: true (desk demo --force) to overwrite it.',
    badEnd: 'end must be a real date written YYYY-MM-DD, got "{end}"',
    inUse: 'The store {path} is open with a running job; wait for it to finish before replacing it.',
    cliStore: 'Demo store     {path}',
    cliDays: 'Days           {first} … {last}',
    cliTook: 'Took           {seconds} s',
  },
  zh: {
    notEmpty: '店铺文件 {path} 已有 {count} 个商品；演示数据只能写入空的店铺文件。',
    exists: '{path} 已存在文件；如需覆盖请传 replace: true（命令行用 desk demo --force）。',
    badEnd: 'end 必须是 YYYY-MM-DD 格式的真实日期，收到的是 "{end}"',
    inUse: '店铺文件 {path} 已打开且有任务在运行；请等任务结束后再替换。',
    cliStore: '演示店铺       {path}',
    cliDays: '日期           {first} … {last}',
    cliTook: '用时           {seconds} 秒',
  },
};
