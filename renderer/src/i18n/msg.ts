/**
 * A message kept in state (a notification, a line under a button) as what it means, not as text: rendered each time it
 * is drawn, so it follows a language switch. Text that is not the renderer's to translate (a file path, a name the
 * merchant typed, a message the engine already worded) is kept as `{ text }`.
 */
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { i18n as I18n } from 'i18next';
import type { CodeKind } from '../codes';

/** A value filled into a message: a number, a literal string, or another message rendered in the same language. */
export type MsgParam = number | string | Msg;

/** A message the renderer can draw in any UI language. */
export type Msg =
  | { key: string; params?: Readonly<Record<string, MsgParam>> }
  | { text: string }
  | { code: CodeKind; value: string }
  | { list: readonly Msg[]; sep?: string }
  | { perLang: Readonly<Record<'en' | 'zh', Msg>> };

/** A message from a translation key and its parameters. */
export function msg(key: string, params?: Readonly<Record<string, MsgParam>>): Msg {
  return params ? { key, params } : { key };
}

/** A literal text (a path, a name, the engine's message): shown as it is in every language. */
export function literal(text: string): Msg {
  return { text };
}

/** A message worded apart for each UI language (the engine's two texts of an error, or its one text and a fallback). */
export function perLang(en: Msg, zh: Msg): Msg {
  return { perLang: { en, zh } };
}

/** What renderMsg needs of an i18next instance: `language` picks a `perLang` message's wording (English when absent). */
export type MsgI18n = Pick<I18n, 't' | 'exists'> & { language?: string };

/** Renders a message in the instance's current language (a stored code without a label is shown as it is). */
export function renderMsg(m: Msg, i18n: MsgI18n): string {
  if ('text' in m) return m.text;
  if ('perLang' in m) return renderMsg(m.perLang[i18n.language?.startsWith('zh') ? 'zh' : 'en'], i18n);
  if ('list' in m) return m.list.map((x) => renderMsg(x, i18n)).join(m.sep ?? i18n.t('common.listSep'));
  if ('code' in m) {
    const key = `code.${m.code}.${m.value}`;
    return i18n.exists(key) ? i18n.t(key) : m.value;
  }
  const params: Record<string, string | number> = {};
  for (const [name, v] of Object.entries(m.params ?? {})) params[name] = typeof v === 'object' ? renderMsg(v, i18n) : v;
  return i18n.t(m.key, params);
}

/** The message renderer for the current UI language (components using it redraw when the language changes). */
export function useMsg(): (m: Msg) => string {
  const { i18n, t } = useTranslation();
  // `t` changes with the language, so callers redraw their messages in the new one.
  return useCallback((m: Msg) => renderMsg(m, { t, exists: i18n.exists.bind(i18n), language: i18n.language }), [t, i18n]);
}
