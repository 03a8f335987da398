import { defineConfig } from 'vite';
// The staff console: built into dist/admin and served by the bot at /admin.
export default defineConfig({
  root: new URL('.', import.meta.url).pathname,
  base: '/admin/',
  build: { outDir: '../dist/admin', emptyOutDir: true, target: 'es2019', assetsInlineLimit: 0, reportCompressedSize: true },
});
