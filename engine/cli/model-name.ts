/** A forecasting model as the CLI prints it: its name in the reader's language with its id, as --json names it. */
import { modelLabel } from '../forecast/explain';
import type { Lang } from '../i18n';

/** 'Blend of the best models (ensemble)', 'TSB (sparse, fading sales)': the id is not given twice; an unknown id as it is. */
export function modelName(id: string, lang: Lang): string {
  const name = modelLabel(lang, id);
  if (name === id || new RegExp(`\\b${id}\\b`, 'i').test(name)) return name;
  return lang === 'zh' ? `${name}（${id}）` : `${name} (${id})`;
}
