import { defineConfig } from 'tsup'

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    react: 'src/react.ts',
    worker: 'src/worker.ts',
    history: 'src/history.ts',
    devtools: 'src/devtools.ts',
    yjs: 'src/yjs.ts',
    persist: 'src/persist.ts',
    tabs: 'src/tabs.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  splitting: true,
  clean: true,
  target: 'es2022',
  sourcemap: false,
  treeshake: true,
  external: ['immer', 'react', 'use-sync-external-store', 'yjs'],
})
