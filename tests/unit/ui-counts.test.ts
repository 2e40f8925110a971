// Count messages of the UI (renderer/src/i18n) as a merchant reads them: "1 row", "1 preview", "the file" in English,
// never "1 rows"; the Chinese text is the same for one and for many.
import i18next, { type i18n as I18n } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
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
});
