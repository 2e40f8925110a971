/** Where the shipped text models are, and loading the one the caller asked for. */
import { fileURLToPath } from 'node:url';
import { engineFileUrl } from '../bundle-paths';
import { loadSentiment, type SentimentModel } from '../../models/text/sentiment';

/** Folder of a shipped text model (models/weights/text/NAME). */
export function shippedModelDir(name: 'sentiment' | 'intents' | 'encoder' | 'emotion'): string {
  return fileURLToPath(engineFileUrl(`../models/weights/text/${name}`));
}

/**
 * The sentiment model in `dir` as the analysis reads it: with the shipped learned emotion fallback beside it (README
 * "Chats", emotion), whichever sentiment model the store uses.
 */
export async function loadShopSentiment(dir: string): Promise<SentimentModel> {
  return loadSentiment(dir, shippedModelDir('emotion'));
}
