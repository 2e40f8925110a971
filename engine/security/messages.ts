/** Bilingual messages of the security layer: refused paths, upload limits, generic internal errors. */
import type { Catalog } from '../i18n';

/** Security message catalogue. */
export const securityCatalog: Catalog = {
  en: {
    forbidden_path:
      'The app may not use {path}: from the app window only files inside the data folder ({dataDir}), files you uploaded, and files you picked in a file dialog can be read or written. Pick the file with the Choose button, or use the command line (desk) for other folders.',
    bad_path: 'Not a usable file path: {path}',
    too_large: 'The file {name} is larger than the upload limit of {limit} MB.',
    internal: 'Something went wrong inside the engine. The details are in the log under error id {id}.',
    image_type: 'This image is stored with a type the app does not show ({mime}).',
    upload_limit_flag: '--max-upload-mb must be a positive number of megabytes, not {value}.',
  },
  zh: {
    forbidden_path:
      '应用不能使用 {path}：在应用窗口中只能读写数据文件夹（{dataDir}）内的文件、您上传的文件以及您在文件对话框中选择的文件。请用“选择文件”按钮选择，或使用命令行（desk）处理其他文件夹。',
    bad_path: '不是可用的文件路径：{path}',
    too_large: '文件 {name} 超过了 {limit} MB 的上传上限。',
    internal: '引擎内部出错。详细信息已写入日志，错误编号 {id}。',
    image_type: '该图片的存储类型应用无法显示（{mime}）。',
    upload_limit_flag: '--max-upload-mb 必须是以 MB 为单位的正数，而不是 {value}。',
  },
};
