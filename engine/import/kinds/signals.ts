/** External demand signals (weather, sentiment, holidays, promotions, custom) by date, kind and key. */
import { mappedCols, upsertPlan } from '../plan';
import type { KindDef } from '../types';
import { DATE_SYNONYMS, field } from './fields';

/** The signals import kind. */
export const signalsKind: KindDef = {
  name: 'signals',
  label: { en: 'Signals', zh: '外部信号' },
  fields: [
    field('date', 'date', 'Date', '日期', DATE_SYNONYMS, { required: true }),
    field('kind', 'enum', 'Kind', '类型', ['kind', 'type', 'signal', 'signal type', '类型', '信号类型'], {
      required: true,
      values: ['weather', 'sentiment', 'holiday', 'promotion', 'custom'],
      aliases: { 天气: 'weather', 舆情: 'sentiment', 情绪: 'sentiment', 口碑: 'sentiment', 节假日: 'holiday', 假日: 'holiday', 节日: 'holiday', 促销: 'promotion', 活动: 'promotion', promo: 'promotion', 自定义: 'custom', 其他: 'custom', other: 'custom' },
    }),
    field('key', 'text', 'Key', '键', ['key', 'name', 'metric', 'scope', '键', '指标', '名称', '范围'], { default: 'all', identifier: true }),
    field('value', 'number', 'Value', '数值', ['value', 'amount', 'score', 'level', '数值', '值', '分数'], { required: true }),
    field('label', 'text', 'Label', '说明', ['label', 'description', 'note', 'comment', '说明', '备注', '描述']),
  ],
  plan(mapped) {
    return upsertPlan(this, mapped, {
      table: 'signals',
      key: [['date', 's.date'], ['kind', 's.kind'], ['key', mapped.includes('key') ? 's.key' : "'all'"]],
      cols: [['value', 's.value'], ...mappedCols(mapped, ['label'])],
    });
  },
};
