/// <reference types="vitest/config" />
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/** Where `npm run dev` sends /api: the Nest server started by the root `dev` script. */
const API_TARGET = process.env.PLINTH_API_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [react()],
  // `src/…` imports across folders, as on the server (docs/architecture.md).
  resolve: {
    alias: [
      { find: /^src\//, replacement: fileURLToPath(new URL('./src/', import.meta.url)) },
      // The definition meta-schema is shared with the server: the editor reads its rules from it.
      {
        find: /^object-definitions\//,
        replacement: fileURLToPath(new URL('../object-definitions/', import.meta.url)),
      },
      // The server's framework-free modules (AJV set-up, its error words, money): one source.
      {
        find: /^@plinth\/common\//,
        replacement: fileURLToPath(new URL('../server/src/common/', import.meta.url)),
      },
    ],
  },
  server: {
    port: 5173,
    proxy: { '/api': { target: API_TARGET, changeOrigin: true } },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.spec.tsx', 'src/**/*.spec.ts'],
    setupFiles: ['src/test/setup.ts'],
    testTimeout: 20000,
  },
});
