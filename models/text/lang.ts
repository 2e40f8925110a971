/** Language of a message: Chinese, English, or a language the text models do not handle (marked, never guessed). */

/** A message's language as the text models see it. */
export type TextLang = 'zh' | 'en' | 'unsupported' | 'empty';

const HAN = /[\u3400-\u9fff\uf900-\ufaff]/gu;
const LATIN = /[A-Za-z]/g;
const OTHER_SCRIPT = /[\u0400-\u04ff\u0590-\u06ff\u0900-\u0dff\u0e00-\u0e7f\u3040-\u30ff\uac00-\ud7af]/gu;
const ACCENTED = /[àâäçéèêëîïôöùûüÿñœßãõåøæ]/giu;
// Function words of other Latin-script languages: enough of them means the text is not English.
const FOREIGN = new Set(['el', 'la', 'los', 'las', 'que', 'por', 'para', 'une', 'les', 'des', 'est', 'und', 'der', 'die', 'das', 'ist', 'nicht', 'ich', 'het', 'een', 'och', 'não', 'com', 'uma', 'pero', 'muy', 'mais', 'avec', 'dans']);
const ENGLISH = new Set(['the', 'a', 'an', 'is', 'i', 'my', 'you', 'it', 'to', 'and', 'of', 'in', 'for', 'on', 'not', 'this', 'was', 'with', 'can', 'what', 'when', 'where', 'how', 'do', 'does', 'please', 'order', 'hi', 'hello', 'thanks', 'thank', 'yes', 'no', 'ok', 'have', 'be', 'are', 'me', 'is', 'will', 'at', 'good', 'great', 'bad']);

/** Detects zh / en; other scripts and other Latin-script languages come back as 'unsupported'. */
export function detectLanguage(text: string): TextLang {
  const han = text.match(HAN)?.length ?? 0;
  const latin = text.match(LATIN)?.length ?? 0;
  const other = text.match(OTHER_SCRIPT)?.length ?? 0;
  if (han + latin + other === 0) return 'empty';
  // Kana or Hangul beside Han is Japanese or Korean, not Chinese.
  if (other > 0 && other >= han * 0.2) return 'unsupported';
  if (han > 0 && han * 2 >= latin / 3) return 'zh';
  if (latin === 0) return 'unsupported';
  const words = text.toLowerCase().match(/[\p{L}']+/gu) ?? [];
  let foreign = 0;
  let english = 0;
  for (const w of words) {
    if (FOREIGN.has(w)) foreign++;
    if (ENGLISH.has(w)) english++;
  }
  const accents = text.match(ACCENTED)?.length ?? 0;
  if (foreign > english || (accents >= 2 && english === 0)) return 'unsupported';
  return 'en';
}

/**
 * The language a message clearly shows, or null when it has too few letters of one script to tell: at least 4 Chinese
 * characters and more of them than Latin letters' worth (an order number "DM2026…" or a size "M码" beside them is
 * fine), or at least 3 English words and no Chinese. "ok", "谢谢 👍 thanks!" and "👍" tell nothing: a conversation's
 * language follows its last customer message that does tell (engine/chats/analysis/state.ts).
 */
export function clearLanguage(text: string): 'zh' | 'en' | null {
  const lang = detectLanguage(text);
  const han = text.match(HAN)?.length ?? 0;
  const latin = text.match(LATIN)?.length ?? 0;
  if (lang === 'zh') return han >= 4 && latin <= han * 2 ? 'zh' : null;
  if (lang === 'en') return han === 0 && (text.match(/[A-Za-z]+(?:'[A-Za-z]+)?/g)?.length ?? 0) >= 3 ? 'en' : null;
  return null;
}
