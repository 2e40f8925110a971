// Worker-thread bootstrap for the recommendation ensemble's member threads: registers tsx here, then loads the TypeScript.
import { register } from 'tsx/esm/api';

register();
await import('./member-worker.ts');
