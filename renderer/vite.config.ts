/** Vite build of the renderer: root renderer/, output renderer/dist, relative asset paths (app:// and http). */
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// This folder as a file path (no node:url here: the lint rules keep Node built-ins out of renderer/).
const root = decodeURIComponent(new URL('.', import.meta.url).pathname).replace(/^\/([A-Za-z]:)/, '$1');

export default defineConfig({
  root,
  base: './',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The CSP forbids inline scripts: never inline the module preload polyfill.
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 2000,
    target: 'es2022',
  },
});
