/** CPU time of the calling thread, for the debug log of a piped import (Linux: /proc/thread-self/stat; elsewhere null). */
import { readFileSync } from 'node:fs';

/** User + system milliseconds this thread has run, or null where the system does not say. */
export function threadCpuMs(): number | null {
  try {
    const stat = readFileSync('/proc/thread-self/stat', 'latin1');
    // Fields after the command name (which may hold spaces): state is field 3, utime and stime fields 14 and 15, in ticks.
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) * 10;
  } catch {
    return null;
  }
}
