/** Electron main process: one window, the engine in a utility process, and a checked relay between them. */
import { app, BrowserWindow, dialog, ipcMain, utilityProcess } from 'electron';
import { join } from 'node:path';
import { CHANNELS, type FileFilter } from './ipc';
import { engineNoticeText } from './messages';
import { EngineRelay } from './relay';
import { hardenSession, isTrustedSender, registerAppScheme, serveRenderer } from './security';

const root = app.isPackaged ? app.getAppPath() : join(__dirname, '..', '..');
const rendererDir = join(root, 'renderer', 'dist');

let win: BrowserWindow | null = null;

/** The UI language for the shell's own dialogs. */
function shellLang(): 'en' | 'zh' {
  return app.getLocale().toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

const relay = new EngineRelay({
  fork: () =>
    utilityProcess.fork(join(root, 'main', 'engine-host.mjs'), [], {
      serviceName: 'Merchant Desk engine',
      env: { ...process.env, DESK_DATA_DIR: app.getPath('userData') },
      stdio: 'inherit',
    }),
  onJob: (progress) => win?.webContents.send(CHANNELS.job, progress),
  notify: (n) => {
    // The user hears about a restart (or the end of restarts) in their language.
    const text = engineNoticeText(n, shellLang());
    const box = { type: n.kind === 'failed' ? ('error' as const) : ('warning' as const), title: text.title, message: text.message, detail: text.detail };
    void (win ? dialog.showMessageBox(win, box) : dialog.showMessageBox(box));
  },
});

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

function start(): void {
  hardenSession();
  serveRenderer(rendererDir);
  relay.start();

  ipcMain.handle(CHANNELS.call, (e, name: unknown, input: unknown, lang: unknown) => {
    if (!isTrustedSender(win, e.sender, e.senderFrame?.url)) return { ok: false, error: { code: 'unauthorized', message: 'Untrusted sender' } };
    if (typeof name !== 'string') return { ok: false, error: { code: 'bad_request', message: 'Operation name must be a string' } };
    // Always relayed as an operation call: control messages are composed by main alone.
    return relay.call(name, input, lang === 'zh' || lang === 'en' ? lang : undefined);
  });
  ipcMain.handle(CHANNELS.openFile, async (e, filters: FileFilter[]) => {
    if (!win || !isTrustedSender(win, e.sender, e.senderFrame?.url)) return null;
    const r = await dialog.showOpenDialog(win, { properties: ['openFile'], filters: Array.isArray(filters) ? filters : [] });
    const picked = r.canceled ? null : (r.filePaths[0] ?? null);
    // The window may read the file the user picked, and no other file outside the data folder.
    if (picked) relay.grant(picked, 'read');
    return picked;
  });
  ipcMain.handle(CHANNELS.openFolder, async (e) => {
    if (!win || !isTrustedSender(win, e.sender, e.senderFrame?.url)) return null;
    const r = await dialog.showOpenDialog(win, { properties: ['openDirectory'] });
    const picked = r.canceled ? null : (r.filePaths[0] ?? null);
    // The window may read the folder the user picked (a folder of product photos to import).
    if (picked) relay.grant(picked, 'read');
    return picked;
  });
  ipcMain.handle(CHANNELS.saveFile, async (e, defaultName: string) => {
    if (!win || !isTrustedSender(win, e.sender, e.senderFrame?.url)) return null;
    const r = await dialog.showSaveDialog(win, { defaultPath: typeof defaultName === 'string' ? defaultName : undefined });
    const picked = r.canceled ? null : (r.filePath ?? null);
    if (picked) relay.grant(picked, 'write');
    return picked;
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
  relay.shutdown();
});
