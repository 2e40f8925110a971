/** Messages about store files (opening, migrating, backing up, restoring) in both languages. */
import type { Catalog } from '../i18n';

/** The store catalogue (use with `both` or `tr`). */
export const storeMessages: Catalog = {
  en: {
    cannot_write: 'Cannot write {path}: {reason}',
    not_found: 'Store file not found: {path}',
    backup_not_found: 'Backup file not found: {path}',
    exists: 'A file already exists at {path}',
    cannot_open: 'Cannot open store {path}: {reason}',
    not_a_store: '{path} is not a Merchant Desk store (not an SQLite database)',
    damaged_in_use: '{path} is damaged (SQLite: {reason}); what was being done may not have been saved. Restore the store from a backup (Data › Backup and restore); `desk check --store FILE` says what is damaged',
    damaged: '{path} is damaged or cut short and cannot be opened (SQLite: {reason}). Restore it from a backup, or open another store; `desk check --store FILE` lists the backups kept on this computer',
    foreign_db: '{path} is an SQLite database of another program (tables {tables}), not a Merchant Desk store; it was left untouched. Give a store file, or a new name to create one',
    newer: '{path} was written by a newer version of Merchant Desk (schema v{current}); this version understands up to v{latest}. Update the app to open it.',
    unknown_migration: '{path} records migration {migration} that this app does not know; refusing to open it.',
    hash_mismatch: 'Migration {migration} in {path} differs from the one this app ships (hash mismatch); refusing to open it.',
    readonly_migrate: '{path} needs migrating to v{latest} but was opened read-only.',
    no_store: 'No store is open. Open or create one first.',
  },
  zh: {
    cannot_write: '无法写入 {path}：{reason}',
    not_found: '找不到店铺文件：{path}',
    backup_not_found: '找不到备份文件：{path}',
    exists: '{path} 处已有文件',
    cannot_open: '无法打开店铺文件 {path}：{reason}',
    not_a_store: '{path} 不是 Merchant Desk 店铺文件（不是 SQLite 数据库）',
    damaged_in_use: '{path} 已损坏（SQLite：{reason}）；刚才的操作可能没有保存。请从备份恢复店铺（数据 › 备份与恢复）；`desk check --store 文件` 会说明哪里损坏',
    damaged: '{path} 已损坏或不完整，无法打开（SQLite：{reason}）。请从备份恢复，或打开其他店铺；`desk check --store 文件` 会列出本机保存的备份',
    foreign_db: '{path} 是其他程序的 SQLite 数据库（含表 {tables}），不是 Merchant Desk 店铺文件，未做任何改动。请给出店铺文件，或给一个新文件名来创建店铺',
    newer: '{path} 由更新版本的 Merchant Desk 写入（结构版本 v{current}）；当前版本最高只支持 v{latest}。请升级应用后再打开。',
    unknown_migration: '{path} 记录了本应用不认识的迁移 {migration}；拒绝打开。',
    hash_mismatch: '{path} 中的迁移 {migration} 与本应用自带的不一致（哈希不符）；拒绝打开。',
    readonly_migrate: '{path} 需要迁移到 v{latest}，但以只读方式打开。',
    no_store: '尚未打开店铺文件。请先打开或新建一个。',
  },
};
