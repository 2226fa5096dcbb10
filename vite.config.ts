// Builds the web UI from web/ into dist/web, which the server serves; in development /api goes to the local server.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

/**
 * Writes .br and .gz beside each script, style and other text asset, once per build at the strongest settings,
 * so the server sends them as they are (no compression per request). index.html stays as it is: it is small and
 * read per request, and a compressed copy could outlive a rewrite of it.
 */
function precompressAssets(): Plugin {
  const compressible = /\.(js|mjs|css|svg|json|txt|map)$/;
  return {
    name: 'tongchou-precompress-assets',
    apply: 'build',
    writeBundle(options, bundle) {
      const outDir = options.dir;
      if (!outDir) return;
      for (const fileName of Object.keys(bundle)) {
        if (!compressible.test(fileName)) continue;
        const file = path.join(outDir, fileName);
        const content = fs.readFileSync(file);
        // Below about a kilobyte the headers cost more than compression saves.
        if (content.length < 1024) continue;
        const br = zlib.brotliCompressSync(content, {
          params: {
            [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
            [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
            [zlib.constants.BROTLI_PARAM_SIZE_HINT]: content.length,
          },
        });
        const gz = zlib.gzipSync(content, { level: zlib.constants.Z_BEST_COMPRESSION });
        if (br.length < content.length) fs.writeFileSync(`${file}.br`, br);
        if (gz.length < content.length) fs.writeFileSync(`${file}.gz`, gz);
      }
    },
  };
}

export default defineConfig(({ command }) => ({
  root: 'web',
  plugins: [react(), precompressAssets()],
  // A build is a production build even when started from a test run (Vitest sets NODE_ENV=test),
  // otherwise React and antd would ship their development code and class names.
  define: { 'process.env.NODE_ENV': JSON.stringify(command === 'build' ? 'production' : 'development') },
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      output: {
        // Vendor code changes far less often than ours, so it gets its own long-cached files. Only the part of
        // antd the login page and the frame need is loaded first; what only later pages use comes with them.
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-router)[\\/]/ },
            {
              name: 'antd',
              test: /node_modules[\\/](antd|@ant-design|@rc-component|rc-[^\\/]+)[\\/]/,
              tags: ['$initial'],
            },
            // The rest of the first load's libraries (i18next, TanStack Query, dayjs).
            { name: 'vendor', test: /node_modules[\\/]/, tags: ['$initial'] },
          ],
        },
      },
    },
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
}));
