// The browser app, built into dist/apps/web and served by the API at `/` (apps/api/src/web-app.ts).
// Everything it loads comes from its own origin: no CDN, web font or third-party host.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../../dist/apps/web', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
    // Inlined assets would need data: URLs in the Content-Security-Policy.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    rolldownOptions: {
      output: {
        // Libraries change less often than the app: in their own files, a new release of the app
        // leaves them cached in the browser. Each area's screens arrive on first use (routes.tsx).
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/, priority: 3 },
            { name: 'graphql', test: /node_modules[\\/](@apollo|graphql|rxjs|optimism|@wry|tslib)[\\/]/, priority: 2 },
            { name: 'libraries', test: /node_modules[\\/]/, priority: 1 },
          ],
        },
      },
    },
  },
  server: {
    // `npm run dev:web`: the API runs on 3000 (npm start); Vite proxies to it.
    port: 5173,
    proxy: {
      '/graphql': 'http://127.0.0.1:3000',
      // rewriteWsOrigin: the API's socket Origin allow-list sees its own origin, as in production.
      '/socket.io': { target: 'http://127.0.0.1:3000', ws: true, changeOrigin: true, rewriteWsOrigin: true },
      '/public/': 'http://127.0.0.1:3000',
      '/briefing-attachments/': 'http://127.0.0.1:3000',
      '^/briefings/[^/]+/attachments$': 'http://127.0.0.1:3000',
      '/workshops/downloads/': 'http://127.0.0.1:3000',
      '/workshops/calendar/': 'http://127.0.0.1:3000',
    },
  },
});
