/** Try-on messages in both languages: what is missing from a photo or a product, and why no preview was made. */
import type { Catalog } from '../i18n';

/** The try-on catalogue. */
export const tryonMessages: Catalog = {
  en: {
    photo_missing: 'Photo not found: {path}',
    out_format: 'The try-on picture {path} must end in .png, .jpg or .jpeg (the format is chosen from the name)',
    photo_corrupt: 'The photo {name} could not be read as an image (corrupt or not a JPEG/PNG/WebP file)',
    photo_too_large: 'The photo {name} is too large ({detail}); the limit is {limit}',
    photo_too_small: 'The photo {name} is too small ({width}×{height}); use at least {min} pixels on each side',
    no_person: 'No person was found in the photo {name}',
    person_out_of_range: 'The photo has {count} people (0 to {max}); there is no person {index}',
    no_face: 'No face is visible on person {index}; {type} needs the face',
    face_turned: 'The face of person {index} is turned away from the camera ({yaw}°); {type} needs a face turned less than {limit}°',
    no_hands: 'No hand is visible on person {index}; {kind} needs a hand in the photo',
    no_shoulders: 'The shoulders of person {index} are not visible; {type} needs both shoulders',
    no_neck: 'The neck of person {index} is not visible; a necklace needs the face and both shoulders',
    no_image: "Product {sku} has no image that can be used for a try-on (add a photo with a plain or transparent background)",
    image_corrupt: "Product {sku}'s image could not be read (corrupt or unsupported format)",
    unsupported_category: "Product {sku} is in the category '{category}', which has no try-on; set its try-on type to one of: {types}",
    no_sku: "No product with SKU '{sku}'",
    no_preview: 'No try-on preview {id}',
  },
  zh: {
    photo_missing: '找不到照片：{path}',
    out_format: '试穿图片 {path} 的文件名须以 .png、.jpg 或 .jpeg 结尾（按文件名选择格式）',
    photo_corrupt: '无法将照片 {name} 读取为图像（文件损坏或不是 JPEG/PNG/WebP）',
    photo_too_large: '照片 {name} 太大（{detail}）；上限为 {limit}',
    photo_too_small: '照片 {name} 太小（{width}×{height}）；每边至少需要 {min} 像素',
    no_person: '照片 {name} 中没有找到人物',
    person_out_of_range: '照片中有 {count} 个人（编号 0 到 {max}）；没有编号为 {index} 的人',
    no_face: '人物 {index} 的脸部不可见；{type}需要脸部',
    face_turned: '人物 {index} 的脸部背向镜头（{yaw}°）；{type}需要脸部转向小于 {limit}°',
    no_hands: '人物 {index} 的手不可见；{kind}需要照片中有手',
    no_shoulders: '人物 {index} 的肩膀不可见；{type}需要两侧肩膀',
    no_neck: '人物 {index} 的颈部不可见；项链需要脸部和两侧肩膀',
    no_image: '商品 {sku} 没有可用于试戴的图片（请添加纯色或透明背景的图片）',
    image_corrupt: '无法读取商品 {sku} 的图片（文件损坏或格式不受支持）',
    unsupported_category: '商品 {sku} 的类目“{category}”不支持试戴；请将其试戴类型设为以下之一：{types}',
    no_sku: '没有 SKU 为“{sku}”的商品',
    no_preview: '没有编号为 {id} 的试戴预览',
  },
};
