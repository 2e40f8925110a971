/** Child for the pending-files test: opens a store, starts an atomic write to `out`, says where its temporary file is, and waits to be killed. */
import { writeFileSync } from 'node:fs';
import { Engine } from '../../engine/engine';
import { withAtomicPath } from '../../engine/fs/atomic';

const [store, out] = process.argv.slice(2);
const engine = new Engine({ dataDir: process.cwd(), lang: 'en' });
await engine.open(store);
void withAtomicPath(out, async (tmp) => {
  writeFileSync(tmp, 'price,sku\n12.5,MU');
  process.stdout.write(`${tmp}\n`);
  await new Promise(() => undefined);
});
