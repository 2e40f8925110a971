/** The IPC channel names and message shapes shared by main, preload and the engine host. */

/** Channels the preload may use; each maps to one named function exposed to the page. */
export const CHANNELS = {
  call: 'desk:call',
  job: 'desk:job',
  openFile: 'desk:open-file',
  saveFile: 'desk:save-file',
} as const;

/** Request from main to the engine host. */
export interface HostRequest {
  id: number;
  name: string;
  input: unknown;
  lang?: 'en' | 'zh';
}

/** Messages from the engine host to main. */
export type HostMessage =
  | { type: 'ready'; store: string | null }
  | { type: 'fatal'; message: string }
  | { type: 'reply'; id: number; outcome: unknown }
  | { type: 'job'; progress: unknown };

/** A file filter for the native dialogs. */
export interface FileFilter {
  name: string;
  extensions: string[];
}
