/**
 * A one-producer, one-consumer ring of stage-row batches in shared memory: the import's reading thread encodes rows
 * into a free slot, the writing thread decodes them in order. Both sides block with Atomics.wait (never an await), so
 * the writer's transaction is never held across one. Cells are typed: null, a number, a UTF-8 string, or "the same as
 * this column in the row before" (dates, statuses and order numbers repeat down a file and are then not copied).
 */
import type { Cell } from '../types';

/** Batches in flight: the reader can run this many ahead of the writer. */
export const SLOTS = 4;
/** Most rows per batch. */
export const BATCH_ROWS = 2048;
/** Most cells per row (the orders stage has at most 13). */
export const MAX_WIDTH = 16;
/** Bytes of text per batch: more than the longest row the reader accepts (1,048,576 characters, at most 3 bytes each). */
const TEXT_BYTES = 4 << 20;

const HEAD = 16;
const NUMS = HEAD;
const TAGS = NUMS + BATCH_ROWS * MAX_WIDTH * 8;
const TEXT = TAGS + BATCH_ROWS * MAX_WIDTH;
const SLOT_BYTES = TEXT + TEXT_BYTES;

const NULL = 0;
const NUM = 1;
const STR = 2;
const SAME = 3;

/** What a slot carries. */
export const SlotKind = { rows: 1, end: 2 } as const;

/** Indexes into the control words. */
export const Ctl = {
  /** Batches written by the reader. */
  produced: 0,
  /** Batches taken by the writer. */
  consumed: 1,
  /** The writer's state (WriterState). */
  state: 2,
  /** The reader's word to the writer (Command). */
  command: 3,
  /** 1 once the reader wants the write lock: a writer started ahead of time waits for it before BEGIN IMMEDIATE. */
  go: 4,
} as const;

/**
 * What a row of a piped first orders import carries, in its first cell: a customer, an order or a line to insert; a day
 * loaded; the sums header (then 1 when every (product, day) pair follows, else 0); one pair of daily sums.
 */
export const RecordKind = { customer: 1, order: 2, line: 3, day: 4, sums: 5, sum: 6 } as const;

/** Where the writer is. */
export const WriterState = { starting: 0, begun: 1, finished: 2, committed: 3, failed: 4, closed: 5 } as const;

/** What the reader tells the writer beside the batches. */
export const Command = { none: 0, commit: 1, abort: 2 } as const;

/** The shared memory of one pipe: control words and the slots. */
export interface RingBuffers {
  control: SharedArrayBuffer;
  slots: SharedArrayBuffer;
}

/** Allocates a pipe's shared memory (pages are touched only as batches fill them). */
export function allocRing(): RingBuffers {
  return { control: new SharedArrayBuffer(16 * 4), slots: new SharedArrayBuffer(SLOTS * SLOT_BYTES) };
}

interface SlotView {
  head: Int32Array;
  nums: Float64Array;
  tags: Uint8Array;
  text: Buffer;
}

function views(slots: SharedArrayBuffer): SlotView[] {
  return Array.from({ length: SLOTS }, (_, k) => {
    const at = k * SLOT_BYTES;
    return {
      head: new Int32Array(slots, at, HEAD / 4),
      nums: new Float64Array(slots, at + NUMS, BATCH_ROWS * MAX_WIDTH),
      tags: new Uint8Array(slots, at + TAGS, BATCH_ROWS * MAX_WIDTH),
      text: Buffer.from(slots, at + TEXT, TEXT_BYTES),
    };
  });
}

/** The reader's side: fills slots with rows of `width` cells; `wait` blocks until the writer frees a slot. */
export class RingWriter {
  private readonly slots: SlotView[];
  private readonly ctl: Int32Array;
  private readonly prev: Cell[];
  private produced = 0;
  private slot: SlotView | null = null;
  private rows = 0;
  private textAt = 0;

  constructor(
    ring: RingBuffers,
    private readonly width: number,
    private readonly wait: (ctl: Int32Array) => void,
  ) {
    if (width > MAX_WIDTH) throw new RangeError(`rows of ${width} cells exceed the pipe's ${MAX_WIDTH}`);
    this.slots = views(ring.slots);
    this.ctl = new Int32Array(ring.control);
    this.prev = new Array<Cell>(width).fill(null);
  }

  private acquire(): SlotView {
    while (this.produced - Atomics.load(this.ctl, Ctl.consumed) >= SLOTS) this.wait(this.ctl);
    const s = this.slots[this.produced % SLOTS];
    this.rows = 0;
    this.textAt = 0;
    this.slot = s;
    return s;
  }

  private publish(kind: number): void {
    const s = this.slot as SlotView;
    s.head[0] = kind;
    s.head[1] = this.rows;
    this.slot = null;
    Atomics.store(this.ctl, Ctl.produced, ++this.produced);
    Atomics.notify(this.ctl, Ctl.produced);
  }

  /** Adds one row (its values are copied). */
  add(row: readonly Cell[]): void {
    const w = this.width;
    const prev = this.prev;
    let need = 0;
    for (let j = 0; j < w; j++) {
      const v = row[j];
      if (typeof v === 'string' && v !== prev[j]) need += v.length * 3;
    }
    let s = this.slot ?? this.acquire();
    if (this.rows > 0 && (this.rows === BATCH_ROWS || this.textAt + need > TEXT_BYTES)) {
      this.publish(SlotKind.rows);
      s = this.acquire();
    }
    const base = this.rows * w;
    const { nums, tags, text } = s;
    for (let j = 0; j < w; j++) {
      const v = row[j];
      if (v === prev[j]) {
        tags[base + j] = SAME;
        continue;
      }
      prev[j] = v;
      if (v === null) tags[base + j] = NULL;
      else if (typeof v === 'number') {
        tags[base + j] = NUM;
        nums[base + j] = v;
      } else {
        tags[base + j] = STR;
        const n = text.write(v, this.textAt, 'utf8');
        nums[base + j] = n;
        this.textAt += n;
      }
    }
    this.rows++;
  }

  /** Sends what is buffered, then the end mark: the writer finishes the load once it has taken every batch. */
  end(): void {
    if (this.slot && this.rows > 0) this.publish(SlotKind.rows);
    if (!this.slot) this.acquire();
    this.publish(SlotKind.end);
  }
}

/** The writer's side: hands each row of each batch to `onRow` in order; returns when the end mark arrives. */
export class RingReader {
  private readonly slots: SlotView[];
  private readonly ctl: Int32Array;
  private consumed = 0;

  constructor(
    ring: RingBuffers,
    private readonly width: number,
    private readonly wait: (ctl: Int32Array, consumed: number) => void,
  ) {
    this.slots = views(ring.slots);
    this.ctl = new Int32Array(ring.control);
  }

  /** Reads batches until the end mark; `onRow` gets the same array each time (copy what you keep). */
  drain(onRow: (row: Cell[]) => void): void {
    const w = this.width;
    const row = new Array<Cell>(w).fill(null);
    for (;;) {
      while (Atomics.load(this.ctl, Ctl.produced) === this.consumed) this.wait(this.ctl, this.consumed);
      const s = this.slots[this.consumed % SLOTS];
      const kind = s.head[0];
      const rows = s.head[1];
      const { nums, tags, text } = s;
      let at = 0;
      for (let r = 0; r < rows; r++) {
        const base = r * w;
        for (let j = 0; j < w; j++) {
          const t = tags[base + j];
          if (t === SAME) continue;
          if (t === NUM) row[j] = nums[base + j];
          else if (t === NULL) row[j] = null;
          else {
            const n = nums[base + j];
            row[j] = text.toString('utf8', at, at + n);
            at += n;
          }
        }
        onRow(row);
      }
      Atomics.store(this.ctl, Ctl.consumed, ++this.consumed);
      Atomics.notify(this.ctl, Ctl.consumed);
      if (kind === SlotKind.end) return;
    }
  }
}
