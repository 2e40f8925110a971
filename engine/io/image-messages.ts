/** Why a photo the user gave cannot be used, in English and Simplified Chinese (engine/io/image-file.ts). */
import type { Catalog } from '../i18n';

/** The photo-file catalogue (use with `tr`). */
export const imageFileMessages: Catalog = {
  en: {
    cannot_use: 'The photo {file} cannot be used: {reason}',
    missing: 'there is no such file',
    folder: 'it is a folder, not a photo',
    empty: 'the file is empty (0 bytes)',
    not_image: 'it is not an image (use a JPEG, PNG, WebP, GIF, TIFF or AVIF photo)',
    damaged: 'the image is damaged or cut short, so it cannot be read',
    plain: 'it is blank, one plain colour with nothing in it to search for (use a photo of the product)',
    too_many_pixels: 'it is too large: {mp} megapixels ({width}×{height}), over the limit of {max} megapixels',
    too_many_pixels_unknown: 'it is too large: over the limit of {max} megapixels',
    too_many_bytes: 'it is too large: {mb} MB, over the limit of {max} MB',
    not_photo_format: 'it is a {format} file, not a photo; use a JPEG, PNG or WebP photo',
  },
  zh: {
    cannot_use: '无法使用照片 {file}：{reason}',
    missing: '没有这个文件',
    folder: '这是一个文件夹，不是照片',
    empty: '文件是空的（0 字节）',
    not_image: '它不是图片（请使用 JPEG、PNG、WebP、GIF、TIFF 或 AVIF 照片）',
    damaged: '图片已损坏或不完整，无法读取',
    plain: '整张照片只有一种颜色，没有可搜索的内容（请使用商品的照片）',
    too_many_pixels: '图片太大：{mp} 百万像素（{width}×{height}），超过 {max} 百万像素的上限',
    too_many_pixels_unknown: '图片太大：超过 {max} 百万像素的上限',
    too_many_bytes: '文件太大：{mb} MB，超过 {max} MB 的上限',
    not_photo_format: '它是 {format} 文件，不是照片；请使用 JPEG、PNG 或 WebP 照片',
  },
};
