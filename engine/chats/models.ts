/** Where the shipped text models are, and loading the one the caller asked for. */
import { fileURLToPath } from 'node:url';
import { engineFileUrl } from '../bundle-paths';

/** Folder of a shipped text model (models/weights/text/NAME). */
export function shippedModelDir(name: 'sentiment' | 'intents' | 'encoder' | 'emotion'): string {
  return fileURLToPath(engineFileUrl(`../models/weights/text/${name}`));
}
