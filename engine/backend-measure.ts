/** The compute backend's last measurement (speed, where training runs), kept as JSON in the app's data folder. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BackendName } from '../models/backend-names';
import type { TrainingSummary } from '../models/backend';
import { writeFileAtomic } from './fs/atomic';

/** What one measurement found: the backend that started, its matMul speed and where training loops run. */
export interface BackendMeasure {
  backend: BackendName;
  tfBackend: string;
  skipped: { name: BackendName; reason: string }[];
  override: string | null;
  gflops: number | null;
  training: TrainingSummary | null;
  /** When it was measured (ISO time). */
  measuredAt: string;
}

function file(dataDir: string): string {
  return join(dataDir, 'backend.json');
}

function isMeasure(v: unknown): v is BackendMeasure {
  const m = v as BackendMeasure;
  return typeof v === 'object' && v !== null && typeof m.backend === 'string' && typeof m.tfBackend === 'string' && Array.isArray(m.skipped) && typeof m.measuredAt === 'string' && (m.gflops === null || typeof m.gflops === 'number');
}

/**
 * The last measurement of the backend `name` (what would start now), or null: none yet, one of another backend (a
 * package installed or removed since), or a file that cannot be read (measured again rather than shown wrong).
 */
export function lastMeasure(dataDir: string, name: BackendName): BackendMeasure | null {
  if (!existsSync(file(dataDir))) return null;
  try {
    const m = JSON.parse(readFileSync(file(dataDir), 'utf8')) as unknown;
    return isMeasure(m) && m.backend === name ? m : null;
  } catch {
    return null;
  }
}

/** Keeps a measurement for the next opening of Settings (atomic: a crash never leaves half a file). */
export function saveMeasure(dataDir: string, m: BackendMeasure): void {
  writeFileAtomic(file(dataDir), JSON.stringify(m, null, 2));
}
