/** `desk tryon --store FILE --photo PATH --sku SKU --out FILE.png|.jpg [--person N] [--json]`: a product fitted to a person in a photo. */
import { resolve } from 'node:path';
import { EngineError } from '../../errors';
import { withStore } from '../store-arg';
import { tr, type Catalog } from '../../i18n';
import { num, printJson, required, str, type Command } from '../io';

/** What `desk tryon` prints, in both languages. */
const TRYON_TEXT: Catalog = {
  en: {
    head: '{sku} ({type}) on person #{person} of {people} in {photo} → {out}',
    fit: '  scale {scale}, rotation {rotate}°, {measure} {px} px',
    light: '  lighting ΔE to the scene: naive {naive} → matched {matched}',
    ms: '  ms: detection {d}, keypoints {k}, segmentation {s}, fitting {f}, compositing {c}, total {total}',
  },
  zh: {
    head: '{sku}（{type}）试戴在 {photo} 的 {people} 人中的第 #{person} 人 → {out}',
    fit: '  缩放 {scale}，旋转 {rotate}°，{measure} {px} 像素',
    light: '  与场景的光照色差 ΔE：直接贴上 {naive} → 匹配光照后 {matched}',
    ms: '  耗时（毫秒）：检测 {d}，关键点 {k}，分割 {s}，贴合 {f}，合成 {c}，合计 {total}',
  },
};

/** The try-on command. */
export const tryonCommand: Command = {
  name: 'tryon',
  usage: 'desk tryon --store FILE --photo PATH --sku SKU --out FILE.png|.jpg [--person N] [--json]',
  summary: {
    en: 'Fit a product (eyewear, earrings, necklace, ring, watch, bracelet, hat, top) to a person in a photo and write the preview PNG',
    zh: '将商品（眼镜、耳环、项链、戒指、手表、手链、帽子、上衣）试戴到照片中的人物上，并输出预览 PNG',
  },
  flags: { store: 'string', photo: 'string', sku: 'string', out: 'string', person: 'string' },
  run: async (args) => {
    const photo = resolve(required(args, 'photo', 'tryon'));
    const sku = required(args, 'sku', 'tryon');
    const out = resolve(required(args, 'out', 'tryon'));
    const person = str(args, 'person') === undefined ? undefined : num(args, 'person', 0);
    if (person !== undefined && (!Number.isInteger(person) || person < 0)) {
      throw new EngineError('user_error', args.lang === 'zh' ? `desk tryon：--person 必须是 0 或正整数（收到 ${person}）` : `desk tryon: --person must be 0 or a positive whole number (got ${person})`);
    }
    const result = await withStore(args, 'tryon', (engine) => engine.invoke('tryon.render', { photo: { path: photo }, sku, person, out, preview: false }));
    if (args.json) return printJson(result);
    const w = (s: string): boolean => process.stdout.write(s + '\n');
    const tt = (key: string, p: Record<string, unknown>): string => tr(TRYON_TEXT, args.lang, key, p);
    const t = result.transforms[0];
    w(tt('head', { sku: result.sku, type: result.type, person: result.person, people: result.people, photo: result.photo.name, out }));
    w(tt('fit', { scale: t.scale.toFixed(3), rotate: t.rotateDeg.toFixed(1), measure: result.measure.name, px: result.measure.px.toFixed(1) }));
    w(tt('light', { naive: result.lighting.naive.toFixed(1), matched: result.lighting.matched.toFixed(1) }));
    const ms = result.ms;
    w(tt('ms', { d: ms.detection.toFixed(0), k: ms.keypoints.toFixed(0), s: ms.segmentation.toFixed(0), f: ms.fitting.toFixed(1), c: ms.compositing.toFixed(0), total: ms.total.toFixed(0) }));
  },
};
