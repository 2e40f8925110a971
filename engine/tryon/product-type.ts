/** Try-on product types and how a product's category, type attribute or title maps to one. */

/** Every product type a try-on can fit. */
export const TRYON_TYPES = ['eyewear', 'earrings', 'necklace', 'ring', 'watch', 'bracelet', 'hat', 'top'] as const;
/** A try-on product type. */
export type TryonType = (typeof TRYON_TYPES)[number];

/** True when the string is a try-on type. */
export function isTryonType(v: string): v is TryonType {
  return (TRYON_TYPES as readonly string[]).includes(v);
}

// Checked in order: the first rule whose words appear wins (so "watch strap" is a watch, "ring light" is not jewellery-checked first).
const RULES: [TryonType, RegExp][] = [
  ['eyewear', /sunglass|glasses|eyewear|optical|spectacle|blue ?light|眼镜|墨镜|镜框/i],
  ['earrings', /earring|ear ?stud|ear ?cuff|耳环|耳钉|耳坠|耳饰/i],
  ['necklace', /necklace|pendant|choker|chain|项链|吊坠|锁骨链/i],
  ['watch', /watch|手表|腕表/i],
  ['bracelet', /bracelet|bangle|wristband|手链|手镯|手环/i],
  ['ring', /\bring\b|rings\b|戒指|指环/i],
  ['hat', /\bhat\b|\bcap\b|beanie|beret|帽/i],
  ['top', /t-?shirt|tee\b|hoodie|sweater|shirt|blouse|top\b|jacket|dress|T恤|卫衣|毛衣|衬衫|上衣|外套|连衣裙/i],
];

/** What a product says about itself: category code, free attributes (type), titles. */
export interface ProductDescription {
  category: string | null;
  type?: string | null;
  titleEn?: string | null;
  titleZh?: string | null;
}

/** The try-on type for a product: its type attribute first, then its category, then its titles; null when none fits. */
export function tryonTypeOf(p: ProductDescription): TryonType | null {
  for (const text of [p.type, p.category, p.titleEn, p.titleZh]) {
    if (!text) continue;
    for (const [type, re] of RULES) if (re.test(text)) return type;
  }
  return null;
}
