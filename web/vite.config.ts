import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const webDir = path.dirname(fileURLToPath(import.meta.url));

/**
 * The browser UI is built into dist/web at the repo root, which the Fastify app serves with an SPA
 * fallback. Its CSP allows only same-origin scripts, so everything is bundled (no CDN, no inline JS).
 * `vite --config web/vite.config.ts` runs a dev server that proxies the API to a running `hearth serve`.
 */
export default defineConfig({
  root: webDir,
  plugins: [react()],
  build: {
    outDir: path.resolve(webDir, '../dist/web'),
    emptyOutDir: true,
    // Small assets would become data: URIs; fonts and scripts under CSP need real files.
    assetsInlineLimit: 0,
  },
  server: {
    proxy: {
      '/api': { target: 'http://127.0.0.1:3000', changeOrigin: false },
      '/v1': { target: 'http://127.0.0.1:3000', changeOrigin: false },
    },
  },
});
