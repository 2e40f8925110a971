/** Files the browser uploads: streamed to the data folder under a size limit, deleted once used or stale. */
import { createWriteStream, readdirSync, rmSync, statSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { basename, join } from 'node:path';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { both, EngineError } from '../errors';
import { withAtomicPath } from '../fs/atomic';
import type { Lang } from '../i18n';
import type { JobProgress } from '../jobs/types';
import { log } from '../log';
import { isInside, realResolve } from '../security/path-policy';
import { securityCatalog } from '../security/messages';
import { makeDirs } from '../fs/mkdirs';
import { safeUploadName, storedUploadName } from '../fs/upload-name';

/** Default upload limit: 512 MB (a year of a busy shop's order lines fits many times over). */
export const DEFAULT_MAX_UPLOAD_BYTES = 512 * 1024 * 1024;
/** Default time an unused upload is kept: 24 hours. */
export const DEFAULT_UPLOAD_TTL_MS = 24 * 60 * 60 * 1000;

/** Counts bytes and fails the stream once they pass the limit. */
class Limit extends Transform {
  private seen = 0;
  constructor(private readonly max: number, private readonly tooLarge: () => Error) {
    super();
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.seen += chunk.length;
    if (this.seen > this.max) cb(this.tooLarge());
    else cb(null, chunk);
  }
}

/** The upload folder of one server: receive, track the job that uses a file, delete. */
export class Uploads {
  private readonly byJob = new Map<string, string>();

  constructor(
    readonly dir: string,
    readonly maxBytes: number = DEFAULT_MAX_UPLOAD_BYTES,
    readonly ttlMs: number = DEFAULT_UPLOAD_TTL_MS,
  ) {}

  /** Deletes every file left by earlier runs (called when the server starts); returns how many. */
  clearLeftovers(): number {
    return this.removeWhere(() => true);
  }

  /** Deletes uploads older than the time-to-live (a file uploaded and previewed but never imported). */
  sweep(now = Date.now()): number {
    return this.removeWhere((mtimeMs) => now - mtimeMs > this.ttlMs);
  }

  private removeWhere(stale: (mtimeMs: number) => boolean): number {
    let n = 0;
    let names: string[];
    try {
      names = readdirSync(this.dir);
    } catch {
      return 0;
    }
    for (const name of names) {
      const p = join(this.dir, name);
      try {
        if (stale(statSync(p).mtimeMs)) {
          rmSync(p, { force: true, recursive: true });
          n++;
        }
      } catch (e) {
        log.warn({ err: e, path: p }, 'could not remove an upload');
      }
    }
    return n;
  }

  /**
   * The limit as a user reads it, naming the file as the user knows it. In both languages (worded in `lang`): a screen
   * that keeps the refusal (Try-on's "Photo not added") follows a language switch with it.
   */
  private tooLarge(lang: Lang, name: string): EngineError {
    const limit = Math.round(this.maxBytes / (1024 * 1024));
    const file = basename(name) || name;
    return new EngineError('too_large', both(securityCatalog, 'too_large', { name: file, limit }), { limitBytes: this.maxBytes, file }, lang);
  }

  /** Streams a request body to a new file in the folder; refuses (and deletes) anything over the limit. */
  async receive(req: IncomingMessage, name: string, lang: Lang): Promise<{ path: string; sizeBytes: number }> {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > this.maxBytes) throw this.tooLarge(lang, name);
    this.sweep();
    makeDirs(this.dir);
    const safe = safeUploadName(basename(name)).slice(-120) || 'upload.bin';
    const dest = join(this.dir, storedUploadName(safe));
    await withAtomicPath(dest, (tmp) => pipeline(req, new Limit(this.maxBytes, () => this.tooLarge(lang, name)), createWriteStream(tmp)));
    return { path: dest, sizeBytes: statSync(dest).size };
  }

  /** True when `p` is a file in the upload folder. */
  owns(p: string): boolean {
    return isInside(realResolve(this.dir), realResolve(p)) && realResolve(p) !== realResolve(this.dir);
  }

  /** Deletes one upload (ignored when it is not one). */
  remove(p: string): void {
    if (this.owns(p)) rmSync(p, { force: true });
  }

  /** Remembers that job `jobId` reads upload `p`, so the file goes once the job has used it. */
  track(jobId: string, p: string): void {
    if (this.owns(p)) this.byJob.set(jobId, p);
  }

  /**
   * Job progress hook: a job that succeeded has used its upload, which is deleted. A failed or cancelled import
   * keeps it, so the user can fix the column mapping and run it again; the time-to-live removes it later.
   */
  onJob(p: JobProgress): void {
    const file = this.byJob.get(p.jobId);
    if (!file || (p.status !== 'succeeded' && p.status !== 'failed' && p.status !== 'cancelled')) return;
    this.byJob.delete(p.jobId);
    if (p.status === 'succeeded') this.remove(file);
  }
}
