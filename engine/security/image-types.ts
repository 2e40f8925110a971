/** Image types the app shows; a stored image of any other type (HTML, SVG with script, ...) is never served. */

/** The image types the HTTP route and the desktop's data URLs serve. */
export const IMAGE_TYPES: ReadonlySet<string> = new Set(['image/png', 'image/jpeg', 'image/webp', 'image/gif']);

/** The normalised type when the app may serve it, else null. */
export function servableImageType(mime: string): string | null {
  const m = mime.toLowerCase().trim();
  return IMAGE_TYPES.has(m) ? m : null;
}
