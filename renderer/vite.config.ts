/** Vite build of the renderer: root renderer/, output renderer/dist, relative asset paths (app:// and http). */
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

// This folder as a file path (no node:url here: the lint rules keep Node built-ins out of renderer/).
const root = decodeURIComponent(new URL('.', import.meta.url).pathname).replace(/^\/([A-Za-z]:)/, '$1');

/** Fontsource stylesheets list a .woff fallback after each .woff2: Chromium (and Electron) reads woff2, so keep only those files. */
function woff2Only(): Plugin {
  return {
    name: 'desk-woff2-only',
    enforce: 'pre',
    transform(code, id) {
      if (!/@fontsource[\\/].*\.css$/.test(id)) return null;
      return { code: code.replace(/,\s*url\([^)]*\.woff\)\s*format\('woff'\)/g, ''), map: null };
    },
  };
}

export default defineConfig({
  root,
  base: './',
  plugins: [woff2Only(), react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The CSP forbids inline scripts: never inline the module preload polyfill.
    modulePreload: { polyfill: false },
    // Nor inline fonts as data: URLs, which the CSP's font sources (self) refuse: small subsets of the bundled Chinese
    // font never loaded (the browser logged a CSP error for each). Every font is a file beside the stylesheet.
    assetsInlineLimit: (file) => (/\.(woff2?|ttf|otf)$/i.test(file) ? false : undefined),
    chunkSizeWarningLimit: 2000,
    target: 'es2022',
  },
});
