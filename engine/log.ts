/** The engine's logger: pino to stderr, so `--json` output on stdout stays clean. */
import pino from 'pino';

/** Shared logger; level from DESK_LOG (default 'warn' in CLI use, 'info' when serving). */
export const log = pino({ level: process.env.DESK_LOG ?? 'warn', base: undefined }, pino.destination(2));
