/**
 * The writing thread of a piped first orders import: its own connection to the store takes the write lock, then loads
 * the stage rows the reading thread sends (DirectOrdersLoad, exactly as the one-thread direct load does) and commits
 * only when the reader says so. Everything between BEGIN IMMEDIATE and COMMIT is synchronous (Atomics.wait, no await).
 */
import { receiveMessageOnPort, workerData, type MessagePort } from 'node:worker_threads';
import { Command, Ctl, RingReader, WriterState, type RingBuffers } from './ring';

/** What the reading thread passes at start. */
export interface WriterData {
  storePath: string;
  now: string;
  ring: RingBuffers;
  port: MessagePort;
}

/** Why the writer stopped: the direct load is abandoned (stage instead), SQLite refused, or anything else. */
export interface WriterFailure {
  kind: 'abandoned' | 'sqlite' | 'other';
  message: string;
  code?: string;
}

const { storePath, now, ring, port } = workerData as WriterData;
const ctl = new Int32Array(ring.control);

class Aborted extends Error {}

/** The class of an abandoned direct load, once loaded. */
let abandoned: (new (reason: string) => Error) | null = null;

function setState(s: number): void {
  Atomics.store(ctl, Ctl.state, s);
  // Whatever the reader waits on (a free slot or a state), wake it.
  Atomics.notify(ctl, Ctl.state);
  Atomics.notify(ctl, Ctl.consumed);
}

function checkAbort(): void {
  if (Atomics.load(ctl, Ctl.command) === Command.abort) throw new Aborted();
}

async function run(): Promise<void> {
  // Loaded here, not statically, so that a module that fails to load is reported through the shared state like any
  // other failure (the reading thread blocks on that state, not on this thread's events).
  const { default: Database } = await import('better-sqlite3');
  const { DirectLoadAbandoned, DirectOrdersLoad } = await import('../orders-direct');
  abandoned = DirectLoadAbandoned;
  const db = new Database(storePath);
  try {
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    // As the one-thread direct load: every reference it writes is valid by construction (see runner.ts).
    db.pragma('foreign_keys = OFF');
    db.pragma('temp_store = FILE');
    db.pragma('temp.cache_size = -8192');
    db.pragma('main.cache_size = -8192');
    db.exec('BEGIN IMMEDIATE');
    try {
      setState(WriterState.begun);
      // The reader sends the stage columns once it knows the plan (after its sample), then the batches.
      let msg = receiveMessageOnPort(port);
      while (!msg) {
        checkAbort();
        Atomics.wait(ctl, Ctl.produced, 0, 50);
        msg = receiveMessageOnPort(port);
      }
      const columns = (msg.message as { columns: string[] }).columns;
      const load = new DirectOrdersLoad(db, columns, now);
      const reader = new RingReader(ring, columns.length, (c, consumed) => {
        checkAbort();
        Atomics.wait(c, Ctl.produced, consumed, 200);
      });
      reader.drain((row) => load.add(row));
      checkAbort();
      load.finish();
      setState(WriterState.finished);
      let cmd = Atomics.load(ctl, Ctl.command);
      while (cmd === Command.none) {
        Atomics.wait(ctl, Ctl.command, Command.none, 1000);
        cmd = Atomics.load(ctl, Ctl.command);
      }
      if (cmd !== Command.commit) throw new Aborted();
      db.exec('COMMIT');
      setState(WriterState.committed);
    } finally {
      if (db.inTransaction) db.exec('ROLLBACK');
    }
  } finally {
    db.close();
  }
}

try {
  await run();
  setState(WriterState.closed);
} catch (e) {
  if (!(e instanceof Aborted)) {
    const err = e instanceof Error ? e : new Error(String(e));
    const failure: WriterFailure =
      abandoned !== null && err instanceof abandoned
        ? { kind: 'abandoned', message: err.message }
        : err.name === 'SqliteError'
          ? { kind: 'sqlite', message: err.message, code: (err as Error & { code?: string }).code }
          : { kind: 'other', message: err.stack ?? err.message };
    // Posted before the state changes, so the reader finds it as soon as it sees the failure.
    port.postMessage(failure);
  }
  setState(WriterState.failed);
} finally {
  port.close();
}
