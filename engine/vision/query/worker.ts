/** Worker-thread entry of visual search: detects and embeds query photos off the engine's main thread. */
import { parentPort } from 'node:worker_threads';
import { toErrorPayload } from '../../errors';
import { embedQuery } from './embed';
import type { QueryReply, QueryRequest } from './messages';

const port = parentPort;
if (!port) throw new Error('query/worker.ts must run in a worker thread');

// One query at a time, in arrival order: the models are shared and tfjs runs one graph at once anyway.
let chain: Promise<void> = Promise.resolve();
port.on('message', (m: QueryRequest) => {
  chain = chain.then(async () => {
    let reply: QueryReply;
    try {
      const r = await embedQuery(Buffer.from(m.image), m.opts);
      reply = { id: m.id, ok: true, result: r };
    } catch (e) {
      reply = { id: m.id, ok: false, error: toErrorPayload(e, m.lang) };
    }
    port.postMessage(reply);
  });
});
