/** What went wrong with a file or folder the user named, in both languages (from the operating system's error code). */
import type { Catalog } from '../i18n';

/** File-system error catalogue: one key per OS error code, `other` for the rest. */
export const fsMessages: Catalog = {
  en: {
    the_file: 'the file',
    ENOENT: 'Cannot use {path}: it, or the folder it should be in, does not exist',
    EACCES: 'Cannot use {path}: permission denied',
    EPERM: 'Cannot use {path}: the operation is not permitted',
    EISDIR: '{path} is a folder; give a file',
    ENOTDIR: 'Cannot use {path}: part of the path is a file, not a folder',
    ENAMETOOLONG: 'Cannot use {path}: the name is too long',
    ENOSPC: 'Cannot write {path}: the disk is full',
    EROFS: 'Cannot write {path}: the disk is read-only',
    EEXIST: 'Cannot write {path}: a file is already there',
    EBUSY: 'Cannot use {path}: it is in use by another program',
    null_byte: 'A file name cannot contain a NUL character',
    other: 'Cannot use {path}: {reason}',
    store_io: 'The store file could not be read or written ({reason}); check the disk and that the file is a Merchant Desk store',
    store_full: 'The disk holding the store is full; free some space and try again',
    store_readonly: 'The store file, or the folder it is in, is read-only (the app also writes its journal files beside the store); check their permissions',
    store_corrupt: 'The store file is damaged ({reason}); restore a backup',
  },
  zh: {
    the_file: '该文件',
    ENOENT: '无法使用 {path}：该文件或其所在文件夹不存在',
    EACCES: '无法使用 {path}：没有权限',
    EPERM: '无法使用 {path}：不允许此操作',
    EISDIR: '{path} 是文件夹；请指定一个文件',
    ENOTDIR: '无法使用 {path}：路径中的某一部分是文件而不是文件夹',
    ENAMETOOLONG: '无法使用 {path}：名称过长',
    ENOSPC: '无法写入 {path}：磁盘已满',
    EROFS: '无法写入 {path}：磁盘为只读',
    EEXIST: '无法写入 {path}：该位置已有文件',
    EBUSY: '无法使用 {path}：它正被其他程序占用',
    null_byte: '文件名不能包含 NUL 字符',
    other: '无法使用 {path}：{reason}',
    store_io: '无法读取或写入店铺文件（{reason}）；请检查磁盘，并确认它是 Merchant Desk 店铺文件',
    store_full: '店铺文件所在的磁盘已满；请释放空间后再试',
    store_readonly: '店铺文件或其所在文件夹是只读的（应用还要在店铺文件旁写入日志文件）；请检查它们的权限',
    store_corrupt: '店铺文件已损坏（{reason}）；请恢复备份',
  },
};
