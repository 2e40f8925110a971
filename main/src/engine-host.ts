/** Runs the engine inside Electron's utility process and answers the main process's relayed calls. */
import { Engine } from '../../engine/engine';
import { defaultDataDir } from '../../engine/paths';
import { recentStores } from '../../engine/recent-stores';
import { createHostDispatcher } from './host-dispatch';
import type { HostMessage } from './ipc';

interface ParentPort {
  on(event: 'message', cb: (e: { data: unknown }) => void): void;
  postMessage(m: HostMessage): void;
}

const port = (process as unknown as { parentPort: ParentPort }).parentPort;

async function main(): Promise<void> {
  const engine = new Engine({ dataDir: defaultDataDir() });
  engine.on('job', (progress: unknown) => port.postMessage({ type: 'job', progress }));
  // Reopen the last store; the renderer lands on the demo store when there is none.
  const last = recentStores(engine.options.dataDir).find((r) => r.state === 'store');
  if (last) {
    await engine.open(last.path).catch(() => undefined);
    // Warm up once: the dashboard's sales cube is built before the window asks for it.
    if (engine.hasStore) await engine.call('dashboard.summary', { days: 28 });
  }
  const dispatch = createHostDispatcher(engine, { post: (m) => port.postMessage(m), exit: (code) => process.exit(code) });
  port.on('message', ({ data }) => dispatch(data));
  port.postMessage({ type: 'ready', store: engine.hasStore ? engine.store.path : null });
}

main().catch((e: unknown) => {
  port.postMessage({ type: 'fatal', message: e instanceof Error ? e.message : String(e) });
  process.exit(1);
});
