/** What the desktop shell tells the user itself (engine restarts), in both languages. */
import type { EngineNotice } from './relay';

/** A dialog's title and text. */
export interface NoticeText {
  title: string;
  message: string;
  detail: string;
}

/** The dialog text of an engine notice in the UI language. */
export function engineNoticeText(n: EngineNotice, lang: 'en' | 'zh'): NoticeText {
  if (lang === 'zh') {
    return n.kind === 'restarted'
      ? { title: 'Merchant Desk', message: '引擎意外停止，已重新启动。', detail: `正在进行的操作可能需要重做（第 ${n.attempt}/${n.max} 次重启；原因：${n.reason}）。` }
      : { title: 'Merchant Desk', message: '引擎反复停止，已不再重新启动。', detail: `请关闭并重新打开应用；您的数据保存在商店文件中（原因：${n.reason}）。` };
  }
  return n.kind === 'restarted'
    ? { title: 'Merchant Desk', message: 'The engine stopped unexpectedly and was restarted.', detail: `An operation in progress may need to be done again (restart ${n.attempt} of ${n.max}; reason: ${n.reason}).` }
    : { title: 'Merchant Desk', message: 'The engine keeps stopping and was not restarted again.', detail: `Close and reopen the app; your data is safe in the store file (reason: ${n.reason}).` };
}

/** The answer to a call the engine could not take (it stopped or is not running), in the caller's language. */
export function engineDownText(lang: 'en' | 'zh', reason: string): string {
  return lang === 'zh' ? `引擎未在运行（${reason}），请稍后重试。` : `The engine is not running (${reason}); try again in a moment.`;
}
