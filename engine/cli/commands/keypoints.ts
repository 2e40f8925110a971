/** `desk keypoints --photo PATH [--json]`: the people in a photo with body, face and hand keypoints, and ms per stage. */
import { resolve } from 'node:path';
import type { KeypointResult } from '../../../models/tryon/types';
import { printJson, required, type Command } from '../io';

function round(r: KeypointResult): KeypointResult {
  // One decimal is below a pixel's accuracy and keeps the JSON readable.
  return JSON.parse(JSON.stringify(r, (_k, v: unknown) => (typeof v === 'number' ? Math.round(v * 10) / 10 : v))) as KeypointResult;
}

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
    w(`${photo.name}: ${result.width}×${result.height}, ${result.people.length} ${args.lang === 'zh' ? '人' : result.people.length === 1 ? 'person' : 'people'}`);
    for (const p of result.people) {
      const body = Object.keys(p.body).length;
      const face = p.face ? `face ${p.face.score.toFixed(2)} roll ${p.face.rollDeg.toFixed(0)}° yaw ${p.face.yawDeg.toFixed(0)}°` : 'no face';
      w(`  #${p.index} score ${p.score.toFixed(2)} box [${p.box.map((v) => Math.round(v)).join(', ')}] body ${body}/17, ${face}, hands ${p.hands.length}`);
    }
    w(`ms: detection ${result.ms.detection.toFixed(0)}, keypoints ${result.ms.keypoints.toFixed(0)}`);
  },
};
