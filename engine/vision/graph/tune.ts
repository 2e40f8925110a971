/**
 * Chooses a store's graph weight from its own history: the graph is built from everything before the last 30 days of
 * orders, each weight re-ranks every product's visual neighbours, and the weight is scored by how many of the shown
 * products were then bought in one order with it in those 30 days. A weight is taken only when its gain over the
 * visual order is more than two standard errors (chooseWeight); otherwise the store keeps the visual order.
 */
import type Database from 'better-sqlite3';
import { getSetting, setSetting } from '../../db/queries/settings';
import { both, EngineError } from '../../errors';
import type { Lang } from '../../i18n';
import { visionMessages } from '../messages';
import { chooseWeight, evaluateGraphRerank, type GraphWindow } from './evaluate';
import { GRAPH_WEIGHT_SETTING, storedGraphWeight } from './rerank';

/** Weights tried (the first must be 0, the visual order). */
export const TUNE_WEIGHTS = [0, 0.05, 0.1, 0.2, 0.3, 0.5, 1] as const;
/** Days of the latest history that score the weights. */
export const TUNE_DAYS = 30;
/** Fewest products with a bought-together partner in those days for the measurement to count. */
export const TUNE_MIN_ANCHORS = 20;

/** What tuning measured and chose. */
export interface GraphTuneResult {
  /** The weight chosen (the store's default from now on when `saved`). */
  weight: number;
  /** Whether the chosen weight was stored as the store's default (only when the caller asked for it). */
  saved: boolean;
  /** The store's default weight before this run (still its default when not `saved`). */
  previous: number;
  reason: 'helps' | 'no_clear_gain' | 'too_little_history';
  window: GraphWindow;
  /** Products scored (those bought with another product in the window). */
  anchors: number;
  /** Per weight: share of the 10 shown products bought together in the window, and its gain over weight 0 ± 1 SE. */
  rows: { weight: number; boughtTogether: number; gain: number; gainSe: number }[];
}

const day = (d: Date): string => d.toISOString().slice(0, 10);

/**
 * Throws the "no image index yet" error when `backbone` has no stored vectors: worded in `lang`, with both languages
 * on the payload so a screen showing it follows a language switch.
 */
export function requireIndex(db: Database.Database, backbone: string, lang: Lang): void {
  const indexed = (db.prepare('SELECT count(*) AS n FROM image_embeddings WHERE backbone = ?').get(backbone) as { n: number }).n;
  if (!indexed) throw new EngineError('user_error', both(visionMessages, 'no_index'), undefined, lang);
}

/** Measures every weight on the last TUNE_DAYS of orders and returns the measurement; stores the chosen weight when `save`. */
export function tuneGraphWeight(db: Database.Database, backbone: string, lang: Lang, progress?: (done: number, total: number) => void, save = true): GraphTuneResult {
  requireIndex(db, backbone, lang);
  const last = (db.prepare('SELECT max(ordered_at) AS m FROM orders').get() as { m: string | null }).m;
  const to = last ? new Date(Date.parse(last.slice(0, 10)) + 86_400_000) : new Date();
  const from = new Date(to.getTime() - TUNE_DAYS * 86_400_000);
  const window: GraphWindow = { graphBefore: day(from), from: day(from), to: day(to) };
  const measured = last ? evaluateGraphRerank(db, backbone, window, TUNE_WEIGHTS, 10, progress) : [];
  const anchors = measured[0]?.anchorsBought ?? 0;
  const enough = anchors >= TUNE_MIN_ANCHORS;
  const weight = enough ? chooseWeight(measured, 'bought') : 0;
  const previous = storedGraphWeight(getSetting<unknown>(db, GRAPH_WEIGHT_SETTING, null));
  if (save) setSetting(db, GRAPH_WEIGHT_SETTING, weight);
  return {
    weight,
    saved: save,
    previous,
    reason: !enough ? 'too_little_history' : weight > 0 ? 'helps' : 'no_clear_gain',
    window,
    anchors,
    rows: measured.map((r) => ({ weight: r.weight, boughtTogether: r.boughtTogether, gain: r.boughtGain, gainSe: r.boughtGainSe })),
  };
}
