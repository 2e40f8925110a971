/**
 * The writing thread of a piped first orders import: its own connection to the store takes the write lock, then runs
 * only SQLite: it inserts the customer, order and line rows the reading thread planned (OrdersPlanner, exactly as the
 * one-thread direct load plans them), writes the daily sums it sends last, rebuilds the indexes, and commits only when
 * the reader says so. Everything between BEGIN IMMEDIATE and COMMIT is synchronous (Atomics.wait, no await).
 */
import { receiveMessageOnPort, workerData, type MessagePort } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { DirectLoadAbandoned, DirectOrdersLoad, type DebugLog } from '../orders-direct';
import type { PlanShape } from '../orders-plan';
import { Command, Ctl, RecordKind, RingReader, WriterState, type RingBuffers } from './ring';
import { threadCpuMs } from './thread-cpu';

/** What the reading thread passes at start (the rows' timestamp comes with the shape, once the load begins). */
export interface WriterData {
  storePath: string;
  ring: RingBuffers;
  port: MessagePort;
}

/** Why the writer stopped: the direct load is abandoned (stage instead), SQLite refused, or anything else. */
export interface WriterFailure {
  kind: 'abandoned' | 'sqlite' | 'other';
  message: string;
  code?: string;
}

/** What the writer posts: a debug line, or its failure. */
export type WriterMessage = { log: { fields: Record<string, unknown>; msg: string } } | WriterFailure;

const { storePath, ring, port } = workerData as WriterData;
const ctl = new Int32Array(ring.control);
// Debug lines go to the reading thread, which logs them (the logger is not loaded here: it would add to the start).
const debug: DebugLog = /^(debug|trace)$/.test(process.env.DESK_LOG ?? '') ? (fields, msg) => port.postMessage({ log: { fields, msg } }) : () => undefined;

class Aborted extends Error {}

function setState(s: number): void {
  Atomics.store(ctl, Ctl.state, s);
  // Whatever the reader waits on (a free slot or a state), wake it.
  Atomics.notify(ctl, Ctl.state);
  Atomics.notify(ctl, Ctl.consumed);
}

function checkAbort(): void {
  if (Atomics.load(ctl, Ctl.command) === Command.abort) throw new Aborted();
}

function run(): void {
  const db = new Database(storePath);
  try {
    // The commit syncs the WAL (FULL), so the import is durable when the reader is told it committed; copying the WAL
    // into the store file (the checkpoint) then runs here while the job finishes its bookkeeping (see below).
    db.pragma('synchronous = FULL');
    db.pragma('wal_autocheckpoint = 0');
    db.pragma('busy_timeout = 5000');
    // As the one-thread direct load: every reference it writes is valid by construction (see runner.ts).
    db.pragma('foreign_keys = OFF');
    db.pragma('temp_store = FILE');
    db.pragma('temp.cache_size = -8192');
    db.pragma('main.cache_size = -8192');
    // The thread may start ahead of the load (prewarm.ts): it takes the write lock only when the reader asks.
    while (Atomics.load(ctl, Ctl.go) === 0) {
      checkAbort();
      Atomics.wait(ctl, Ctl.go, 0, 50);
    }
    checkAbort();
    db.exec('BEGIN IMMEDIATE');
    try {
      setState(WriterState.begun);
      // The reader sends the shape of the rows once it knows the plan (after its sample), then the records.
      let msg = receiveMessageOnPort(port);
      while (!msg) {
        checkAbort();
        Atomics.wait(ctl, Ctl.produced, 0, 50);
        msg = receiveMessageOnPort(port);
      }
      const { shape, width, now } = msg.message as { shape: PlanShape; width: number; now: string };
      const load = new DirectOrdersLoad(db, shape, now, debug);
      const reader = new RingReader(ring, width, (c, consumed) => {
        checkAbort();
        Atomics.wait(c, Ctl.produced, consumed, 200);
      });
      const t0 = performance.now();
      const days: string[] = [];
      reader.drain((row) => {
        switch (row[0]) {
          case RecordKind.customer:
            return load.customer(row, 1);
          case RecordKind.order:
            return load.order(row, 1);
          case RecordKind.line:
            return load.line(row, 1);
          case RecordKind.day:
            return void days.push(row[1] as string);
          case RecordKind.sums:
            debug({ ms: Math.round(performance.now() - t0), threadCpuMs: threadCpuMs(), heapTotalMb: Math.round(process.memoryUsage().heapTotal / 1e6) }, 'import writer: rows in');
            return load.beginSums(days, row[1] === 1);
          case RecordKind.sum:
            return load.sum(row, 1);
        }
      });
      checkAbort();
      load.endSums();
      debug({ ms: Math.round(performance.now() - t0), threadCpuMs: threadCpuMs() }, 'import writer: finished');
      setState(WriterState.finished);
      let cmd = Atomics.load(ctl, Ctl.command);
      while (cmd === Command.none) {
        Atomics.wait(ctl, Ctl.command, Command.none, 1000);
        cmd = Atomics.load(ctl, Ctl.command);
      }
      if (cmd !== Command.commit) throw new Aborted();
      const t1 = performance.now();
      db.exec('COMMIT');
      setState(WriterState.committed);
      debug({ ms: Math.round(performance.now() - t0), commitMs: Math.round(performance.now() - t1), threadCpuMs: threadCpuMs() }, 'import writer: committed');
      // A passive checkpoint takes no write lock: readers and the job's own writes go on beside it. Should the thread
      // be stopped first, the WAL stays valid and the next commit or close on the store checkpoints it.
      const t2 = performance.now();
      try {
        db.pragma('wal_checkpoint(PASSIVE)');
      } catch {
        // busy or interrupted: a later checkpoint does it
      }
      debug({ checkpointMs: Math.round(performance.now() - t2) }, 'import writer: checkpointed');
    } finally {
      if (db.inTransaction) db.exec('ROLLBACK');
    }
  } finally {
    db.close();
  }
}

function main(): void {
  try {
    run();
    setState(WriterState.closed);
  } catch (e) {
    if (!(e instanceof Aborted)) {
      const err = e instanceof Error ? e : new Error(String(e));
      const failure: WriterFailure =
        err instanceof DirectLoadAbandoned
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
}

main();
