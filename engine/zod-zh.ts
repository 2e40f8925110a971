/**
 * Chinese wording of the zod issues whose zh-CN locale text leaks English (期望 number >=1, 键(key), 值(value)): the
 * type names, size units and bounds in Chinese. Values, patterns and field names stay as they are.
 */
import type { z } from 'zod';

const TYPES: Record<string, string> = {
  string: '文字',
  number: '数字',
  int: '整数',
  bigint: '整数',
  nan: '非数字',
  boolean: '是/否',
  date: '日期',
  symbol: '符号',
  undefined: '空（未填写）',
  null: '空值',
  void: '空',
  array: '列表',
  tuple: '列表',
  object: '对象',
  record: '对象',
  map: '映射表',
  set: '集合',
  file: '文件',
  function: '函数',
  promise: '异步结果',
  literal: '固定值',
  enum: '可选值之一',
  template_literal: '文字',
};

/** Units of the things a size bound counts, by the issue's origin. */
const UNITS: Record<string, { small: string; big: string; unit: string }> = {
  string: { small: '文字过短', big: '文字过长', unit: '个字符' },
  array: { small: '项数过少', big: '项数过多', unit: '项' },
  set: { small: '项数过少', big: '项数过多', unit: '项' },
  map: { small: '项数过少', big: '项数过多', unit: '项' },
  file: { small: '文件过小', big: '文件过大', unit: '字节' },
};

/** Formats with a Chinese name; the rest are named by zod's own id (URL, UUID, JWT are the names people use). */
const FORMATS: Record<string, string> = {
  email: '电子邮件地址',
  url: '网址',
  emoji: '表情符号',
  datetime: 'ISO 日期时间',
  date: 'ISO 日期（YYYY-MM-DD）',
  time: 'ISO 时间',
  duration: 'ISO 时长',
  ipv4: 'IPv4 地址',
  ipv6: 'IPv6 地址',
  cidrv4: 'IPv4 网段',
  cidrv6: 'IPv6 网段',
  base64: 'base64 编码文字',
  base64url: 'base64url 编码文字',
  json_string: 'JSON 文字',
  e164: 'E.164 电话号码',
  nanoid: '随机编号（nanoid）',
  cuid: '随机编号（cuid）',
  cuid2: '随机编号（cuid2）',
};

function typeName(t: string): string {
  return TYPES[t] ?? TYPES[t.toLowerCase()] ?? '对象';
}

/** The type of a received value, as zod's `parsedType` would name it. */
function receivedType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number' && Number.isNaN(v)) return 'nan';
  if (v instanceof Date) return 'date';
  return typeof v;
}

function bound(v: number | bigint, origin: string | undefined): string {
  return origin === 'date' && typeof v === 'number' ? new Date(v).toISOString().slice(0, 10) : v.toString();
}

/** The Chinese message of an issue, or undefined where zod's zh-CN text is already all Chinese. */
export function zhIssueMessage(iss: z.core.$ZodRawIssue): string | undefined {
  switch (iss.code) {
    case 'invalid_type': {
      const got = receivedType(iss.input);
      const want = typeName(iss.expected);
      return got === 'undefined' ? `缺少此项：应为${want}` : `无效输入：应为${want}，实际为${typeName(got)}`;
    }
    case 'too_small':
    case 'too_big': {
      const small = iss.code === 'too_small';
      const n = bound(small ? iss.minimum : iss.maximum, iss.origin);
      const sized = UNITS[iss.origin ?? ''];
      if (sized) {
        const rule = iss.exact ? `应恰好为 ${n} ${sized.unit}` : small ? `${iss.inclusive ? '至少' : '多于'} ${n} ${sized.unit}` : `${iss.inclusive ? '至多' : '少于'} ${n} ${sized.unit}`;
        return `${small ? sized.small : sized.big}：${rule}`;
      }
      if (iss.origin === 'date') return `日期${small ? '过早' : '过晚'}：应${small ? (iss.inclusive ? '不早于' : '晚于') : iss.inclusive ? '不晚于' : '早于'} ${n}`;
      const rule = iss.exact ? '等于' : small ? (iss.inclusive ? '不小于' : '大于') : iss.inclusive ? '不大于' : '小于';
      return `数值过${small ? '小' : '大'}：应${rule} ${n}`;
    }
    case 'invalid_format':
      if (iss.format === 'starts_with' || iss.format === 'ends_with' || iss.format === 'includes' || iss.format === 'regex') return undefined;
      return `格式无效：应为${FORMATS[iss.format] ?? ` ${iss.format} `}`.trimEnd();
    case 'unrecognized_keys':
      return `无法识别的字段：${iss.keys.join('、')}`;
    case 'invalid_key':
      return `${typeName(iss.origin)}中有无效的键`;
    case 'invalid_element':
      return `${typeName(iss.origin)}中有无效的值`;
    default:
      return undefined;
  }
}
