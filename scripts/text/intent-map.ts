/** How the public intent sets' labels map onto the store's default intents (used to train the shipped intent model). */

/** bitext (English) intent -> default intent; unlisted ones (account, newsletter, ...) are 'other'. */
export const BITEXT_MAP: Record<string, string> = {
  track_order: 'order_status', change_order: 'order_status', cancel_order: 'order_status', place_order: 'order_status',
  delivery_period: 'shipping', delivery_options: 'shipping', change_shipping_address: 'shipping', set_up_shipping_address: 'shipping',
  get_refund: 'return_refund', track_refund: 'return_refund', check_refund_policy: 'return_refund', check_cancellation_fee: 'return_refund',
  payment_issue: 'payment', check_payment_methods: 'payment', check_invoice: 'payment', get_invoice: 'payment',
  complaint: 'complaint',
};

// JDDC (Chinese) intents by the words in their names; the first rule that matches wins, the rest are 'other'.
const JDDC_RULES: [RegExp, string][] = [
  // Labels named for a problem whose messages mostly ask where an order stands ("为什么我的订单显示取消", "付款的订单找不到",
  // "没收到货，显示签收了") go to order status or shipping; only wrong, missing or broken goods and disputes are complaints.
  [/下单后无记录|订单无故取消/u, 'order_status'],
  [/订单签收异常/u, 'shipping'],
  [/正品保障/u, 'product_question'],
  [/发错货|纠纷|物流损|少商品/u, 'complaint'],
  [/退款|退换货|返回地址|返回方式|拒收|售后运费|运费险/u, 'return_refund'],
  [/价保|价格|优惠|活动|促销|礼品卡|PLUS|赠品|能否优惠|预约抢购/u, 'discount_price'],
  [/支付|白条|付款|到账|转账|货到付款|余额|充值|发票|增票|代收|回收款项/u, 'payment'],
  [/配送|物流|自提|出库|发货|送货|快递|补发$|下单地址/u, 'shipping'],
  [/订单|购物流程|下单备注|服务单|审核/u, 'order_status'],
  [/无货|库存|补货|安装|保修|属性|使用咨询|包装|生产日期|商品比较|商品检索|延保|检测单|维修/u, 'product_question'],
];

/** The default intent of a JDDC label. */
export function jddcIntent(label: string): string {
  for (const [re, intent] of JDDC_RULES) if (re.test(label)) return intent;
  return 'other';
}
