/** Try-on messages in both languages: what is missing from a photo or a product, and why no preview was made. */
import type { Bilingual } from '../errors';
import { tr, type Catalog, type Lang } from '../i18n';

/** The try-on catalogue. */
export const tryonMessages: Catalog = {
  en: {
    photo_missing: 'Photo not found: {path}',
    out_format: 'The try-on picture {path} must end in .png, .jpg or .jpeg (the format is chosen from the name)',
    photo_too_small: 'The photo {name} is too small ({width}×{height}); use at least {min} pixels on each side',
    no_person: 'No person was found in the photo {name}',
    person_out_of_range: 'The photo has {count} people (0 to {max}); there is no person {index}',
    no_face: 'No face is visible on person {index}; {type} needs the face',
    face_turned: 'The face of person {index} is turned away from the camera ({yaw}°); {type} needs a face turned less than {limit}°',
    no_hands: 'No hand is visible on person {index}; {kind} needs a hand in the photo',
    no_shoulders: 'The shoulders of person {index} are not visible; {type} needs both shoulders',
    no_neck: 'The neck of person {index} is not visible; a necklace needs the face and both shoulders',
    shoulders_vs_face: 'The shoulders found on person {index} are {ratio}× their face height apart ({shoulders} px against {measure} px); real shoulders are {min}–{max}×, so they were probably taken from someone else or from outside the photo. No preview was made: {type} would be drawn at the wrong size. Use a photo where this person\'s shoulders are in view',
    shoulders_vs_torso: 'The shoulders found on person {index} are {ratio}× their torso length apart ({shoulders} px against {measure} px from shoulders to hips); real shoulders are {min}–{max}×, so they were probably taken from someone else or from outside the photo. No preview was made: {type} would be drawn at the wrong size. Use a photo where this person\'s shoulders are in view',
    top_anchors: "The shoulder anchors of {sku} are {span} px apart, only {share}% of the garment's body width ({body} px); they probably sit on a hood or collar. No preview was made: the top would be drawn far too large. Set the anchors on the shoulder seams (at least {min}% of the body width apart)",
    no_image: "Product {sku} has no image that can be used for a try-on (add a photo with a plain or transparent background)",
    image_corrupt: "Product {sku}'s image could not be read (corrupt or unsupported format)",
    unsupported_category: "Product {sku} is in the category '{category}', which has no try-on; set its try-on type to one of: {types}",
    no_sku: "No product with SKU '{sku}'",
    no_preview: 'No try-on preview {id}',
    batch_failure: '{photo} · {sku}: {reason}',
  },
  zh: {
    photo_missing: '找不到照片：{path}',
    out_format: '试穿图片 {path} 的文件名须以 .png、.jpg 或 .jpeg 结尾（按文件名选择格式）',
    photo_too_small: '照片 {name} 太小（{width}×{height}）；每边至少需要 {min} 像素',
    no_person: '照片 {name} 中没有找到人物',
    person_out_of_range: '照片中有 {count} 个人（编号 0 到 {max}）；没有编号为 {index} 的人',
    no_face: '人物 {index} 的脸部不可见；{type}需要脸部',
    face_turned: '人物 {index} 的脸部背向镜头（{yaw}°）；{type}需要脸部转向小于 {limit}°',
    no_hands: '人物 {index} 的手不可见；{kind}需要照片中有手',
    no_shoulders: '人物 {index} 的肩膀不可见；{type}需要两侧肩膀',
    no_neck: '人物 {index} 的颈部不可见；项链需要脸部和两侧肩膀',
    shoulders_vs_face: '人物 {index} 的肩宽是脸高的 {ratio} 倍（肩宽 {shoulders} 像素，脸高 {measure} 像素）；真实的肩宽约为脸高的 {min}–{max} 倍，所以检测到的肩膀可能属于别人或在照片之外。未生成预览：{type}会被画成错误的大小。请使用能看到此人肩膀的照片',
    shoulders_vs_torso: '人物 {index} 的肩宽是躯干长度的 {ratio} 倍（肩宽 {shoulders} 像素，肩到髋 {measure} 像素）；真实的肩宽约为躯干长度的 {min}–{max} 倍，所以检测到的肩膀可能属于别人或在照片之外。未生成预览：{type}会被画成错误的大小。请使用能看到此人肩膀的照片',
    top_anchors: '商品 {sku} 的两个肩部锚点相距 {span} 像素，只有衣身宽度（{body} 像素）的 {share}%；它们可能落在帽子或领子上。未生成预览：上衣会被画得过大。请把锚点放在肩线上（相距至少为衣身宽度的 {min}%）',
    no_image: '商品 {sku} 没有可用于试戴的图片（请添加纯色或透明背景的图片）',
    image_corrupt: '无法读取商品 {sku} 的图片（文件损坏或格式不受支持）',
    unsupported_category: '商品 {sku} 的类目“{category}”不支持试戴；请将其试戴类型设为以下之一：{types}',
    no_sku: '没有 SKU 为“{sku}”的商品',
    no_preview: '没有编号为 {id} 的试戴预览',
    batch_failure: '{photo} · {sku}：{reason}',
  },
};

/** A try-on message in both languages; `params` may word a value per language (a product type). */
export function tryonText(key: string, params: Record<string, unknown> | ((lang: Lang) => Record<string, unknown>) = {}): Bilingual {
  const of = (l: Lang): Record<string, unknown> => (typeof params === 'function' ? params(l) : params);
  return { en: tr(tryonMessages, 'en', key, of('en')), zh: tr(tryonMessages, 'zh', key, of('zh')) };
}
