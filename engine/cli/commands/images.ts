/** `desk images index|search|duplicates|evaluate`: visual search from the command line. */
import { flagError } from '../flag-messages';
import { resolve } from 'node:path';
import { EngineError } from '../../errors';
import { tr, type Lang } from '../../i18n';
import { printJson, runJobWithProgress, str, type Command, type CommandArgs } from '../io';
import { withStore } from '../store-arg';
import { cocoName } from '../../vision/coco-names';
import type { GraphTuneResult } from '../../vision/graph/tune';

const USAGE = [
  'desk images index --store FILE [--json]',
  'desk images search --store FILE --image PATH [--k 10] [--json]',
  'desk images search --store FILE --product SKU [--graph-weight 0-1] [--k 10] [--json]',
  'desk images duplicates --store FILE [--json]',
  'desk images tune-graph --store FILE [--save] [--json]',
  'desk images finetune --store FILE [--backbone NAME] [--json]',
  'desk images evaluate --gallery DIR --queries DIR [--backbone NAME|all] [--finetune] [--json]',
].join('\n       ');

const T: Record<Lang, Record<string, string>> = {
  en: {
    needs: `desk images: a subcommand is required. Usage: ${USAGE}`,
    unknownSub: `desk images: there is no subcommand '{sub}'. Usage: ${USAGE}`,
    image: 'desk images search: give --image PATH or --product SKU',
    imageAndProduct: 'desk images search: give --image PATH or --product SKU, not both',
    noSku: "desk images search: no product with SKU '{sku}'",
    weight: 'desk images search: --graph-weight must be a number from 0 to 1',
    graph: 'Looks like {sku}; the graph of products viewed and bought together weighs {weight} in the order',
    together: 'viewed together in {sessions} {sessions|session|sessions}, bought together in {orders} {orders|order|orders}',
    dirs: 'desk images evaluate: --gallery DIR and --queries DIR are required',
    indexed: 'Indexed {vectors} {vectors|image|images} of {images} ({embedded} new) with {backbone} in {seconds} s; {mode}',
    ann: 'approximate (HNSW) index saved to {file}',
    exact: 'exact search (small catalogue)',
    crop: 'Searched {source}: x={x} y={y} w={w} h={h}; {boxes} {boxes|object|objects} detected',
    crop_detected: 'the main object found',
    crop_picked: 'the box given',
    crop_whole: 'the whole photo (no object found)',
    noClose: 'No close match in your catalogue — these are the nearest',
    none: 'No duplicate pairs found.',
    dupNotIndexed: '{missing} of {images} photos {missing|is|are} not indexed yet, so their duplicates are not listed: run `desk images index --store FILE` to find them.',
    dup_phash: 'same picture',
    dup_embedding: 'look alike',
    dup_both: 'same picture, look alike',
    tuned: 'Graph weight for searches by product: {weight}. Measured on orders {from} to {to} with the graph of earlier history, over {anchors} {anchors|product|products} bought with another: {why}',
    tuneSaved: 'Saved {weight} as the store\'s default graph weight for searches by product (it was {previous}).',
    tuneNotSaved: 'Not saved: searches by product keep the store\'s default graph weight, {previous}. Run again with --save to make {weight} the default.',
    tuneLabel: 'Choosing the graph weight',
    tuneHelps: 'it raised bought-together in the top 10 by more than two standard errors.',
    tuneNoGain: 'no weight raised bought-together in the top 10 by more than two standard errors, so results keep the order by looks.',
    tuneTooLittle: 'too few products were bought together in those days to measure (fewer than {min}), so results keep the order by looks.',
    header: 'backbone                     finetuned  set     queries  R@1    R@5    mAP    ms/emb  ms/query',
    chosen: 'Labels are split in half by a hash of the label: "select" picks the default backbone, "report" is out of sample.',
    finetune: 'Fine-tuned {backbone}: head trained on augmented gallery views only in {seconds} s; held-out view mAP {base} → {tuned}; {verdict}.',
    kept: 'kept (mix {mix})',
    dropped: 'not kept (it did not help the held-out views)',
    label: 'index images',
    ftLabel: 'fine-tune',
    heldPhotos: "each product's held-out photo",
    heldViews: 'held-out augmented views',
    ftDone: 'Fine-tuned a projection head for {backbone} on {images} catalogue {images|photo|photos} in {seconds} s (run {runId}): {held} mAP {base} → {tuned}, {verdict}. {use}',
    useYes: 'Visual search now runs through it.',
    useNoViews: 'Search does not use it: with one photo per product it was only checked on augmented views, which flatter it (on real shelf photos such a head made search worse; README "Visual search"). Add a second photo per product to check it on real photos.',
    useNo: 'Search uses the backbone alone.',
  },
  zh: {
    needs: `desk images：需要子命令。用法：${USAGE}`,
    unknownSub: `desk images：没有子命令“{sub}”。用法：${USAGE}`,
    image: 'desk images search：请提供 --image PATH 或 --product SKU',
    imageAndProduct: 'desk images search：--image PATH 和 --product SKU 只能提供一个',
    noSku: "desk images search：没有 SKU 为 '{sku}' 的商品",
    weight: 'desk images search：--graph-weight 必须是 0 到 1 之间的数',
    graph: '与 {sku} 外观相似；“一起浏览 / 一起购买”关系在排序中的权重为 {weight}',
    together: '同一浏览会话 {sessions} 次，同一订单 {orders} 次',
    dirs: 'desk images evaluate：必须提供 --gallery DIR 和 --queries DIR',
    indexed: '已用 {backbone} 为 {images} 张图片中的 {vectors} 张建立索引（新增 {embedded} 张），用时 {seconds} 秒；{mode}',
    ann: '近似（HNSW）索引已保存到 {file}',
    exact: '精确搜索（商品较少）',
    crop: '搜索了{source}：x={x} y={y} 宽={w} 高={h}；检测到 {boxes} 个物体',
    crop_detected: '识别出的主要物体',
    crop_picked: '指定的框',
    crop_whole: '整张照片（未识别出物体）',
    noClose: '目录中没有相近的商品——以下是最接近的',
    none: '没有发现重复的商品图片。',
    dupNotIndexed: '{images} 张图片中有 {missing} 张尚未建立索引，它们的重复商品不会列出：运行 `desk images index --store FILE` 后才能找到。',
    dup_phash: '同一张图',
    dup_embedding: '外观相似',
    dup_both: '同一张图且外观相似',
    tuned: '按商品搜索时“一起浏览/购买”的权重：{weight}。用 {from} 至 {to} 的订单、以更早的历史建图，在 {anchors} 个与其他商品一起被购买的商品上测量：{why}',
    tuneSaved: '已将 {weight} 保存为店铺按商品搜索时的默认图权重（原为 {previous}）。',
    tuneNotSaved: '未保存：按商品搜索仍使用店铺的默认图权重 {previous}。加 --save 重新运行可将 {weight} 设为默认。',
    tuneLabel: '正在选择图权重',
    tuneHelps: '它使前 10 个结果中“一起购买”的比例提高超过两个标准误。',
    tuneNoGain: '没有哪个权重使前 10 个结果中“一起购买”的比例提高超过两个标准误，因此结果仍按外观排序。',
    tuneTooLittle: '这段时间一起购买的商品太少（少于 {min} 个），无法测量，因此结果仍按外观排序。',
    header: 'backbone                     finetuned  set     queries  R@1    R@5    mAP    ms/emb  ms/query',
    chosen: '按标签哈希把标签分成两半："select" 用来选默认特征网络，"report" 是样本外结果。',
    finetune: '已微调 {backbone}：投影头只用图库图片的增强视图训练，用时 {seconds} 秒；留出视图 mAP {base} → {tuned}；{verdict}。',
    kept: '保留（混合比例 {mix}）',
    dropped: '不保留（对留出视图没有提升）',
    label: '建立图片索引',
    ftLabel: '微调',
    heldPhotos: '每个商品留出的照片',
    heldViews: '留出的增强视图',
    ftDone: '已用 {images} 张商品图片为 {backbone} 训练投影头，用时 {seconds} 秒（运行 {runId}）：{held} mAP {base} → {tuned}，{verdict}。{use}',
    useYes: '视觉搜索现在使用它。',
    useNoViews: '搜索不使用它：每个商品只有一张照片，只能用增强视图检验，这会高估它（在真实货架照片上这样的投影头让搜索变差；见 README “Visual search”）。为每个商品再加一张照片即可用真实照片检验。',
    useNo: '搜索只使用骨干网络。',
  },
};

function t(lang: Lang, key: string, p: Record<string, unknown> = {}): string {
  return tr(T, lang, key, p);
}

async function evaluate(args: CommandArgs): Promise<void> {
  const gallery = str(args, 'gallery'), queries = str(args, 'queries');
  if (!gallery || !queries) throw new EngineError('user_error', t(args.lang, 'dirs'));
  const { evaluateFolders, listLabelled } = await import('../../vision/evaluate');
  const { visionMessages } = await import('../../vision/messages');
  for (const dir of [gallery, queries]) {
    let n = 0;
    try {
      n = listLabelled(resolve(dir)).length;
    } catch {
      n = 0;
    }
    if (n === 0) throw new EngineError('user_error', tr(visionMessages, args.lang, 'no_labelled_images', { dir }), { dir });
  }
  const { BACKBONE_NAMES, isBackboneName } = await import('../../../models/vision/backbones');
  const which = str(args, 'backbone') ?? 'all';
  if (which !== 'all' && !isBackboneName(which)) throw flagError(args.lang, 'images_backbone', { value: which, valid: BACKBONE_NAMES.join(', ') });
  const names = which === 'all' ? [...BACKBONE_NAMES] : [which as (typeof BACKBONE_NAMES)[number]];
  if (!args.json) process.stdout.write(t(args.lang, 'header') + '\n');
  const tuned = args.flags.finetune === true ? names : [];
  const rows = await evaluateFolders(resolve(gallery), resolve(queries), names, (r) => {
    if (args.json) return;
    const f = r.finetune;
    if (f) process.stdout.write(t(args.lang, 'finetune', { backbone: r.backbone, seconds: f.seconds.toFixed(0), base: f.heldOutBase.toFixed(3), tuned: f.heldOutTuned.toFixed(3), verdict: f.kept ? t(args.lang, 'kept', { mix: f.mix }) : t(args.lang, 'dropped') }) + '\n');
    for (const set of ['all', 'select', 'report'] as const) {
      const m = r[set];
      process.stdout.write(`${r.backbone.padEnd(28)} ${String(r.finetuned).padEnd(10)} ${set.padEnd(7)} ${String(m.queries).padStart(7)}  ${m.recallAt1.toFixed(3)}  ${m.recallAt5.toFixed(3)}  ${m.mAP.toFixed(3)}  ${r.msPerEmbedding.toFixed(0).padStart(6)}  ${r.msPerQuery.toFixed(0).padStart(8)}\n`);
    }
  }, tuned);
  if (args.json) return printJson({ ok: true, split: 'labels hashed into select/report halves', finetuneAvailable: true, rows });
  process.stdout.write(t(args.lang, 'chosen') + '\n');
}

/** The images command. */
export const imagesCommand: Command = {
  name: 'images',
  usage: USAGE,
  summary: { en: 'Visual search: build the image index, search by photo, find duplicate listings, evaluate backbones', zh: '以图搜货：建立图片索引、按照片搜索、查找重复商品、评估特征网络' },
  flags: { store: 'string', image: 'string', product: 'string', 'graph-weight': 'string', k: 'string', gallery: 'string', queries: 'string', backbone: 'string', finetune: 'boolean', save: 'boolean' },
  run: async (args) => {
    const sub = args.positionals[0];
    switch (sub) {
      case 'evaluate':
        return evaluate(args);
      case 'index':
        return withStore(args, 'images index', async (engine) => {
          const job = await runJobWithProgress(engine, () => engine.invoke('images.index', { backbone: str(args, 'backbone') }), t(args.lang, 'label'));
          const r = job.result as { vectors: number; images: number; embedded: number; backbone: string; seconds: number; approximate: boolean; file: string | null };
          if (args.json) return printJson({ ok: true, jobId: job.jobId, result: r });
          process.stdout.write(t(args.lang, 'indexed', { ...r, seconds: r.seconds.toFixed(1), mode: r.approximate ? t(args.lang, 'ann', { file: r.file }) : t(args.lang, 'exact') }) + '\n');
        });
      case 'search': {
        const image = str(args, 'image');
        const sku = str(args, 'product');
        if (!image && !sku) throw new EngineError('user_error', t(args.lang, 'image'));
        if (image && sku) throw new EngineError('user_error', t(args.lang, 'imageAndProduct'));
        // As many as the op takes (1-100), said the way other commands say a number out of range (it printed zod's
        // 'Too small: expected number to be >=1').
        const rawK = str(args, 'k');
        const k = rawK === undefined ? 10 : Number(rawK);
        if (rawK !== undefined && (rawK.trim() === '' || !Number.isInteger(k) || k < 1 || k > 100)) throw flagError(args.lang, 'flag_range', { cmd: 'images search', name: 'k', min: 1, max: 100, value: rawK });
        const gw = str(args, 'graph-weight');
        const graphWeight = gw === undefined ? undefined : Number(gw);
        if (graphWeight !== undefined && !(graphWeight >= 0 && graphWeight <= 1)) throw new EngineError('user_error', t(args.lang, 'weight'));
        return withStore(args, 'images search', async (engine) => {
          let productId: number | undefined;
          if (sku) {
            const row = engine.store.db.prepare('SELECT id FROM products WHERE sku = ? COLLATE NOCASE').get(sku) as { id: number } | undefined;
            if (!row) throw new EngineError('user_error', t(args.lang, 'noSku', { sku }));
            productId = row.id;
          }
          const r = await engine.invoke('images.search', productId !== undefined ? { productId, k, graphWeight } : { path: resolve(image ?? ''), k });
          // Each box keeps its class id (`label`) and gains its name in the reader's language.
          if (args.json) return printJson({ ok: true, ...r, boxes: r.boxes.map((b) => ({ ...b, name: cocoName(b.label, args.lang) })) });
          if (sku) process.stdout.write(t(args.lang, 'graph', { sku, weight: r.graphWeight }) + '\n');
          else {
            // The crop in whole pixels, named in words (it printed 'Crop used (detected): x=6.929332047700882 …', and
            // '（whole）' in Chinese).
            const c = r.crop;
            process.stdout.write(t(args.lang, 'crop', { source: t(args.lang, `crop_${r.cropSource}`), x: Math.round(c.x), y: Math.round(c.y), w: Math.round(c.w), h: Math.round(c.h), boxes: r.boxes.length }) + '\n');
            // Each object named in the reader's language ('香蕉', not 'banana', in Chinese).
            for (const b of r.boxes) process.stdout.write(`  ${cocoName(b.label, args.lang)} ${b.score.toFixed(2)} [${Math.round(b.box.x)},${Math.round(b.box.y)},${Math.round(b.box.w)},${Math.round(b.box.h)}]\n`);
          }
          // Weak matches looked like real ones: said above them (closeMatch in --json).
          if (r.closeMatch === false) process.stdout.write(t(args.lang, 'noClose') + '\n');
          r.matches.forEach((m, i) => {
            const why = m.together && (m.together.sessions || m.together.orders) ? `  (${t(args.lang, 'together', m.together)})` : '';
            process.stdout.write(`${String(i + 1).padStart(3)}. ${m.score.toFixed(3)}  ${m.sku.padEnd(14)} ${(args.lang === 'zh' ? m.titleZh ?? m.titleEn : m.titleEn ?? m.titleZh) ?? ''}  ${m.price ?? ''} ${m.currency}  ${m.onHand ?? ''}${why}\n`);
          });
        });
      }
      case 'finetune':
        return withStore(args, 'images finetune', async (engine) => {
          const job = await runJobWithProgress(engine, () => engine.invoke('images.finetune', { backbone: str(args, 'backbone') }), t(args.lang, 'ftLabel'));
          const r = job.result as { runId: string; backbone: string; images: number; heldOutBase: number; heldOutTuned: number; kept: boolean; heldOutKind: 'photos' | 'views'; mix: number; seconds: number; usedInSearch: boolean };
          if (args.json) return printJson({ ok: true, jobId: job.jobId, result: r });
          const verdict = r.kept ? t(args.lang, 'kept', { mix: r.mix }) : t(args.lang, 'dropped');
          const held = t(args.lang, r.heldOutKind === 'photos' ? 'heldPhotos' : 'heldViews');
          const use = t(args.lang, r.usedInSearch ? 'useYes' : r.kept && r.heldOutKind === 'views' ? 'useNoViews' : 'useNo');
          process.stdout.write(t(args.lang, 'ftDone', { ...r, held, seconds: r.seconds.toFixed(0), base: r.heldOutBase.toFixed(3), tuned: r.heldOutTuned.toFixed(3), verdict, use }) + '\n');
        });
      case 'tune-graph':
        return withStore(args, 'images tune-graph', async (engine) => {
          const { TUNE_MIN_ANCHORS } = await import('../../vision/graph/tune');
          // Measuring changes nothing: the weight becomes the store's default only with --save (it was saved silently).
          const save = args.flags.save === true;
          const job = await runJobWithProgress(engine, () => engine.invoke('images.graphWeight.tune', { save }), t(args.lang, 'tuneLabel'));
          const r = job.result as GraphTuneResult;
          if (args.json) return printJson({ ok: true, ...r });
          const why = t(args.lang, r.reason === 'helps' ? 'tuneHelps' : r.reason === 'no_clear_gain' ? 'tuneNoGain' : 'tuneTooLittle', { min: TUNE_MIN_ANCHORS });
          const lastDay = new Date(Date.parse(r.window.to) - 86_400_000).toISOString().slice(0, 10);
          process.stdout.write(t(args.lang, 'tuned', { weight: r.weight, from: r.window.from, to: lastDay, anchors: r.anchors, why }) + '\n');
          for (const row of r.rows) process.stdout.write(`  ${String(row.weight).padEnd(5)} ${row.boughtTogether.toFixed(4)}  ${row.gain >= 0 ? '+' : ''}${row.gain.toFixed(4)} ± ${row.gainSe.toFixed(4)}\n`);
          process.stdout.write(t(args.lang, r.saved ? 'tuneSaved' : 'tuneNotSaved', { weight: r.weight, previous: r.previous }) + '\n');
        });
      case 'duplicates':
        return withStore(args, 'images duplicates', async (engine) => {
          const r = await engine.invoke('images.duplicates', {});
          // Pairs are found among indexed photos only: before the build a store full of duplicates said there were none.
          const status = await engine.invoke('images.status', {});
          // Each listing's title in the reader's language (the other where it has only that one) beside the fields as found.
          const title = (en: string | null, zh: string | null): string | null => (args.lang === 'zh' ? zh ?? en : en ?? zh);
          const pairs = r.pairs.map((p) => ({ ...p, titleA: title(p.titleEnA, p.titleZhA), titleB: title(p.titleEnB, p.titleZhB) }));
          if (args.json) return printJson({ ok: true, pairs, notIndexed: status.missing });
          if (status.missing > 0) process.stderr.write(t(args.lang, 'dupNotIndexed', { missing: status.missing, images: status.images }) + '\n');
          if (!r.pairs.length) process.stdout.write(t(args.lang, 'none') + '\n');
          // 'SKU · title (#image)', as the screen's pickers name a product; SKUs alone said nothing of what was listed twice.
          const listing = (sku: string, name: string | null, image: number): string => `${sku}${name ? ` · ${name}` : ''} (#${image})`;
          for (const p of pairs) process.stdout.write(`${listing(p.skuA, p.titleA, p.imageA)} ~ ${listing(p.skuB, p.titleB, p.imageB)}  pHash ${p.phashDistance}/64  ${p.similarity === null ? '' : `cos ${p.similarity.toFixed(3)}  `}colour ΔE ${p.colour.deltaE.toFixed(1)}  ${t(args.lang, `dup_${p.reason}`)}\n`);
        });
      default:
        throw new EngineError('user_error', sub === undefined ? t(args.lang, 'needs') : t(args.lang, 'unknownSub', { sub }));
    }
  },
};
