/**
 * Sentences of the UI with counts in them, each count agreeing with its own number in English ("1 fold × 7 days",
 * "1 recommendation for 3 customers"): where one sentence holds two counts, each is its own phrase, singular or plural
 * on its own (i18next picks one plural per message). Chinese has one form for every number.
 */
import { msg, type Msg } from './msg';

/** The note after exporting recommendations (or viewed-but-not-bought products) for customers. */
export function recsExportedNote(r: { list: 'recommended' | 'revisit'; rows: number; customers: number }): Msg {
  return msg('recs.exported', {
    rows: msg(r.list === 'revisit' ? 'recs.revisitRows' : 'recs.exportRows', { n: r.rows, count: r.rows }),
    customers: msg('recs.customerCount', { n: r.customers, count: r.customers }),
  });
}

/** The title of the forecast accuracy tab: how many folds of how many days the latest run was backtested on. */
export function accuracyTitle(run: { folds: number; horizon: number }, date: string): Msg {
  return msg('planning.accuracyTitle', {
    folds: msg('planning.foldCount', { n: run.folds, count: run.folds }),
    horizon: msg('planning.dayCount', { n: run.horizon, count: run.horizon }),
    date,
  });
}

/** A text model's held-out scores (percentages already formatted) and how many rows they were measured on. */
export function heldOutScore(h: { accuracy: string; macroF1: string; n: number }): Msg {
  return msg('chats.models.score', { accuracy: h.accuracy, macroF1: h.macroF1, n: h.n, count: h.n });
}

/** How many of the store's texts a model was adapted to. */
export function adaptedTo(texts: number): Msg {
  return msg('chats.models.adaptedTo', { n: texts, count: texts });
}

/** After adapting: how many of the file's texts were used, and how many were learnt with the model's own labels. */
export function adaptedTexts(r: { supported: number; texts: number; selfLabelled: number }): Msg {
  return msg('chats.models.adaptedTexts', { used: r.supported, n: r.texts, self: r.selfLabelled, count: r.texts });
}

/** What tuning the look-alike/bought-together weight found (weight, product count and date already formatted for show). */
export function graphTunedNote(reason: 'helps' | 'no_clear_gain' | 'too_little_history', o: { weight: string; anchors: number; anchorsText: string; from: string }): Msg {
  return msg(`visual.graphTuned_${reason}`, { weight: o.weight, anchors: o.anchorsText, from: o.from, count: o.anchors });
}

/**
 * The try-on batch button. One photo has its own wording: Chinese has no plural, and "在全部 1 张照片上" ("on all
 * 1 photos") reads wrong.
 */
export function tryonBatchLabel(photos: number): Msg {
  return photos === 1 ? msg('tryon.batchSingle') : msg('tryon.batch', { n: photos, count: photos });
}
