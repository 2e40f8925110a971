/** Which external links the app may hand to the system browser (`shell.openExternal`). */

/** Hosts the app links to, by scheme: the marketplaces' help pages on the file formats the app writes. */
export const EXTERNAL_LINKS: Readonly<Record<string, readonly string[]>> = {
  'https:': ['sellercentral.amazon.com', 'help.shopify.com', 'www.ebay.com', 'woocommerce.com'],
};

/** The URL to open when `url` parses and its scheme and host are on the allow-list (no credentials); else null. */
export function allowedExternalUrl(url: string, allow: Readonly<Record<string, readonly string[]>> = EXTERNAL_LINKS): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.username || u.password) return null;
  const hosts = Object.hasOwn(allow, u.protocol) ? allow[u.protocol] : undefined;
  return hosts?.includes(u.hostname.toLowerCase()) ? u.toString() : null;
}
