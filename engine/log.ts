/** The engine's logger: pino to stderr, so `--json` output on stdout stays clean. */
import { isMainThread } from 'node:worker_threads';
import pino from 'pino';

/**
 * Shared logger; level from DESK_LOG (default 'warn' in CLI use, 'info' when serving). A worker thread writes its
 * lines synchronously: pino flushes an asynchronous destination at exit only on the main thread, so a worker's last
 * lines (a job's warnings, its "done") were lost when the process ended right after the job (CI, 2026-12-04).
 */
export const log = pino({ level: process.env.DESK_LOG ?? 'warn', base: undefined }, pino.destination({ dest: 2, minLength: 0, sync: !isMainThread }));
