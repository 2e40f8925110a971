import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { zodIssues } from '../../engine/zod-messages';

/** One schema and payload per zod issue kind a user can meet, with the message each gives in Chinese. */
const CASES: { kind: string; schema: z.ZodType; input: unknown; zh: string }[] = [
  { kind: 'number below a minimum (desk forecast --horizon 0)', schema: z.number().int().min(1), input: 0, zh: '数值过小：应不小于 1' },
  { kind: 'number above a maximum', schema: z.number().max(0.999), input: 2, zh: '数值过大：应不大于 0.999' },
  { kind: 'number not above an exclusive bound', schema: z.number().positive(), input: 0, zh: '数值过小：应大于 0' },
  { kind: 'text too short', schema: z.string().min(1), input: '', zh: '文字过短：至少 1 个字符' },
  { kind: 'text too long', schema: z.string().max(3), input: 'abcd', zh: '文字过长：至多 3 个字符' },
  { kind: 'text of an exact length', schema: z.string().length(2), input: 'abc', zh: '文字过长：应恰好为 2 个字符' },
  { kind: 'list with too few items', schema: z.array(z.string()).min(1), input: [], zh: '项数过少：至少 1 项' },
  { kind: 'list with too many items', schema: z.array(z.number()).max(1), input: [1, 2], zh: '项数过多：至多 1 项' },
  { kind: 'date too early', schema: z.date().min(new Date('2026-01-01T00:00:00Z')), input: new Date('2025-06-01T00:00:00Z'), zh: '日期过早：应不早于 2026-01-01' },
  { kind: 'text where a number goes', schema: z.number(), input: 'five', zh: '无效输入：应为数字，实际为文字' },
  { kind: 'a missing value', schema: z.object({ days: z.number() }), input: {}, zh: '缺少此项：应为数字' },
  { kind: 'a number where yes/no goes', schema: z.boolean(), input: 1, zh: '无效输入：应为是/否，实际为数字' },
  { kind: 'null where text goes', schema: z.string(), input: null, zh: '无效输入：应为文字，实际为空值' },
  { kind: 'an unknown field', schema: z.strictObject({ days: z.number() }), input: { days: 1, dayz: 2 }, zh: '无法识别的字段：dayz' },
  { kind: 'a bad key', schema: z.record(z.string().min(2), z.string()), input: { f: 'x' }, zh: '对象中有无效的键' },
  { kind: 'a bad value under an object key', schema: z.map(z.object({}), z.number()), input: new Map([[{}, 'x']]), zh: '映射表中有无效的值' },
  { kind: 'a bad e-mail address', schema: z.email(), input: 'nobody', zh: '格式无效：应为电子邮件地址' },
];

describe('zod validation messages in Chinese', () => {
  it.each(CASES)('$kind: worded in Chinese, no English words left (flag, field and value names aside)', ({ schema, input, zh }) => {
    const issues = zodIssues(schema, input, 'zh');
    expect(issues.map((i) => i.message)).toEqual([zh]);
    // Only names the user typed (the field dayz) may stay in Latin letters.
    expect(issues[0].message.replace(/dayz/g, '')).not.toMatch(/[A-Za-z]{2,}/);
  });

  it('the English messages stay as zod words them', () => {
    expect(zodIssues(z.number().int().min(1), 0, 'en')[0].message).toBe('Too small: expected number to be >=1');
    expect(zodIssues(z.number(), 'five', 'en')[0].message).toBe('Invalid input: expected number, received string');
  });
});
