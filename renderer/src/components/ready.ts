/** The app-state signal tests and benchmarks wait for: `data-app-state` on <body>. */
import { useEffect } from 'react';

/** Marks the page 'ready' once `ready` is true (the current screen shows its data). */
export function useReadySignal(ready: boolean, screen: string): void {
  useEffect(() => {
    document.body.dataset.screen = screen;
    document.body.dataset.appState = ready ? 'ready' : 'loading';
  }, [ready, screen]);
}
