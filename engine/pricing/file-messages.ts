/** Messages about the pricing domain's input files (scenario JSON) in both languages. */
import type { Catalog } from '../i18n';

/** Catalogue of scenario file errors (use with `both`). */
export const pricingFileMessages: Catalog = {
  en: {
    scenario_field: '{source}: field {field}: {reason}',
    below_max: 'must be below price.max ({max})',
    reorder_over: 'must not exceed inventory.orderUpTo',
    floor_ceil: 'must be below ceilRatio',
    promo_cycle: 'must be shorter than cycleDays',
    bad_json: '{path}: not valid JSON: {reason}',
  },
  zh: {
    scenario_field: '{source}：字段 {field}：{reason}',
    below_max: '必须低于 price.max（{max}）',
    reorder_over: '不得超过 inventory.orderUpTo',
    floor_ceil: '必须低于 ceilRatio',
    promo_cycle: '必须短于 cycleDays',
    bad_json: '{path}：不是有效的 JSON：{reason}',
  },
};
