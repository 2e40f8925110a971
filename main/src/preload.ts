/** Preload: exposes a few named functions to the page, never a generic invoke(channel). */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { CHANNELS, type FileFilter } from './ipc';

contextBridge.exposeInMainWorld('desk', {
  /** Calls one engine operation; resolves with `{ ok, result | error }`. */
  call: (name: string, input: unknown, lang?: 'en' | 'zh'): Promise<unknown> => ipcRenderer.invoke(CHANNELS.call, name, input, lang),
  /** Subscribes to job progress; returns the unsubscribe function. */
  onJob: (cb: (p: unknown) => void): (() => void) => {
    const listener = (_e: IpcRendererEvent, p: unknown): void => cb(p);
    ipcRenderer.on(CHANNELS.job, listener);
    return () => ipcRenderer.removeListener(CHANNELS.job, listener);
  },
  /** Native open-file dialog; resolves with the chosen path or null. */
  openFileDialog: (filters: FileFilter[]): Promise<string | null> => ipcRenderer.invoke(CHANNELS.openFile, filters),
  /** Native open-folder dialog; resolves with the chosen folder or null. */
  openFolderDialog: (): Promise<string | null> => ipcRenderer.invoke(CHANNELS.openFolder),
  /** Native save-file dialog; resolves with the chosen path or null. */
  saveFileDialog: (defaultName: string): Promise<string | null> => ipcRenderer.invoke(CHANNELS.saveFile, defaultName),
});
