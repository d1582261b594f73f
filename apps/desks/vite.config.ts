import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import AutoImport from 'unplugin-auto-import/vite';
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers';
import Components from 'unplugin-vue-components/vite';
import { defineConfig } from 'vite';

/**
 * The desks: built into dist/desks, which the gateway serves at `/`. Element Plus components
 * (and their CSS) are imported on demand by the resolver, never the whole library; nothing is
 * loaded from outside the build (offices run on closed networks).
 */
const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const gateway = process.env.DESKS_GATEWAY ?? 'http://127.0.0.1:3000';

export default defineConfig({
  root: here('.'),
  base: '/',
  plugins: [
    vue(),
    // Types come from element-plus/global and src/types/element-apis.d.ts, not from files these
    // plugins would rewrite on every build (and leave half-written by a failed one).
    AutoImport({ resolvers: [ElementPlusResolver()], dts: false }),
    Components({ resolvers: [ElementPlusResolver({ importStyle: 'css' })], dirs: [], dts: false }),
  ],
  // '@app/domain': the engine's pure rules (stage rules, enums), shared so the desks offer what the workflow allows.
  resolve: { alias: { '@': here('src'), '@app/domain': here('../../libs/domain/src') } },
  build: {
    outDir: here('../../dist/desks'),
    emptyOutDir: true,
    // Every asset is a file of the build; none is fetched from a CDN.
    assetsInlineLimit: 4096,
    reportCompressedSize: true,
  },
  // `npm run desks:dev`: hot reload against a gateway started with `npm start`.
  server: {
    host: '127.0.0.1',
    port: 5173,
    proxy: { '/api': gateway, '/health': gateway, '/docs': gateway },
  },
});
