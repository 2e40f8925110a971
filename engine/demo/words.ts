/** Word lists the demo catalogue composes its Chinese and English product titles from. */
import type { CategoryCode } from './categories';

/** A word in both languages. */
export interface Word {
  zh: string;
  en: string;
}

/** A colour in both languages with the hex the product image is drawn in. */
export interface Colour extends Word {
  hex: string;
}

/** A kind of product within a category (drawn as its own shape). */
export interface Subtype extends Word {
  key: string;
  materials: Word[];
  styles: Word[];
  colours: Colour[];
  sizes?: string[];
  gendered?: boolean;
  /** Extra log-demand per +10 °C (e.g. sunglasses, sunscreen). */
  tempExtra?: number;
  /** Own yearly season instead of the category's (sunscreen in summer, blankets in winter). */
  season?: { yearlyAmp: number; yearlyPeakDoy: number };
}

const w = (zh: string, en: string): Word => ({ zh, en });
const c = (zh: string, en: string, hex: string): Colour => ({ zh, en, hex });

const CLOTH: Colour[] = [
  c('白色', 'White', '#f2f2f2'), c('黑色', 'Black', '#222222'), c('藏青', 'Navy', '#1f2f5a'), c('红色', 'Red', '#c62828'),
  c('卡其', 'Khaki', '#c3a56b'), c('灰色', 'Grey', '#8a8a8a'), c('粉色', 'Pink', '#f48fb1'), c('天蓝', 'Sky Blue', '#64b5f6'),
  c('墨绿', 'Forest Green', '#2e7d32'), c('姜黄', 'Mustard', '#e0a800'),
];
const FRAME: Colour[] = [
  c('黑色', 'Black', '#1b1b1b'), c('玳瑁', 'Tortoiseshell', '#7a4a1e'), c('金色', 'Gold', '#c9a227'), c('银色', 'Silver', '#b8bcc2'),
  c('透明', 'Clear', '#d9e6ef'), c('酒红', 'Burgundy', '#7b1f3a'),
];
const METAL: Colour[] = [c('银色', 'Silver', '#c0c4c9'), c('金色', 'Gold', '#d4af37'), c('玫瑰金', 'Rose Gold', '#d99a8a')];
const SHADE: Colour[] = [
  c('正红', 'Classic Red', '#c0102a'), c('豆沙', 'Rose Nude', '#b86e6e'), c('橘调', 'Coral', '#ef6f4f'), c('梅子', 'Plum', '#7d2a4f'),
  c('裸粉', 'Nude Pink', '#e3a6a0'),
];
const BOTTLE: Colour[] = [c('白色', 'White', '#f4f4f4'), c('粉色', 'Pink', '#f6c1cf'), c('蓝色', 'Blue', '#7fb3e6'), c('金色', 'Gold', '#d9b45a')];
const GADGET: Colour[] = [
  c('黑色', 'Black', '#202020'), c('白色', 'White', '#f5f5f5'), c('透明', 'Clear', '#dfe9f0'), c('午夜蓝', 'Midnight Blue', '#1c2c4c'),
  c('薰衣草紫', 'Lavender', '#b39ddb'), c('薄荷绿', 'Mint', '#98d8b8'),
];
const HOMEC: Colour[] = [
  c('米白', 'Ivory', '#f3ead8'), c('雾蓝', 'Dusty Blue', '#8aa6c1'), c('燕麦', 'Oatmeal', '#d8c7a8'), c('墨绿', 'Forest Green', '#2f5d46'),
  c('砖红', 'Terracotta', '#c2603f'), c('炭灰', 'Charcoal', '#444a50'),
];

/** Subtypes per category. */
export const SUBTYPES: Record<CategoryCode, Subtype[]> = {
  apparel: [
    { key: 'tshirt', zh: 'T恤', en: 'T-shirt', gendered: true, sizes: ['S', 'M', 'L', 'XL'], colours: CLOTH,
      materials: [w('纯棉', 'Cotton'), w('莫代尔', 'Modal'), w('亚麻', 'Linen')], styles: [w('圆领', 'Crew-neck'), w('V领', 'V-neck'), w('宽松', 'Relaxed-fit')] },
    { key: 'hoodie', zh: '连帽卫衣', en: 'Hoodie', gendered: true, sizes: ['S', 'M', 'L', 'XL'], colours: CLOTH,
      materials: [w('加绒', 'Fleece'), w('纯棉', 'Cotton')], styles: [w('宽松', 'Oversized'), w('拉链', 'Zip-up')] },
    { key: 'dress', zh: '连衣裙', en: 'Dress', sizes: ['S', 'M', 'L'], colours: CLOTH,
      materials: [w('雪纺', 'Chiffon'), w('棉麻', 'Cotton-linen')], styles: [w('碎花', 'Floral'), w('收腰', 'Fitted'), w('长款', 'Maxi')] },
    { key: 'pants', zh: '休闲裤', en: 'Trousers', gendered: true, sizes: ['S', 'M', 'L', 'XL'], colours: CLOTH,
      materials: [w('纯棉', 'Cotton'), w('冰丝', 'Ice-silk')], styles: [w('直筒', 'Straight-leg'), w('阔腿', 'Wide-leg')] },
  ],
  eyewear: [
    { key: 'sunglasses', zh: '太阳镜', en: 'Sunglasses', colours: FRAME, tempExtra: 0.2,
      materials: [w('偏光', 'Polarised'), w('钛合金', 'Titanium'), w('板材', 'Acetate')], styles: [w('圆框', 'Round'), w('方框', 'Square'), w('飞行员', 'Aviator'), w('猫眼', 'Cat-eye')] },
    { key: 'optical', zh: '光学镜架', en: 'Optical Frame', colours: FRAME, tempExtra: -0.2, season: { yearlyAmp: 0.1, yearlyPeakDoy: 245 },
      materials: [w('钛合金', 'Titanium'), w('TR90', 'TR90'), w('板材', 'Acetate')], styles: [w('圆框', 'Round'), w('方框', 'Square')] },
    { key: 'bluelight', zh: '防蓝光眼镜', en: 'Blue-light Glasses', colours: FRAME, tempExtra: -0.2, season: { yearlyAmp: 0.1, yearlyPeakDoy: 245 },
      materials: [w('TR90', 'TR90'), w('超轻', 'Ultralight')], styles: [w('方框', 'Square'), w('圆框', 'Round')] },
  ],
  jewellery: [
    { key: 'ring', zh: '戒指', en: 'Ring', colours: METAL, sizes: ['#12', '#14', '#16'],
      materials: [w('925银', 'Sterling Silver'), w('18K金', '18K Gold'), w('钛钢', 'Titanium Steel')], styles: [w('简约', 'Minimalist'), w('镶钻', 'Crystal'), w('复古', 'Vintage')] },
    { key: 'necklace', zh: '项链', en: 'Necklace', colours: METAL,
      materials: [w('925银', 'Sterling Silver'), w('珍珠', 'Pearl')], styles: [w('锁骨链', 'Choker'), w('吊坠', 'Pendant')] },
    { key: 'earrings', zh: '耳环', en: 'Earrings', colours: METAL,
      materials: [w('925银', 'Sterling Silver'), w('珍珠', 'Pearl')], styles: [w('耳钉', 'Stud'), w('圈形', 'Hoop'), w('流苏', 'Drop')] },
  ],
  beauty: [
    { key: 'lipstick', zh: '口红', en: 'Lipstick', colours: SHADE,
      materials: [w('丝绒', 'Velvet'), w('滋润', 'Moisturising')], styles: [w('哑光', 'Matte'), w('水光', 'Glossy')] },
    { key: 'sunscreen', zh: '防晒霜 SPF50', en: 'Sunscreen SPF50', colours: BOTTLE, tempExtra: 0.3, sizes: ['50ml'], season: { yearlyAmp: 0.7, yearlyPeakDoy: 185 },
      materials: [w('清爽', 'Lightweight'), w('水感', 'Water-gel')], styles: [w('户外', 'Outdoor'), w('敏感肌', 'Sensitive-skin')] },
    { key: 'serum', zh: '精华液', en: 'Serum', colours: BOTTLE, sizes: ['30ml', '50ml'],
      materials: [w('玻尿酸', 'Hyaluronic'), w('烟酰胺', 'Niacinamide'), w('维C', 'Vitamin C')], styles: [w('保湿', 'Hydrating'), w('修护', 'Repair')] },
    { key: 'cream', zh: '面霜', en: 'Face Cream', colours: BOTTLE, sizes: ['50g'],
      materials: [w('神经酰胺', 'Ceramide'), w('积雪草', 'Centella')], styles: [w('保湿', 'Hydrating'), w('舒缓', 'Soothing')] },
  ],
  phone_accessories: [
    { key: 'case', zh: '手机壳', en: 'Phone Case', colours: GADGET, sizes: ['iPhone 16', 'iPhone 15', 'Mate 60', 'Xiaomi 14'],
      materials: [w('硅胶', 'Silicone'), w('TPU', 'TPU'), w('皮革', 'Leather')], styles: [w('磁吸', 'MagSafe'), w('防摔', 'Shockproof'), w('透明', 'Clear')] },
    { key: 'charger', zh: '快充充电器', en: 'Fast Charger', colours: GADGET, sizes: ['20W', '35W', '65W'],
      materials: [w('氮化镓', 'GaN')], styles: [w('双口', 'Dual-port'), w('折叠', 'Foldable')] },
    { key: 'cable', zh: '数据线', en: 'USB-C Cable', colours: GADGET, sizes: ['1m', '2m'],
      materials: [w('编织', 'Braided'), w('硅胶', 'Silicone')], styles: [w('快充', 'Fast-charge'), w('弯头', 'Right-angle')] },
    { key: 'earbuds', zh: '无线耳机', en: 'Wireless Earbuds', colours: GADGET,
      materials: [w('蓝牙5.3', 'Bluetooth 5.3')], styles: [w('降噪', 'Noise-cancelling'), w('运动', 'Sport')] },
  ],
  home: [
    { key: 'mug', zh: '马克杯', en: 'Mug', colours: HOMEC, sizes: ['350ml', '450ml'],
      materials: [w('陶瓷', 'Ceramic'), w('骨瓷', 'Bone China')], styles: [w('北欧', 'Nordic'), w('手绘', 'Hand-painted')] },
    { key: 'cushion', zh: '抱枕', en: 'Cushion', colours: HOMEC, sizes: ['45x45cm'], tempExtra: -0.1,
      materials: [w('棉麻', 'Cotton-linen'), w('天鹅绒', 'Velvet')], styles: [w('条纹', 'Striped'), w('素色', 'Plain')] },
    { key: 'blanket', zh: '毛毯', en: 'Throw Blanket', colours: HOMEC, sizes: ['130x160cm'], tempExtra: -0.25, season: { yearlyAmp: 0.7, yearlyPeakDoy: 10 },
      materials: [w('法兰绒', 'Flannel'), w('珊瑚绒', 'Coral Fleece')], styles: [w('格纹', 'Checked'), w('素色', 'Plain')] },
    { key: 'lamp', zh: '台灯', en: 'Desk Lamp', colours: HOMEC,
      materials: [w('金属', 'Metal'), w('木质', 'Wooden')], styles: [w('护眼', 'Eye-care'), w('复古', 'Vintage')] },
    { key: 'vase', zh: '花瓶', en: 'Vase', colours: HOMEC,
      materials: [w('玻璃', 'Glass'), w('陶瓷', 'Ceramic')], styles: [w('北欧', 'Nordic'), w('极简', 'Minimal')] },
  ],
};

/** Invented brands per category. */
export const BRANDS: Record<CategoryCode, string[]> = {
  apparel: ['Qingshan 青衫', 'UrbanLeaf', 'Moli 茉里'],
  eyewear: ['SunPeak', 'Jingtu 镜途'],
  jewellery: ['Yuelan 月澜', 'Silverline'],
  beauty: ['Huaxi 花溪', 'PureDew', 'Lumi 露米'],
  phone_accessories: ['Voltix', 'Kaka 咔咔', 'ShieldPro'],
  home: ['Nuanjia 暖家', 'Casa Mo'],
};

/** Genders for gendered apparel. */
export const GENDERS: Word[] = [w('男士', "Men's"), w('女士', "Women's")];

/** A supplier with its lead time (mean and standard deviation in days). */
export interface SupplierDef {
  name: string;
  categories: CategoryCode[];
  leadMean: number;
  leadSd: number;
}

/** The shop's eight suppliers. */
export const SUPPLIERS: SupplierDef[] = [
  { name: 'Guangzhou Baiyun Garment Co. 广州白云服饰', categories: ['apparel'], leadMean: 12, leadSd: 3 },
  { name: 'Hangzhou Silk & Knit 杭州丝织', categories: ['apparel'], leadMean: 18, leadSd: 5 },
  { name: 'Xiamen Optical Works 厦门光学', categories: ['eyewear'], leadMean: 21, leadSd: 6 },
  { name: 'Yiwu Ornament Trading 义乌饰品', categories: ['jewellery'], leadMean: 10, leadSd: 2 },
  { name: 'Shanghai Beauty OEM 上海美妆代工', categories: ['beauty'], leadMean: 25, leadSd: 7 },
  { name: 'Shenzhen Huaqiang Electronics 深圳华强电子', categories: ['phone_accessories'], leadMean: 7, leadSd: 2 },
  { name: 'Dongguan Accessory Factory 东莞配件厂', categories: ['phone_accessories', 'jewellery'], leadMean: 9, leadSd: 3 },
  { name: 'Jingdezhen Home Goods 景德镇家居', categories: ['home'], leadMean: 15, leadSd: 4 },
];
