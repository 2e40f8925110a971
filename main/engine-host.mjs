// Engine host for Electron's utility process: registers the TypeScript loader, then runs the engine.
import { register } from 'tsx/esm/api';

register();
await import('./src/engine-host.ts');
