// An error kept on a screen follows a language switch: the engine's two texts when it gave both; an error with one
// text (an internal error, the engine not reachable, an older one-language refusal) is worded from its code in the
// other language, or always for a technical one, with the engine's text kept as the detail.
import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { DeskError } from '../../renderer/src/api/client';
import { jobFailure, type FinishedJob } from '../../renderer/src/api/jobs';
import { errorMsg, payloadMsg, WORDED_CODES } from '../../renderer/src/i18n/error-msg';
import { renderMsg, type Msg } from '../../renderer/src/i18n/msg';
import en from '../../renderer/src/i18n/en.json';
import zh from '../../renderer/src/i18n/zh.json';

async function ui(lng: 'en' | 'zh'): Promise<typeof i18next> {
  const i = i18next.createInstance();
  await i.init({ resources: { en: { translation: en }, zh: { translation: zh } }, lng, fallbackLng: false, interpolation: { escapeValue: false } });
  return i;
}

async function both(m: Msg): Promise<{ en: string; zh: string }> {
  return { en: renderMsg(m, await ui('en')), zh: renderMsg(m, await ui('zh')) };
}

describe('errors on screens in both languages', () => {
  it('the engine\'s two texts, picked by the UI language', async () => {
    const texts = { en: 'No image index yet: build it first', zh: '还没有图片索引：请先建立索引' };
    expect(await both(errorMsg(new DeskError('user_error', texts.en, undefined, texts, 'en')))).toEqual(texts);
  });

  it('an internal error and an unreachable engine are worded by code in each language, the engine\'s text kept', async () => {
    expect(await both(errorMsg(new DeskError('internal', "Cannot read properties of undefined (reading 'id')", undefined, undefined, 'zh')))).toEqual({
      en: "Something went wrong in Merchant Desk. Details: Cannot read properties of undefined (reading 'id')",
      zh: "Merchant Desk 内部出错。详情：Cannot read properties of undefined (reading 'id')",
    });
    expect(await both(errorMsg(new DeskError('offline', 'Failed to fetch', undefined, undefined, 'en')))).toEqual({
      en: 'The engine could not be reached: check that Merchant Desk is still running, then try again. Details: Failed to fetch',
      zh: '无法连接到引擎：请确认 Merchant Desk 仍在运行，然后再试一次。详情：Failed to fetch',
    });
  });

  it('a one-language refusal is shown as worded in its own language and by its code in the other', async () => {
    expect(await both(errorMsg(new DeskError('not_found', 'No image 7', undefined, undefined, 'en')))).toEqual({ en: 'No image 7', zh: '没有找到。详情：No image 7' });
    // A job's failure whose language is not known is shown as the engine worded it.
    expect(await both(payloadMsg({ code: 'user_error', message: '没有可训练的数据' }, null))).toEqual({ en: '没有可训练的数据', zh: '没有可训练的数据' });
    expect(await both(payloadMsg({ code: 'strange', message: '' }, 'en'))).toEqual({ en: 'The engine reported a problem (code strange).', zh: '引擎报告了一个问题（代码 strange）。' });
  });

  it('a failed job thrown from a screen (forecast, chat analysis, price simulation) keeps its code and both languages', async () => {
    const job = (error: FinishedJob['error']): FinishedJob => ({ jobId: 'j', kind: 'forecast.run', status: 'failed', done: 0, total: 0, phase: null, etaSeconds: null, result: null, error });
    const texts = { en: 'No sales yet: import orders first', zh: '还没有销售记录：请先导入订单' };
    expect(await both(errorMsg(jobFailure(job({ code: 'user_error', message: texts.zh, texts }))))).toEqual(texts);
    // Not an internal error: shown as the job worded it.
    expect(await both(errorMsg(jobFailure(job({ code: 'user_error', message: 'No sales yet' }))))).toEqual({ en: 'No sales yet', zh: 'No sales yet' });
    // Started in this window (the store picker's demo): a one-text failure is worded by its code in the other language.
    expect(await both(errorMsg(jobFailure(job({ code: 'user_error', message: 'No sales yet' }), 'en')))).toEqual({ en: 'No sales yet', zh: '无法完成此操作。详情：No sales yet' });
  });

  it('every code has its sentence in English and Chinese', async () => {
    const [e, z] = [await ui('en'), await ui('zh')];
    for (const code of [...WORDED_CODES, 'other']) {
      expect(e.exists(`errors.codes.${code}`), code).toBe(true);
      expect(z.t(`errors.codes.${code}`), code).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});
