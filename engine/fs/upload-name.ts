/** The name a browser upload is stored under in the upload folder, and the user's own file name read back from it. */

const STORED = /^\d{12,14}-[a-z0-9]{1,6}-(.+)$/;

/**
 * A browser upload's file name made safe to store: characters other than word characters, '.', '-' and the common
 * Chinese characters become '_' (so "WhatsApp Chat with José.txt" is kept as "WhatsApp_Chat_with_Jos_.txt").
 */
export function safeUploadName(name: string): string {
  return name.replace(/[^\w.\-一-龥]/g, '_');
}

/** The stored name of an upload: a time and a random tag before the (sanitised) original, so uploads never collide. */
export function storedUploadName(original: string, now = Date.now(), tag = Math.random().toString(36).slice(2, 8)): string {
  return `${now}-${tag || 'x'}-${original}`;
}

/** The user's file name from a stored upload name (any other name is returned as it is). */
export function originalUploadName(stored: string): string {
  return STORED.exec(stored)?.[1] ?? stored;
}

/** The name to show for a file the user gave (in messages, the import history): its base name, an upload's own name. */
export function shownFileName(path: string): string {
  return originalUploadName(path.split(/[\\/]/).pop() ?? path);
}
