/**
 * The text models a store uses: the shipped ones, or the merchant's own (fine-tuned with `desk sentiment train`, adapted
 * with `desk sentiment adapt`, or trained with `desk intents train`) copied beside the store as
 * `<store>.models/text-<task>/`. A damaged store model is reported and the shipped one is used: never fatal.
 */
import { cpSync, existsSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { selectBackend } from '../../models/backend';
import { loadBag } from '../../models/text/io';
import { sentimentFrom } from '../../models/text/sentiment';
import { EngineError } from '../errors';
import { jsonErrorAt } from '../io/json-error';
import { tr, type Lang } from '../i18n';
import { log } from '../log';
import { chatMessages } from './messages';
import { shippedModelDir } from './models';
import { makeDirs } from '../fs/mkdirs';

/** A task whose model a store may replace. */
export type StoreTextTask = 'sentiment' | 'intents';

/** Which model a task uses and why. */
export interface ActiveTextModel {
  task: StoreTextTask;
  source: 'store' | 'shipped';
  dir: string;
  /** Set when the store's own model could not be read and the shipped one is used instead. */
  warning?: string;
  /** The score on the part of its training file it did not train on, as training saved it in model.json (trained models only). */
  heldOut?: { n: number; accuracy: number; macroF1: number };
  /** How many unlabelled texts it was adapted to (adapted sentiment models only). */
  adaptedTo?: { texts: number; selfLabelled: number };
}

/** What training or adapting saved in a model's model.json beside the weights (nothing for the shipped models). */
function trainingNotes(dir: string): Pick<ActiveTextModel, 'heldOut' | 'adaptedTo'> {
  try {
    const j = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as { heldOut?: ActiveTextModel['heldOut']; adaptedTo?: ActiveTextModel['adaptedTo'] };
    const notes: Pick<ActiveTextModel, 'heldOut' | 'adaptedTo'> = {};
    if (j.heldOut && typeof j.heldOut.accuracy === 'number' && typeof j.heldOut.macroF1 === 'number') notes.heldOut = { n: Number(j.heldOut.n) || 0, accuracy: j.heldOut.accuracy, macroF1: j.heldOut.macroF1 };
    if (j.adaptedTo && typeof j.adaptedTo.texts === 'number') notes.adaptedTo = { texts: j.adaptedTo.texts, selfLabelled: Number(j.adaptedTo.selfLabelled) || 0 };
    return notes;
  } catch {
    return {};
  }
}

/** The folder of a store's own model (null for an in-memory store). */
export function storeTextModelDir(storePath: string, task: StoreTextTask): string | null {
  return storePath && storePath !== ':memory:' ? `${storePath}.models/text-${task}` : null;
}

/**
 * A new folder for a model trained or adapted from the app, so the user need not name one: beside the store
 * (`<store>.models/trained-<task>-<time>`), or under the data folder for a store kept in memory.
 */
export function trainedModelDir(storePath: string, dataDir: string, task: StoreTextTask, now: Date = new Date()): string {
  const stamp = now.toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
  const name = `trained-${task}-${stamp}`;
  return storePath && storePath !== ':memory:' ? `${storePath}.models/${name}` : join(dataDir, 'text-models', name);
}

/** How many models trained from the app a store keeps per task (besides the one in use) once a new one is put in use. */
export const KEEP_TRAINED = 3;

/**
 * Removes the oldest folders the app trained for a task beside the store (`<store>.models/trained-<task>-<time>`),
 * keeping the newest `keep` and always `inUse` (the folder just put in use). Other folders are never touched.
 * Returns the folders removed.
 */
export function pruneTrainedModels(storePath: string, task: StoreTextTask, inUse: string | null, keep = KEEP_TRAINED): string[] {
  if (!storePath || storePath === ':memory:') return [];
  const root = `${storePath}.models`;
  let names: string[];
  try {
    names = readdirSync(root, { withFileTypes: true }).filter((e) => e.isDirectory() && new RegExp(`^trained-${task}-\\d{8}-\\d{6}$`).test(e.name)).map((e) => e.name);
  } catch {
    return [];
  }
  // The stamp sorts as text: newest first.
  names.sort((a, b) => (a < b ? 1 : a > b ? -1 : 0));
  const used = inUse ? resolve(inUse) : null;
  const removed: string[] = [];
  for (const name of names.slice(keep)) {
    const dir = join(root, name);
    if (resolve(dir) === used) continue;
    rmSync(dir, { recursive: true, force: true });
    removed.push(dir);
  }
  if (removed.length) log.info({ task, removed: removed.length }, 'removed older trained text models');
  return removed;
}

export { inStoreModels } from '../security/path-policy';

/**
 * Why a model folder could not be loaded, in the user's language and naming the file: the parser's and the file
 * system's own words are English, and would sit inside a Chinese sentence.
 */
export function unreadableReason(e: unknown, dir: string, lang: Lang): string {
  const err = e as NodeJS.ErrnoException;
  if (e instanceof SyntaxError) {
    let at: { line: number; column: number } | null = null;
    try {
      at = jsonErrorAt(readFileSync(join(dir, 'model.json'), 'utf8'));
    } catch {
      // unreadable now: report the JSON error without a place
    }
    return tr(chatMessages, lang, 'reason_json', { file: 'model.json', line: at?.line ?? 1, column: at?.column ?? 1 });
  }
  if (err?.code === 'ENOENT') return tr(chatMessages, lang, 'reason_missing', { file: err.path ? basename(err.path) : 'model.json' });
  const m = err instanceof Error ? err.message : String(e);
  if (/model\.json is missing/.test(m)) return tr(chatMessages, lang, 'reason_missing', { file: 'model.json' });
  if (/^Not a text model/.test(m)) return tr(chatMessages, lang, 'reason_format', { file: 'model.json' });
  if (/^Text model weights are/.test(m)) return tr(chatMessages, lang, 'reason_weights', { file: 'weights.bin' });
  return m;
}

/** Throws a user error naming the folder when it holds no readable model for the task. */
async function check(dir: string, task: StoreTextTask, lang: Lang): Promise<void> {
  await selectBackend();
  let bag;
  try {
    bag = loadBag(dir);
  } catch (e) {
    const reason = unreadableReason(e, dir, lang);
    throw new EngineError('user_error', tr(chatMessages, lang, 'model_unreadable', { dir, reason }), { dir, reason });
  }
  try {
    if (task === 'sentiment') sentimentFrom(bag);
  } catch (e) {
    const reason = tr(chatMessages, lang, 'reason_labels', { labels: bag.labels.join(', ') });
    log.debug({ dir, err: (e as Error).message }, 'not a sentiment model');
    throw new EngineError('user_error', tr(chatMessages, lang, 'model_wrong_task', { dir, reason }), { dir, reason });
  } finally {
    bag.dispose();
  }
}

/**
 * Makes the store use the model in `dir` for the task (copied, so the source folder may go away), or the shipped model
 * again when `dir` is null. The copy is written under a temporary name and renamed whole.
 */
export async function useTextModel(storePath: string, task: StoreTextTask, dir: string | null, lang: Lang): Promise<ActiveTextModel> {
  const target = storeTextModelDir(storePath, task);
  if (!target) throw new EngineError('user_error', tr(chatMessages, lang, 'model_needs_file', {}));
  if (dir === null) {
    rmSync(target, { recursive: true, force: true });
    return { task, source: 'shipped', dir: shippedModelDir(task) };
  }
  await check(dir, task, lang);
  if (resolve(dir) === resolve(target)) return { task, source: 'store', dir: target, ...trainingNotes(target) };
  makeDirs(dirname(target));
  const tmp = join(dirname(target), `.${basename(target)}.${process.pid}.tmp`);
  rmSync(tmp, { recursive: true, force: true });
  cpSync(dir, tmp, { recursive: true });
  const old = `${tmp}.old`;
  if (existsSync(target)) renameSync(target, old);
  renameSync(tmp, target);
  rmSync(old, { recursive: true, force: true });
  // A merchant who trains often would fill the disk with folders nobody will use again.
  pruneTrainedModels(storePath, task, dir);
  return { task, source: 'store', dir: target, ...trainingNotes(target) };
}

/** The model a task uses now: the store's own when it has a readable one, else the shipped one (with a warning if the store's is damaged). */
export async function activeTextModel(storePath: string, task: StoreTextTask, lang: Lang = 'en'): Promise<ActiveTextModel> {
  const own = storeTextModelDir(storePath, task);
  if (own && existsSync(own)) {
    try {
      await check(own, task, lang);
      return { task, source: 'store', dir: own, ...trainingNotes(own) };
    } catch (e) {
      // check() already worded the reason in `lang`; the warning repeats only the reason, not the whole sentence.
      const warning = tr(chatMessages, lang, 'model_fallback', { dir: own, reason: (e instanceof EngineError && (e.details as { reason?: string } | undefined)?.reason) || (e as Error).message });
      log.warn({ dir: own, err: (e as Error).message }, 'store text model unreadable; using the shipped one');
      return { task, source: 'shipped', dir: shippedModelDir(task), warning };
    }
  }
  return { task, source: 'shipped', dir: shippedModelDir(task) };
}
