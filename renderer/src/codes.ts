/** Labels for the codes the store keeps (categories, channels, statuses, model ids...): a raw id never reaches the screen. */
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';

/** The kinds of stored code with a label in both languages (keys `code.<kind>.<code>` in en.json and zh.json). */
export const CODE_KINDS = ['category', 'channel', 'chatStatus', 'priceSource', 'model', 'backend', 'runStatus', 'importKind', 'tryonType', 'intent', 'emotion', 'lang', 'colour'] as const;

/** One kind of stored code. */
export type CodeKind = (typeof CODE_KINDS)[number];

/** A function giving the label of a stored code in the UI language; text the merchant typed (an unknown code) is shown as it is. */
export type CodeLabel = (kind: CodeKind, code: string | null | undefined) => string;

/** The label function for the current UI language. */
export function useCodeLabel(): CodeLabel {
  const { t, i18n } = useTranslation();
  return useCallback<CodeLabel>(
    (kind, code) => {
      if (code === null || code === undefined || code === '') return '—';
      const key = `code.${kind}.${code}`;
      if (i18n.exists(key)) return t(key);
      // Accuracy rows of the neural model's holdout window: the model's label, marked as such.
      const holdout = /^(.+)-holdout$/.exec(code);
      if (kind === 'model' && holdout && i18n.exists(`code.model.${holdout[1]}`)) return t('code.holdout', { model: t(`code.model.${holdout[1]}`) });
      return code;
    },
    // `t` changes with the language, so the labels follow it.
    [t, i18n],
  );
}
