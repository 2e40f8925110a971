/** `desk tryon --store FILE --photo PATH --sku SKU --out PNG [--person N] [--json]`: a product fitted to a person in a photo. */
import { resolve } from 'node:path';
import { EngineError } from '../../errors';
import { withStore } from '../store-arg';
import { num, printJson, required, str, type Command } from '../io';

/** The try-on command. */
export const tryonCommand: Command = {
  name: 'tryon',
  usage: 'desk tryon --store FILE --photo PATH --sku SKU --out PNG [--person N] [--json]',
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
    const t = result.transforms[0];
    w(`${result.sku} (${result.type}) on person #${result.person} of ${result.people} in ${result.photo.name} → ${out}`);
    w(`  scale ${t.scale.toFixed(3)}, rotation ${t.rotateDeg.toFixed(1)}°, ${result.measure.name} ${result.measure.px.toFixed(1)} px`);
    w(`  lighting ΔE to the scene: naive ${result.lighting.naive.toFixed(1)} → matched ${result.lighting.matched.toFixed(1)}`);
    const ms = result.ms;
    w(`  ms: detection ${ms.detection.toFixed(0)}, keypoints ${ms.keypoints.toFixed(0)}, segmentation ${ms.segmentation.toFixed(0)}, fitting ${ms.fitting.toFixed(1)}, compositing ${ms.compositing.toFixed(0)}, total ${ms.total.toFixed(0)}`);
  },
};
