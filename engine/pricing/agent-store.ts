/** Where trained pricing agents live: `<store>.models/pricing/<category>.json` beside the store file. */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { DqnWeights } from '../../models/pricing/dqn';
import { FEATURE_NAMES } from './state';
import type { TrainStats } from './agent';

/** A saved agent file. */
export interface SavedAgent {
  category: string;
  createdAt: string;
  features: readonly string[];
  stats: TrainStats;
  skus: number;
  weights: DqnWeights;
  /** All networks trained for the category (absent in files from single-network training). */
  networks?: DqnWeights[];
  /** SKU → index in `networks` of the network that SKU keeps. */
  pick?: Record<string, number>;
}

/** The network a SKU of this category uses, and its index (-1: the category's main network). */
export function weightsFor(a: SavedAgent, sku: string): { index: number; weights: DqnWeights } {
  const i = a.pick?.[sku];
  const w = i !== undefined ? a.networks?.[i] : undefined;
  return w ? { index: i as number, weights: w } : { index: -1, weights: a.weights };
}

/** The folder holding a store's pricing agents. */
export function agentsDir(storePath: string): string {
  return join(dirname(storePath), `${basename(storePath).replace(/\.db$/, '')}.models`, 'pricing');
}

function fileFor(storePath: string, category: string): string {
  return join(agentsDir(storePath), `${encodeURIComponent(category)}.json`);
}

/** Saves one category's agent and returns the file path. */
export function saveAgent(storePath: string, a: Omit<SavedAgent, 'features'>): string {
  mkdirSync(agentsDir(storePath), { recursive: true });
  const f = fileFor(storePath, a.category);
  writeFileSync(f, JSON.stringify({ ...a, features: FEATURE_NAMES }));
  return f;
}

/** Reads one category's agent, or null when none was trained (or it was trained on other features). */
export function readAgent(storePath: string, category: string): SavedAgent | null {
  const f = fileFor(storePath, category);
  if (!existsSync(f)) return null;
  const a = JSON.parse(readFileSync(f, 'utf8')) as SavedAgent;
  if (a.features.length !== FEATURE_NAMES.length || a.features.some((n, i) => n !== FEATURE_NAMES[i])) return null;
  return a;
}
