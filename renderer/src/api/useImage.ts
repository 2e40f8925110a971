/** A product image URL that works in the browser (HTTP route) and the desktop app (data URL via the engine). */
import { useEffect, useState } from 'react';
import { imageUrl, loadImage } from './client';

/** The URL of image `id`, or null while it loads (desktop) or when there is none. */
export function useImageUrl(id: number | null): string | null {
  const [url, setUrl] = useState<string | null>(() => (id === null ? null : imageUrl(id)));
  useEffect(() => {
    if (id === null) return setUrl(null);
    const direct = imageUrl(id);
    if (direct) return setUrl(direct);
    let live = true;
    void loadImage(id).then((u) => {
      if (live) setUrl(u);
    });
    return () => {
      live = false;
    };
  }, [id]);
  return url;
}
