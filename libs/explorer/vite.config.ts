import preact from '@preact/preset-vite'
import { defineConfig } from 'vite'

// base './': every asset URL is relative, so the api serves the page under any configured path.
export default defineConfig({
  root: import.meta.dirname,
  base: './',
  plugins: [preact({ prefreshEnabled: false, devToolsEnabled: false })],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, modulePreload: { polyfill: false } },
  logLevel: 'warn',
})
