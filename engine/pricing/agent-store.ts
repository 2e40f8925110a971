/** Where trained pricing agents live: `<store>.models/pricing/<category>.json` beside the store file. */
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { DqnWeights } from '../../models/pricing/dqn';
import { writeFileAtomic } from '../fs/atomic';
import { damagedArtefact, type DamagedArtefact } from '../fs/damaged';
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
  /** SKUs that keep the stock-aware lookahead controller instead of their network (it earned more on their pick seeds). */
  fallback?: Record<string, 'lookahead'>;
}

/** Whether a SKU of this category uses the lookahead controller instead of a network. */
export function usesLookahead(a: SavedAgent, sku: string): boolean {
  return a.fallback?.[sku] === 'lookahead';
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

/** The file holding one category's agent. */
export function agentFile(storePath: string, category: string): string {
  return join(agentsDir(storePath), `${encodeURIComponent(category)}.json`);
}

/** Saves one category's agent and returns the file path (atomically: a crash leaves the old file or the new one, never half). */
export function saveAgent(storePath: string, a: Omit<SavedAgent, 'features'>): string {
  const f = agentFile(storePath, a.category);
  writeFileAtomic(f, JSON.stringify({ ...a, features: FEATURE_NAMES }));
  return f;
}

/** The warning for a damaged agent file. */
export function damagedAgent(category: string, path: string, reason: string): DamagedArtefact {
  return damagedArtefact('agent', category, path, reason);
}

function isWeights(w: unknown): w is DqnWeights {
  const x = w as DqnWeights | null;
  return !!x && typeof x === 'object' && !!x.config && Array.isArray(x.tensors) && x.tensors.every((t) => Array.isArray(t?.shape) && Array.isArray(t?.values));
}

/** Why a parsed agent file cannot be used, or null when its shape is right. */
function shapeProblem(a: SavedAgent): string | null {
  if (!a || typeof a !== 'object' || !Array.isArray(a.features)) return 'no feature list';
  if (!isWeights(a.weights)) return 'no network weights';
  if (a.networks !== undefined && !(Array.isArray(a.networks) && a.networks.every(isWeights))) return 'bad network list';
  return null;
}

/**
 * Reads one category's agent, or null when none was trained (or it was trained on other features).
 * A damaged file (truncated, not JSON, wrong shape) is reported through `onDamaged` and treated as absent.
 */
export function readAgent(storePath: string, category: string, onDamaged?: (d: DamagedArtefact) => void): SavedAgent | null {
  const f = agentFile(storePath, category);
  if (!existsSync(f)) return null;
  let a: SavedAgent;
  try {
    a = JSON.parse(readFileSync(f, 'utf8')) as SavedAgent;
  } catch (e) {
    const d = damagedAgent(category, f, (e as Error).message);
    onDamaged?.(d);
    return null;
  }
  const problem = shapeProblem(a);
  if (problem) {
    const d = damagedAgent(category, f, problem);
    onDamaged?.(d);
    return null;
  }
  if (a.features.length !== FEATURE_NAMES.length || a.features.some((n, i) => n !== FEATURE_NAMES[i])) return null;
  return a;
}

/**
 * Why a category's SKUs fall back to the one-step model: its saved agent could not be read or loaded (`damaged`: a
 * warning said so), a file is there but was trained on another list of state features (`outdated`: an older version of
 * the app), or no agent was ever saved (`not_trained`).
 */
export type FallbackReason = 'not_trained' | 'damaged' | 'outdated';

/** The FallbackReason of `category` without a usable agent; `damaged` when reading or loading its file was warned about. */
export function fallbackReason(storePath: string, category: string, damaged: boolean): FallbackReason {
  return damaged ? 'damaged' : storePath !== ':memory:' && existsSync(agentFile(storePath, category)) ? 'outdated' : 'not_trained';
}

