/** The IPC channel names and message shapes shared by main, preload and the engine host. */

/** Channels the preload may use; each maps to one named function exposed to the page. */
export const CHANNELS = {
  call: 'desk:call',
  job: 'desk:job',
  openFile: 'desk:open-file',
  openFolder: 'desk:open-folder',
  saveFile: 'desk:save-file',
} as const;

/** An operation call relayed from the renderer: the only kind of message a renderer request can become. */
export interface HostCall {
  type: 'call';
  id: number;
  name: string;
  input: unknown;
  lang?: 'en' | 'zh';
}

/**
 * A control message only main composes (never built from renderer input): shut the engine down, or allow the
 * window to use a file the user picked in a native dialog (`write` for a save dialog, `read` for an open dialog).
 */
export type HostControl = { type: 'control'; action: 'shutdown' } | { type: 'control'; action: 'grant'; path: string; use: 'read' | 'write' };

/** Any message from main to the engine host. */
export type HostRequest = HostCall | HostControl;

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
