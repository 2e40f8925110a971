/** How long a job still needs, as a message: seconds up to a minute and a half, then minutes, then hours and minutes. */
import { msg, type Msg } from '../i18n/msg';

/**
 * "about 40 s left", "about 8 min left" (not "about 509 s left"), "about 2 h 5 min left"; null when there is no
 * estimate. Minutes are whole: an estimate is not precise to the second.
 */
export function etaMsg(seconds: number | null | undefined): Msg | null {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return null;
  const s = Math.round(seconds);
  if (s <= 90) return msg('common.eta', { seconds: s });
  const minutes = Math.round(s / 60);
  if (minutes < 90) return msg('common.etaMinutes', { minutes });
  return msg('common.etaHours', { hours: Math.floor(minutes / 60), minutes: minutes % 60 });
}
