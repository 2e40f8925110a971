/** The EN / 中文 switch: in the app's header, and on the store picker, which shows before any store (and header) is open. */
import type { ReactNode } from 'react';
import { SegmentedControl } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { setLang, type UiLang } from '../i18n/index';

/** Switches the UI language; everything on screen, kept errors included, follows at once. */
export function LangSwitch(): ReactNode {
  const { i18n, t } = useTranslation();
  return (
    <SegmentedControl
      size="xs"
      aria-label={t('settings.language')}
      data-testid="lang-switch"
      value={i18n.language}
      onChange={(v) => void setLang(v as UiLang)}
      data={[
        { value: 'en', label: 'EN' },
        { value: 'zh', label: '中文' },
      ]}
    />
  );
}
