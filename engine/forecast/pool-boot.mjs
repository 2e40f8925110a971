// Worker-thread bootstrap for the forecasting pool: registers tsx in this thread, then loads the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./pool-worker.ts');
