/** Types shared by the recommendation data, models and evaluation. */

/** Event kinds the sequential model sees (index into its kind embedding; 0 is padding). */
export const EVENT_KINDS = ['pad', 'view', 'cart', 'purchase', 'rating'] as const;
/** One event kind name. */
export type EventKind = (typeof EVENT_KINDS)[number];

/** What was wrong with the input, counted (never thrown). */
export interface InputProblems {
  lines: number;
  badLines: number;
  unknownUsers: number;
  unknownItems: number;
  duplicates: number;
  outOfOrder: number;
  /** Users (customers) with no interaction at all. */
  emptyHistories: number;
  /** Users with fewer than 3 interactions: kept for training, left out of evaluation (as in SASRec). */
  tooShort: number;
  /**
   * The file's line numbers (1-based, as an editor shows them; a table's header is line 1) of the first lines left out
   * as unreadable or without a user or an item, at most SKIPPED_LINES_SHOWN of them, so the merchant can find them.
   */
  skippedLines?: number[];
  /** How many lines were left out as unreadable or without a user or an item (a line without both counts once). */
  skippedTotal?: number;
}

/** How many left-out line numbers `InputProblems.skippedLines` keeps. */
export const SKIPPED_LINES_SHOWN = 10;

/** Records a left-out line's number (the first SKIPPED_LINES_SHOWN only). */
export function noteSkipped(problems: InputProblems, line: number): void {
  const list = (problems.skippedLines ??= []);
  if (list.length < SKIPPED_LINES_SHOWN) list.push(line);
  problems.skippedTotal = (problems.skippedTotal ?? 0) + 1;
}

/** Interactions per user in time order, items as dense indices. */
export interface Interactions {
  userIds: string[];
  itemIds: string[];
  seqs: Int32Array[];
  /** Event kind index (EVENT_KINDS) per interaction, when known. */
  kinds?: Uint8Array[];
  /** Unix seconds per interaction, when known. */
  times?: Float64Array[];
  problems: InputProblems;
}

/** A user's history as a model sees it at prediction time. */
export interface History {
  user: number;
  items: Int32Array;
  kinds?: Uint8Array;
  times?: Float64Array;
}

/** Training input: per-user sequences (targets of validation and test removed). */
export interface TrainData {
  nItems: number;
  seqs: Int32Array[];
  kinds?: Uint8Array[];
  times?: Float64Array[];
}

/** Progress and cancel hooks for training. */
export interface TrainHooks {
  progress?: (done: number, total: number, phase: string) => void;
  checkCancelled?: () => void;
  seed?: number;
}

/** A trained recommender: scores every item for each history. */
export interface RecModel {
  readonly name: string;
  fit(data: TrainData, hooks?: TrainHooks): Promise<void>;
  /** Scores for all items per history, row-major [histories.length × nItems]. */
  score(histories: History[]): Float32Array;
  dispose(): void;
}

/** Empty problem counts. */
export function noProblems(): InputProblems {
  return { lines: 0, badLines: 0, unknownUsers: 0, unknownItems: 0, duplicates: 0, outOfOrder: 0, emptyHistories: 0, tooShort: 0, skippedLines: [], skippedTotal: 0 };
}
