// Count messages of the UI (renderer/src/i18n) as a merchant reads them: "1 row", "1 preview", "the file" in English,
// never "1 rows"; two counts in one sentence each agree with their own number; the Chinese text is the same for one and
// for many, except where one has a wording of its own (the try-on button).
import i18next, { type i18n as I18n } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { accuracyTitle, adaptedTexts, adaptedTo, graphTunedNote, heldOutScore, recsExportedNote, tryonBatchLabel } from '../../renderer/src/i18n/counts';
import { renderMsg, type Msg } from '../../renderer/src/i18n/msg';
import en from '../../renderer/src/i18n/en.json';
import zh from '../../renderer/src/i18n/zh.json';

const ui: Record<'en' | 'zh', I18n> = { en: i18next.createInstance(), zh: i18next.createInstance() };

beforeAll(async () => {
  for (const lng of ['en', 'zh'] as const) {
    await ui[lng].init({ resources: { en: { translation: en }, zh: { translation: zh } }, lng, fallbackLng: false, interpolation: { escapeValue: false } });
  }
});

describe('count messages', () => {
  it('price export: "Wrote 1 row" and "Wrote 3 rows"', () => {
    expect(ui.en.t('priceExport.done', { written: 1, count: 1, path: 'prices.csv' })).toBe('Wrote 1 row to prices.csv.');
    expect(ui.en.t('priceExport.done', { written: 3, count: 3, path: 'prices.csv' })).toBe('Wrote 3 rows to prices.csv.');
    expect(ui.zh.t('priceExport.done', { written: 1, count: 1, path: 'prices.csv' })).toBe('已写入 1 行到 prices.csv。');
  });

  it('try-on batch: "1 preview saved" and "2 previews saved"', () => {
    expect(ui.en.t('tryon.batchDone', { made: 1, count: 1, failed: 0 })).toBe('1 preview saved, 0 could not be made');
    expect(ui.en.t('tryon.batchDone', { made: 2, count: 2, failed: 1 })).toBe('2 previews saved, 1 could not be made');
    expect(ui.zh.t('tryon.batchDone', { made: 1, count: 1, failed: 0 })).toBe('已保存 1 张预览，0 张无法生成');
  });

  it('photo upload of files that are not photos: "The file is not..." for one, "None of the 2 files..." for more', () => {
    expect(ui.en.t('data.photos.noneUsable', { n: 1, count: 1 })).toBe('The file is not a photo or a CSV.');
    expect(ui.en.t('data.photos.noneUsable', { n: 2, count: 2 })).toBe('None of the 2 files is a photo or a CSV.');
    expect(ui.zh.t('data.photos.noneUsable', { n: 1, count: 1 })).toBe('1 个文件中没有图片或 CSV。');
  });

  /** A message as each UI language shows it. */
  const both = (m: Msg): { en: string; zh: string } => ({ en: renderMsg(m, ui.en), zh: renderMsg(m, ui.zh) });

  it('recommendation export: each of the two counts agrees with its own number', () => {
    expect(both(recsExportedNote({ list: 'recommended', rows: 1, customers: 1 }))).toEqual({ en: 'Exported 1 recommendation for 1 customer', zh: '已为 1 位顾客导出 1 条推荐' });
    expect(both(recsExportedNote({ list: 'recommended', rows: 10, customers: 1 })).en).toBe('Exported 10 recommendations for 1 customer');
    expect(both(recsExportedNote({ list: 'recommended', rows: 20, customers: 2 }))).toEqual({ en: 'Exported 20 recommendations for 2 customers', zh: '已为 2 位顾客导出 20 条推荐' });
    expect(both(recsExportedNote({ list: 'revisit', rows: 1, customers: 1 }))).toEqual({ en: 'Exported 1 viewed-but-not-bought product for 1 customer', zh: '已为 1 位顾客导出 1 件看过未买的商品' });
    expect(both(recsExportedNote({ list: 'revisit', rows: 3, customers: 2 })).en).toBe('Exported 3 viewed-but-not-bought products for 2 customers');
  });

  it('text models: "1 row not trained on", "1 text from the store", "1 of 1 text used"', () => {
    const score = (n: number): Msg => heldOutScore({ accuracy: '90%', macroF1: '80%', n });
    expect(both(score(1))).toEqual({ en: 'Held-out accuracy 90%, macro-F1 80% (1 row not trained on)', zh: '留出集准确率 90%，宏 F1 80%（1 行未参与训练）' });
    expect(both(score(40)).en).toBe('Held-out accuracy 90%, macro-F1 80% (40 rows not trained on)');
    expect(both(adaptedTo(1))).toEqual({ en: 'Adapted to 1 text from the store', zh: '已适应店铺的 1 条文本' });
    expect(both(adaptedTo(250)).en).toBe('Adapted to 250 texts from the store');
    expect(both(adaptedTexts({ supported: 1, texts: 1, selfLabelled: 0 }))).toEqual({
      en: "1 of 1 text used (Chinese or English); 0 learnt with the model's own labels",
      zh: '使用了 1 条中的 1 条（中文或英文）；其中 0 条按模型自己的标签学习',
    });
    expect(both(adaptedTexts({ supported: 18, texts: 20, selfLabelled: 5 })).en).toBe("18 of 20 texts used (Chinese or English); 5 learnt with the model's own labels");
  });

  it('visual search weight tuning: "1 product bought with another"', () => {
    const note = (reason: 'helps' | 'no_clear_gain' | 'too_little_history', anchors: number): Msg => graphTunedNote(reason, { weight: '0.30', anchors, anchorsText: anchors.toLocaleString('en'), from: '2026-01-01' });
    expect(both(note('helps', 1)).en).toMatch(/^Measured on orders since 2026-01-01 \(1 product bought with another\): weight 0\.30 clearly raised/);
    expect(both(note('helps', 1)).zh).toMatch(/^用 2026-01-01 以来的订单测量（1 个商品与其他商品一起被购买）：权重 0\.30/);
    expect(both(note('helps', 1200)).en).toMatch(/\(1,200 products bought with another\)/);
    expect(both(note('no_clear_gain', 1)).en).toMatch(/^Measured on orders since 2026-01-01 \(1 product bought with another\): no weight/);
    expect(both(note('no_clear_gain', 5)).en).toMatch(/\(5 products bought with another\)/);
    expect(both(note('too_little_history', 1))).toEqual({
      en: 'Too few products were bought together since 2026-01-01 (1) to measure; the default stays 0.30 (order by looks).',
      zh: '2026-01-01 以来一起购买的商品太少（1 个），无法测量；默认仍为 0.30（按外观排序）。',
    });
  });

  it('forecast accuracy title: "1 fold × 1 day" and "3 folds × 28 days"', () => {
    expect(both(accuracyTitle({ folds: 1, horizon: 1 }, '2026-11-30'))).toEqual({ en: 'Backtest of the latest run: 1 fold × 1 day, history to 2026-11-30', zh: '最近一次运行的回测：1 折 × 1 天，历史截至 2026-11-30' });
    expect(both(accuracyTitle({ folds: 3, horizon: 28 }, '2026-11-30'))).toEqual({ en: 'Backtest of the latest run: 3 folds × 28 days, history to 2026-11-30', zh: '最近一次运行的回测：3 折 × 28 天，历史截至 2026-11-30' });
  });

  it('try-on batch button: one photo has its own wording in Chinese (not "在全部 1 张照片上")', () => {
    expect(both(tryonBatchLabel(1))).toEqual({ en: 'Try on the 1 photo', zh: '在这 1 张照片上试戴' });
    expect(both(tryonBatchLabel(3))).toEqual({ en: 'Try on all 3 photos', zh: '在全部 3 张照片上试戴' });
  });
});
