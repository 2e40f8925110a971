// Worker-thread bootstrap: registers the TypeScript loader (tsx) in this thread, then loads the
// worker written in TypeScript. Needed because Node 20 does not apply `--import tsx` to a
// worker's own entry module.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
