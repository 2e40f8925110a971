/** Electron main process: one window, the engine in a utility process, and a checked relay between them. */
import { app, BrowserWindow, dialog, ipcMain, utilityProcess, type UtilityProcess } from 'electron';
import { join } from 'node:path';
import { CHANNELS, type FileFilter, type HostMessage, type HostRequest } from './ipc';
import { hardenSession, isTrustedSender, registerAppScheme, serveRenderer } from './security';

const root = app.isPackaged ? app.getAppPath() : join(__dirname, '..', '..');
const rendererDir = join(root, 'renderer', 'dist');

let win: BrowserWindow | null = null;
let host: UtilityProcess | null = null;
let hostError: string | null = null;
let nextId = 1;
const pending = new Map<number, (outcome: unknown) => void>();

registerAppScheme();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });
  void app.whenReady().then(start);
}

function rejectAll(message: string): void {
  // If the engine cannot start or dies, no call waits forever.
  for (const [, resolve] of pending) resolve({ ok: false, error: { code: 'internal', message } });
  pending.clear();
}

function startEngine(): void {
  host = utilityProcess.fork(join(root, 'main', 'engine-host.mjs'), [], {
    serviceName: 'Merchant Desk engine',
    env: { ...process.env, DESK_DATA_DIR: app.getPath('userData') },
    stdio: 'inherit',
  });
  host.on('message', (m: HostMessage) => {
    switch (m.type) {
      case 'reply':
        pending.get(m.id)?.(m.outcome);
        pending.delete(m.id);
        break;
      case 'job':
        win?.webContents.send(CHANNELS.job, m.progress);
        break;
      case 'fatal':
        hostError = m.message;
        rejectAll(`The engine failed to start: ${m.message}`);
        break;
      case 'ready':
        break;
    }
  });
  host.on('exit', (code) => {
    hostError ??= `The engine stopped (exit code ${code})`;
    rejectAll(hostError);
    host = null;
  });
}

function callEngine(name: string, input: unknown, lang?: 'en' | 'zh'): Promise<unknown> {
  if (!host) return Promise.resolve({ ok: false, error: { code: 'internal', message: hostError ?? 'The engine is not running' } });
  const id = nextId++;
  return new Promise((resolve) => {
    pending.set(id, resolve);
    host?.postMessage({ id, name, input, lang } satisfies HostRequest);
  });
}

function start(): void {
  hardenSession();
  serveRenderer(rendererDir);
  startEngine();

  ipcMain.handle(CHANNELS.call, (e, name: unknown, input: unknown, lang: unknown) => {
    if (!isTrustedSender(win, e.sender, e.senderFrame?.url)) return { ok: false, error: { code: 'unauthorized', message: 'Untrusted sender' } };
    if (typeof name !== 'string') return { ok: false, error: { code: 'bad_request', message: 'Operation name must be a string' } };
    return callEngine(name, input, lang === 'zh' || lang === 'en' ? lang : undefined);
  });
  ipcMain.handle(CHANNELS.openFile, async (e, filters: FileFilter[]) => {
    if (!win || !isTrustedSender(win, e.sender, e.senderFrame?.url)) return null;
    const r = await dialog.showOpenDialog(win, { properties: ['openFile'], filters: Array.isArray(filters) ? filters : [] });
    return r.canceled ? null : (r.filePaths[0] ?? null);
  });
  ipcMain.handle(CHANNELS.saveFile, async (e, defaultName: string) => {
    if (!win || !isTrustedSender(win, e.sender, e.senderFrame?.url)) return null;
    const r = await dialog.showSaveDialog(win, { defaultPath: typeof defaultName === 'string' ? defaultName : undefined });
    return r.canceled ? null : (r.filePath ?? null);
  });

  win = new BrowserWindow({
    width: 1360,
    height: 860,
    minWidth: 1024,
    minHeight: 640,
    title: 'Merchant Desk',
    show: false,
    webPreferences: {
      preload: join(root, 'main', 'dist', 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webviewTag: false,
      spellcheck: false,
    },
  });
  win.once('ready-to-show', () => win?.show());
  win.on('closed', () => {
    win = null;
  });
  void win.loadURL('app://desk/index.html');
}

app.on('window-all-closed', () => app.quit());
app.on('before-quit', () => {
  // Clean shutdown: the engine closes the database before it exits.
  host?.postMessage({ id: 0, name: '__shutdown', input: null } satisfies HostRequest);
});
