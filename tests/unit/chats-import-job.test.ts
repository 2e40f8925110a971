// A chat export imported through the import job (as the Data screen and `desk import chats` do) arrives analysed:
// every conversation has its dialogue state and every customer message its emotion (and, but for small talk, its intent),
// with no button pressed.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../engine/db/store';
import { Engine } from '../../engine/engine';
import { smallTalkKind } from '../../engine/chats/suggest/smalltalk';
import { tempDir } from './helpers';

const F = join(__dirname, 'fixtures', 'chats');
let cleanup: (() => void) | null = null;
afterEach(() => cleanup?.());

describe('chats import job', () => {
  it('leaves the imported conversations analysed', async () => {
    const t = tempDir('desk-chats-job-');
    const storePath = join(t.dir, 'shop.db');
    openStore(storePath).close();
    const engine = new Engine({ dataDir: t.dir, lang: 'en' });
    cleanup = () => t.cleanup();
    await engine.open(storePath);
    try {
      const job = await engine.invoke('import.run', { kind: 'chats', path: join(F, 'WhatsApp Chat with Li Wei.txt') });
      const done = await engine.jobs.wait(job.jobId);
      expect(done.status).toBe('succeeded');
      const db = engine.store.db;
      const q = (sql: string): number => (db.prepare(sql).get() as { n: number }).n;
      expect(q('SELECT count(*) AS n FROM conversations')).toBe(1);
      expect(q('SELECT count(*) AS n FROM dialogue_state')).toBe(1);
      const customer = q("SELECT count(*) AS n FROM messages WHERE sender = 'customer'");
      expect(customer).toBeGreaterThan(0);
      // Every customer message gets its emotion; every one but small talk (the closing "收到，谢谢！👍") its intent.
      expect(q("SELECT count(*) AS n FROM message_analysis a JOIN messages m ON m.id = a.message_id WHERE m.sender = 'customer' AND a.emotion IS NOT NULL")).toBe(customer);
      const texts = db.prepare("SELECT m.text, a.intent FROM message_analysis a JOIN messages m ON m.id = a.message_id WHERE m.sender = 'customer'").all() as { text: string; intent: string | null }[];
      expect(texts.filter((r) => smallTalkKind(r.text) !== null).map((r) => r.intent)).toEqual([null]);
      expect(texts.filter((r) => smallTalkKind(r.text) === null).every((r) => r.intent !== null)).toBe(true);
    } finally {
      await engine.close();
    }
  }, 60_000);
});
