/**
 * The reading thread's end of a piped first orders import: starts the writing thread (writer-worker.ts), sends it the
 * stage rows through the shared ring and tells it when to commit. Every wait is a synchronous Atomics.wait, so the
 * reading side, like the writing side, never yields to the event loop while the transaction is open.
 */
import { receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { log } from '../../log';
import type { DirectTarget } from '../direct-target';
import type Database from 'better-sqlite3';
import { DirectLoadAbandoned } from '../orders-direct';
import { OrdersPlanner, planStart, type PlannedSink } from '../orders-plan';
import type { Cell } from '../types';
import { startWriter, takePrewarmedWriter } from './prewarm';
import { Command, Ctl, RecordKind, RingWriter, WriterState, type RingBuffers } from './ring';
import type { WriterFailure, WriterMessage } from './writer-worker';

/** A write transaction held by a second thread with its own connection to the store at `storePath`. */
export class PipedTarget implements DirectTarget {
  readonly mode = 'piped';
  private readonly ring: RingBuffers;
  private readonly ctl: Int32Array;
  private readonly port: MessagePort;
  private out: RingWriter | null = null;
  private planner: OrdersPlanner | null = null;
  private sink: PlannedSink | null = null;
  private record: Cell[] = [];
  private settled = false;
  private readonly startedAt = performance.now();

  constructor(
    private readonly db: Database.Database,
    private readonly now: string,
  ) {
    // The writer the job worker started ahead of time (prewarm.ts), else a new one.
    const ahead = takePrewarmedWriter(db.name);
    const w = ahead ?? startWriter(db.name);
    log.debug({ aheadOfTime: ahead !== null }, 'import writer thread');
    this.ring = w.ring;
    this.ctl = new Int32Array(this.ring.control);
    this.port = w.port;
  }

  private state(): number {
    return Atomics.load(this.ctl, Ctl.state);
  }

  /** Blocks until the writer's state leaves `from`; throws the writer's error when it failed. */
  private waitPast(from: number): number {
    let s = this.state();
    while (s === from) {
      Atomics.wait(this.ctl, Ctl.state, from, 1000);
      s = this.state();
    }
    if (s === WriterState.failed) this.fail();
    return s;
  }

  /** Logs the writer's debug lines received so far; returns its failure when it sent one. */
  private drain(): WriterFailure | undefined {
    let failure: WriterFailure | undefined;
    for (let m = receiveMessageOnPort(this.port); m; m = receiveMessageOnPort(this.port)) {
      const msg = m.message as WriterMessage;
      if ('log' in msg) log.debug(msg.log.fields, msg.log.msg);
      else failure = msg;
    }
    return failure;
  }

  private fail(): never {
    this.settled = true;
    const failure = this.drain();
    this.port.close();
    if (!failure) throw new Error('import writer thread stopped');
    if (failure.kind === 'abandoned') throw new DirectLoadAbandoned(failure.message.replace(/^direct load abandoned: /, ''));
    if (failure.kind === 'sqlite') throw Object.assign(new Error(failure.message), { name: 'SqliteError', code: failure.code });
    throw new Error(`import writer thread: ${failure.message}`);
  }

  begin(): void {
    Atomics.store(this.ctl, Ctl.go, 1);
    Atomics.notify(this.ctl, Ctl.go);
    this.waitPast(WriterState.starting);
    log.debug({ ms: Math.round(performance.now() - this.startedAt) }, 'import writer thread holds the lock');
  }

  /**
   * Plans the rows here (order and customer ids, line numbers, daily sums: no SQLite) and sends the writer the rows to
   * insert, each tagged with its RecordKind. The store is read once the writer holds the lock, so it cannot change.
   */
  open(columns: readonly string[]): void {
    const planner = new OrdersPlanner(columns, this.now, planStart(this.db));
    const { orderColumns, lineColumns } = planner.shape;
    const width = 1 + Math.max(orderColumns.length, lineColumns.length, 6);
    this.planner = planner;
    this.record = new Array<Cell>(width).fill(null);
    this.out = new RingWriter(this.ring, width, (ctl) => {
      const consumed = Atomics.load(ctl, Ctl.consumed);
      if (this.state() === WriterState.failed) this.fail();
      Atomics.wait(ctl, Ctl.consumed, consumed, 1000);
    });
    this.sink = {
      customer: (row, from) => this.send(RecordKind.customer, row, from, 3),
      order: (row, from) => this.send(RecordKind.order, row, from, orderColumns.length),
      line: (row, from) => this.send(RecordKind.line, row, from, lineColumns.length),
    };
    this.port.postMessage({ shape: planner.shape, width, now: this.now });
    Atomics.notify(this.ctl, Ctl.produced);
  }

  /** One record: its kind, then `n` cells of `row` from `from` (the rest null). */
  private send(kind: number, row: readonly Cell[], from: number, n: number): void {
    const r = this.record;
    r[0] = kind;
    for (let k = 0; k < n; k++) r[1 + k] = row[from + k];
    for (let k = 1 + n; k < r.length; k++) r[k] = null;
    (this.out as RingWriter).add(r);
  }

  add(row: readonly Cell[]): void {
    (this.planner as OrdersPlanner).plan(row, this.sink as PlannedSink);
  }

  finish(): void {
    const sums = (this.planner as OrdersPlanner).sums;
    // The planner's memory (sums, customer ids) goes once the pairs are sent.
    this.planner = null;
    for (const d of sums.days) this.send(RecordKind.day, [d], 0, 1);
    this.send(RecordKind.sums, [sums.complete ? 1 : 0], 0, 1);
    if (sums.complete) sums.forEachSorted((row) => this.send(RecordKind.sum, row, 0, 6));
    (this.out as RingWriter).end();
    this.waitPast(WriterState.begun);
  }

  commit(): void {
    this.command(Command.commit);
    this.waitPast(WriterState.finished);
    // Committed is final (and durable: the writer's commit syncs the WAL): the writer checkpointing and closing its
    // connection afterwards cannot undo it, so the job goes on without waiting for that.
    this.settled = true;
    this.drain();
    this.port.close();
  }

  rollback(): void {
    if (this.settled) return;
    this.settled = true;
    this.command(Command.abort);
    // A writer that never started holds nothing (and, should it start late, it sees the abort before it writes).
    if (this.state() === WriterState.starting) return;
    // Wait for the writer to roll back and close its connection, so the staged path (or the next import) can take the lock.
    let s = this.state();
    while (s !== WriterState.failed && s !== WriterState.closed) {
      Atomics.wait(this.ctl, Ctl.state, s, 1000);
      s = this.state();
    }
    this.drain();
    this.port.close();
  }

  private command(c: number): void {
    Atomics.store(this.ctl, Ctl.command, c);
    Atomics.notify(this.ctl, Ctl.command);
    Atomics.notify(this.ctl, Ctl.go);
    Atomics.notify(this.ctl, Ctl.produced);
  }
}
