/** Messages of restore, crash reconciliation and damaged artefacts, in English and Simplified Chinese. */
import type { Catalog } from '../i18n';

/** The store-safety message catalogue (use with `tr`). */
export const safetyMessages: Catalog = {
  en: {
    interrupted: 'Interrupted: the app stopped while this was running',
    backup_not_found: 'Backup file not found: {path}',
    backup_not_store: '{path} is not a Merchant Desk backup (no store schema in it); nothing was changed',
    backup_unreadable: '{path} cannot be read as a Merchant Desk backup ({reason}); nothing was changed',
    backup_damaged: '{path} is damaged (integrity check: {reason}); nothing was changed',
    restore_failed: 'Restore failed ({reason}); the current store was left as it was',
    store_open_elsewhere: 'the store is open in another window or program, for example a running desk import',
    artefact_ignored: 'The saved {what} at {path} is damaged and was ignored ({reason}); retrain to replace it',
    agent: 'pricing agent',
    model: 'forecast model',
  },
  zh: {
    interrupted: '已中断：运行期间应用已停止',
    backup_not_found: '找不到备份文件：{path}',
    backup_not_store: '{path} 不是 Merchant Desk 备份（其中没有店铺数据结构）；未做任何更改',
    backup_unreadable: '无法将 {path} 读取为 Merchant Desk 备份（{reason}）；未做任何更改',
    backup_damaged: '{path} 已损坏（完整性检查：{reason}）；未做任何更改',
    restore_failed: '恢复失败（{reason}）；当前店铺保持不变',
    store_open_elsewhere: '店铺文件正在另一个窗口或程序中打开，例如正在运行的 desk import',
    artefact_ignored: '{path} 处保存的{what}已损坏，已忽略（{reason}）；重新训练即可替换',
    agent: '定价智能体',
    model: '预测模型',
  },
};
