/**
 * Vite build of the dashboard. The bundle goes to `dist/web/` at the package root, the
 * fixed place `src/http/routes/web.ts` serves it from, so `mnemo serve` shows it at `/`.
 *
 * `npm run build` runs it (`vite build --config web/vite.config.ts`). For development,
 * `npx vite --config web/vite.config.ts` serves the sources with the API proxied to a
 * running `mnemo serve` (MNEMO_API, default http://127.0.0.1:8765).
 */
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));
/** Where `mnemo serve` runs during `vite` dev; the default is serve's default port. */
const api = process.env.MNEMO_API ?? 'http://127.0.0.1:8765';

export default defineConfig({
  root: here,
  base: '/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    // Recharts and Mantine together pass Vite's 500 kB warning; they are split below instead.
    chunkSizeWarningLimit: 700,
    rollupOptions: {
      output: {
        // Vendor code in its own long-cached chunks, so a dashboard change re-downloads only its own code.
        manualChunks(id) {
          if (!id.includes('/node_modules/')) return undefined;
          // The graph picture's library loads only on the pages that draw one (dynamic import).
          if (id.includes('/node_modules/cytoscape/')) return undefined;
          if (/\/node_modules\/(@mantine\/charts|recharts|d3-|victory-vendor|es-toolkit|immer|@reduxjs|react-redux|reselect|decimal\.js-light)/.test(id)) return 'charts';
          if (/\/node_modules\/(@mantine|@floating-ui|dayjs|react-remove-scroll|react-number-format|react-textarea-autosize|clsx)/.test(id)) return 'mantine';
          return 'vendor';
        },
      },
    },
  },
  server: {
    proxy: Object.fromEntries(['/api', '/healthz', '/mcp'].map((p) => [p, { target: api, changeOrigin: true }])),
  },
});
