// Worker-thread bootstrap for the pricing training pool: registers tsx in this thread, then loads the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./train-pool-worker.ts');
