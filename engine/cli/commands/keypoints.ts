/** `desk keypoints --photo PATH [--json]`: the people in a photo with body, face and hand keypoints, and ms per stage. */
import { resolve } from 'node:path';
import type { KeypointResult } from '../../../models/tryon/types';
import { tr, type Catalog } from '../../i18n';
import { printJson, required, type Command } from '../io';

function round(r: KeypointResult): KeypointResult {
  // One decimal is below a pixel's accuracy and keeps the JSON readable.
  return JSON.parse(JSON.stringify(r, (_k, v: unknown) => (typeof v === 'number' ? Math.round(v * 10) / 10 : v))) as KeypointResult;
}

/** What `desk keypoints` prints, in both languages. */
const KEYPOINT_TEXT: Catalog = {
  en: {
    head: '{name}: {w}×{h}, {n} {n|person|people}',
    person: '  #{i} score {score} box [{box}] body {body}/17, {face}, hands {hands}',
    face: 'face {score} roll {roll}° yaw {yaw}°',
    noFace: 'no face',
    ms: 'ms: detection {d}, keypoints {k}',
  },
  zh: {
    head: '{name}：{w}×{h}，{n} 人',
    person: '  #{i} 置信度 {score} 框 [{box}] 身体关键点 {body}/17，{face}，手 {hands}',
    face: '脸 {score}，侧倾 {roll}°，转向 {yaw}°',
    noFace: '未检测到脸',
    ms: '耗时（毫秒）：检测 {d}，关键点 {k}',
  },
};

/** The keypoints command. */
export const keypointsCommand: Command = {
  name: 'keypoints',
  usage: 'desk keypoints --photo PATH [--json]',
  summary: {
    en: 'Find the people in a photo: body keypoints, face landmarks (eyes, iris, ears, nose, mouth) and hand landmarks',
    zh: '找出照片中的人物：身体关键点、面部特征点（眼睛、虹膜、耳朵、鼻子、嘴）和手部特征点',
  },
  flags: { photo: 'string' },
  run: async (args) => {
    const path = resolve(required(args, 'photo', 'keypoints'));
    const { readPhoto } = await import('../../tryon/photo');
    const { detectPeople } = await import('../../tryon/detect');
    const photo = await readPhoto(path, args.lang);
    const result = round(await detectPeople(photo));
    if (args.json) return printJson(result);
    const w = (s: string): boolean => process.stdout.write(s + '\n');
    const t = (key: string, p: Record<string, unknown>): string => tr(KEYPOINT_TEXT, args.lang, key, p);
    w(t('head', { name: photo.name, w: result.width, h: result.height, n: result.people.length }));
    for (const p of result.people) {
      const face = p.face ? t('face', { score: p.face.score.toFixed(2), roll: p.face.rollDeg.toFixed(0), yaw: p.face.yawDeg.toFixed(0) }) : t('noFace', {});
      w(t('person', { i: p.index, score: p.score.toFixed(2), box: p.box.map((v) => Math.round(v)).join(', '), body: Object.keys(p.body).length, face, hands: p.hands.length }));
    }
    w(t('ms', { d: result.ms.detection.toFixed(0), k: result.ms.keypoints.toFixed(0) }));
  },
};
