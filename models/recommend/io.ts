/**
 * Saves and loads a trained sequential recommender's serving weights as one file: a magic line, a JSON header
 * (format, config, item count, tensor names and shapes, a checksum, the caller's metadata) and the float32 data.
 * Written under a temporary name and renamed, so a crash never leaves half a file under the final name. An ensemble
 * (several models trained with different seeds) is one file too: format v2, every member's config in `members` and its
 * tensors named `m<i>.<name>`; a single model keeps format v1, so files written before ensembles still load.
 */
import { readFileSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { writeSynced } from '../write-synced';
import { createSasrec, DEFAULT_SASREC, type Sasrec, type SasrecConfig } from './sasrec';
import { makeDirs } from '../../engine/fs/mkdirs';

const MAGIC = 'MERCHANT-DESK-SASREC-1\n';
const FORMAT = 'merchant-desk-sasrec-v1';
const FORMAT_ENSEMBLE = 'merchant-desk-sasrec-v2';

interface Header {
  format: string;
  cfg: SasrecConfig;
  nItems: number;
  tensors: { name: string; shape: number[] }[];
  /** FNV-1a of the data bytes: a flipped byte is caught at load. */
  checksum: number;
  meta: unknown;
  /** v2 (an ensemble): each member's config, in order (`cfg` is the first's). */
  members?: SasrecConfig[];
}

function fnv1a(bytes: Uint8Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) {
    h ^= bytes[i];
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/**
 * Writes the model's serving weights (or every member's, for an ensemble), extra float arrays (e.g. item popularity)
 * and JSON metadata to `path`.
 */
export async function saveSasrecFile(models: Sasrec | readonly Sasrec[], path: string, meta: unknown, extra: Record<string, Float32Array> = {}): Promise<void> {
  const list = Array.isArray(models) ? (models as readonly Sasrec[]) : [models as Sasrec];
  if (!list.length) throw new Error('saveSasrecFile: no model to save');
  const model = list[0];
  if (list.some((m) => m.itemCount() !== model.itemCount())) throw new Error('saveSasrecFile: ensemble members score different item counts');
  const many = list.length > 1;
  const weights = list.flatMap((m, i) => m.servingWeights().map((w) => ({ name: many ? `m${i}.${w.name}` : w.name, tensor: w.tensor })));
  try {
    const parts: { name: string; shape: number[]; data: Float32Array }[] = [];
    for (const w of weights) parts.push({ name: w.name, shape: w.tensor.shape, data: (await w.tensor.data()) as Float32Array });
    for (const [name, data] of Object.entries(extra)) parts.push({ name: `extra.${name}`, shape: [data.length], data });
    const total = parts.reduce((a, p) => a + p.data.length, 0);
    const body = new Float32Array(total);
    let off = 0;
    for (const p of parts) {
      body.set(p.data, off);
      off += p.data.length;
    }
    const bytes = new Uint8Array(body.buffer);
    const header: Header = { format: many ? FORMAT_ENSEMBLE : FORMAT, cfg: model.cfg, nItems: model.itemCount(), tensors: parts.map((p) => ({ name: p.name, shape: p.shape })), checksum: fnv1a(bytes), meta, ...(many ? { members: list.map((m) => m.cfg) } : {}) };
    const head = Buffer.from(JSON.stringify(header), 'utf8');
    const len = Buffer.alloc(4);
    // The data starts on a 4-byte boundary after the header (padded with spaces inside the JSON's length).
    const pad = (4 - ((MAGIC.length + 4 + head.length) % 4)) % 4;
    const headPadded = Buffer.concat([head, Buffer.alloc(pad, 0x20)]);
    len.writeUInt32LE(headPadded.length, 0);
    const file = Buffer.concat([Buffer.from(MAGIC, 'utf8'), len, headPadded, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)]);
    makeDirs(dirname(path));
    const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
    try {
      writeSynced(tmp, file);
      renameSync(tmp, path);
    } catch (e) {
      rmSync(tmp, { force: true });
      throw e;
    }
  } finally {
    for (const w of weights) w.tensor.dispose();
  }
}

/**
 * Reads a file written by saveSasrecFile: its model(s) (one for a single model, every member for an ensemble; the
 * caller disposes them), metadata and extra arrays. Throws (with the reason) when it is missing, truncated or damaged.
 */
export async function loadSasrecFile(path: string): Promise<{ models: Sasrec[]; meta: unknown; extra: Record<string, Float32Array> }> {
  const buf = readFileSync(path);
  if (buf.length < MAGIC.length + 4 || buf.subarray(0, MAGIC.length).toString('utf8') !== MAGIC) throw new Error(`${path} is not a Merchant Desk sequential-model file`);
  const headLen = buf.readUInt32LE(MAGIC.length);
  const start = MAGIC.length + 4 + headLen;
  if (start > buf.length) throw new Error(`${path} is truncated (header)`);
  const header = JSON.parse(buf.subarray(MAGIC.length + 4, start).toString('utf8')) as Header;
  if (header.format !== FORMAT && header.format !== FORMAT_ENSEMBLE) throw new Error(`${path}: format '${String(header.format)}', expected '${FORMAT}' or '${FORMAT_ENSEMBLE}'`);
  const cfgs = header.format === FORMAT_ENSEMBLE ? header.members ?? [] : [header.cfg];
  if (!cfgs.length) throw new Error(`${path}: an ensemble file without members`);
  const count = header.tensors.reduce((a, t) => a + t.shape.reduce((x, y) => x * y, 1), 0);
  if (buf.length - start !== count * 4) throw new Error(`${path} is truncated or padded (${buf.length - start} data bytes, expected ${count * 4})`);
  const bytes = new Uint8Array(buf.buffer.slice(buf.byteOffset + start, buf.byteOffset + buf.length));
  if (fnv1a(bytes) !== header.checksum) throw new Error(`${path} is damaged (checksum mismatch)`);
  const data = new Float32Array(bytes.buffer);
  const weights = new Map<string, { shape: number[]; data: Float32Array }>();
  const extra: Record<string, Float32Array> = {};
  let off = 0;
  for (const t of header.tensors) {
    const n = t.shape.reduce((x, y) => x * y, 1);
    const part = data.subarray(off, off + n);
    off += n;
    if (t.name.startsWith('extra.')) extra[t.name.slice(6)] = part;
    else weights.set(t.name, { shape: t.shape, data: part });
  }
  const models: Sasrec[] = [];
  try {
    for (const [i, c] of cfgs.entries()) {
      const model = await createSasrec(header.nItems, { ...DEFAULT_SASREC, ...c }, null);
      models.push(model);
      const prefix = header.format === FORMAT_ENSEMBLE ? `m${i}.` : '';
      const own = prefix ? new Map([...weights].filter(([name]) => name.startsWith(prefix)).map(([name, w]) => [name.slice(prefix.length), w])) : weights;
      model.loadServing(own);
    }
  } catch (e) {
    for (const m of models) m.dispose();
    throw e;
  }
  return { models, meta: header.meta, extra };
}
