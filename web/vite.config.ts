import { defineConfig, type Plugin } from 'vite';
import vue from '@vitejs/plugin-vue';

/**
 * Writes `precache.json`, every built asset (lazy route chunks included), for the service worker (public/sw.js)
 * to cache at install: the installed app then opens offline on any page, not only the ones visited once.
 */
const precacheList = (): Plugin => ({
  name: 'flywheel-precache-list',
  apply: 'build',
  generateBundle(_options, bundle) {
    const assets = Object.keys(bundle)
      .filter((f) => f.startsWith('assets/'))
      .sort()
      .map((f) => `/${f}`);
    this.emitFile({ type: 'asset', fileName: 'precache.json', source: JSON.stringify(assets) });
  },
});

export default defineConfig({
  plugins: [vue(), precacheList()],
  server: {
    port: 5173,
    proxy: {
      '/api': 'http://127.0.0.1:3000',
      '/health': 'http://127.0.0.1:3000',
      '/ws': { target: 'ws://127.0.0.1:3000', ws: true },
    },
  },
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 700 },
});
