/** The demo shop's customers: bilingual names, cities, sign-up days and a skew toward loyal regulars. */
import { timestamp } from './dates';
import { Rng } from './rng';

/** One generated customer. */
export interface DemoCustomer {
  id: number;
  externalId: string;
  name: string;
  email: string;
  city: string;
  /** Day index of sign-up (may be before the data starts). */
  signup: number;
  /** Prefers Chinese (true) or English (false) in chats and searches. */
  zh: boolean;
}

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '罗', '高'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '洋', '艳', '勇', '杰', '娟', '涛', '明', '超', '秀英', '霞', '平', '婷', '雪', '晨', '欣怡', '子涵', '浩然', '一诺'];
const PINYIN = ['wei', 'fang', 'na', 'min', 'jing', 'li', 'qiang', 'lei', 'yang', 'yan', 'yong', 'jie', 'juan', 'tao', 'ming', 'chao', 'xiuying', 'xia', 'ping', 'ting', 'xue', 'chen', 'xinyi', 'zihan', 'haoran', 'yinuo'];
const FIRST_EN = ['Emma', 'Liam', 'Olivia', 'Noah', 'Ava', 'Lucas', 'Mia', 'Ethan', 'Chloe', 'Leo', 'Grace', 'Ryan', 'Zoe', 'Daniel', 'Lily'];
const LAST_EN = ['Smith', 'Chan', 'Wong', 'Brown', 'Lee', 'Tan', 'Taylor', 'Ng', 'Martin', 'Garcia', 'Kim', 'Nguyen'];
const CITIES: [string, number][] = [
  ['上海 Shanghai', 18], ['北京 Beijing', 14], ['广州 Guangzhou', 10], ['深圳 Shenzhen', 10], ['杭州 Hangzhou', 8], ['成都 Chengdu', 7],
  ['南京 Nanjing', 6], ['武汉 Wuhan', 6], ['苏州 Suzhou', 5], ['西安 Xi’an', 4], ['重庆 Chongqing', 5], ['香港 Hong Kong', 3], ['Singapore', 2], ['Vancouver', 2],
];

/** Generates `n` customers whose sign-up days spread from `earliest` to the last day. */
export function generateCustomers(seed: number, n: number, days: number): DemoCustomer[] {
  const rng = Rng.forPhase(seed, 'customers');
  const earliest = -400;
  const signups = Array.from({ length: n }, (_, i) => (i === 0 ? earliest : earliest + rng.int(days - earliest))).sort((a, b) => a - b);
  const cityWeights = CITIES.map((c) => c[1]);
  return signups.map((signup, i) => {
    const zh = rng.chance(0.78);
    const id = i + 1;
    let name: string;
    let email: string;
    if (zh) {
      const s = rng.int(SURNAMES.length);
      const g = rng.int(GIVEN.length);
      name = SURNAMES[s] + GIVEN[g];
      email = `${PINYIN[g]}${id}@example.cn`;
    } else {
      const f = rng.pick(FIRST_EN);
      name = `${f} ${rng.pick(LAST_EN)}`;
      email = `${f.toLowerCase()}.${id}@example.com`;
    }
    return { id, externalId: `C${String(id).padStart(6, '0')}`, name, email, city: CITIES[rng.weighted(cityWeights)][0], signup, zh };
  });
}

/** Sign-up timestamp of a customer relative to the first day of the data. */
export function signupTimestamp(c: DemoCustomer, first: number): string {
  return timestamp(first + c.signup, 36_000 + (c.id % 3600));
}
