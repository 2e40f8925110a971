/** Neutralises spreadsheet formulas in exported text cells (CSV/formula injection, as OWASP advises). */

/** First characters that make Excel, LibreOffice or Google Sheets treat a cell as a formula or command. */
const FORMULA_START = /^[=+\-@\t\r\n]/;

/** True when a text cell would be read as a formula by a spreadsheet. */
export function looksLikeFormula(s: string): boolean {
  return FORMULA_START.test(s);
}

/**
 * A text cell safe to open in a spreadsheet: one starting with = + - @,
 * tab, CR or LF gets a leading apostrophe so it stays text. Only for text columns: never apply it to
 * prices or quantities, which are written by the app and must stay numbers.
 */
export function safeText(s: string): string {
  return looksLikeFormula(s) ? `'${s}` : s;
}
