// What each entry point pulls in: the core never reaches React or worker code, the worker entry never
// reaches React, the yjs entry only the core and yjs, in the sources and in the installed ESM and
// CommonJS files. And a production bundle
// drops the development-only warnings.

import { readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { build, type Metafile } from 'esbuild'
import { describe, expect, test } from 'vitest'
import { installedDir, projectDir, ROOT } from './helpers'

interface Graph {
  /** The files bundled, relative to `base`. */
  readonly files: string[]
  /** The bare imports left out of the bundle. */
  readonly packages: string[]
}

/** What bundling `entry` reads, with every package left out. */
async function metafileOf(entry: string): Promise<Metafile> {
  const { metafile } = await build({ entryPoints: [entry], bundle: true, write: false, packages: 'external', platform: 'node', format: 'esm', metafile: true, logLevel: 'silent' })
  return metafile
}

async function graph(entry: string, base: string): Promise<Graph> {
  return summarize(await metafileOf(entry), base)
}

function summarize(metafile: Metafile, base: string): Graph {
  const packages = new Set<string>()
  for (const input of Object.values(metafile.inputs))
    for (const imported of input.imports) if (imported.external && !imported.path.startsWith('node:')) packages.add(imported.path)
  const files = Object.keys(metafile.inputs).map((file) => relative(base, join(process.cwd(), file)))
  return { files: files.sort(), packages: [...packages].sort() }
}

/** What the React entry may import: React, its shim, and the core's one dependency. */
const reactOnly = (name: string) => name === 'react' || name.startsWith('use-sync-external-store/') || name === 'immer'

describe('the import graph', () => {
  test('sources: the core reaches neither React nor worker code; the worker entry no React', async () => {
    const core = await graph(join(ROOT, 'src/index.ts'), ROOT)
    expect(core.files.filter((file) => !file.startsWith('src/core/'))).toEqual(['src/index.ts'])
    expect(core.packages).toEqual(['immer'])

    const worker = await graph(join(ROOT, 'src/worker.ts'), ROOT)
    expect(worker.files.filter((file) => file.startsWith('src/react'))).toEqual([])
    expect(worker.packages).toEqual(['immer'])

    const yjs = await graph(join(ROOT, 'src/yjs.ts'), ROOT)
    expect(yjs.files.filter((file) => !file.startsWith('src/core/') && !file.startsWith('src/yjs'))).toEqual([])
    expect(yjs.packages).toEqual(['immer', 'yjs'])

    const persist = await graph(join(ROOT, 'src/persist.ts'), ROOT)
    expect(persist.files.filter((file) => file.startsWith('src/react') || file.startsWith('src/worker'))).toEqual([])
    expect(persist.packages).toEqual(['immer'])

    const tabs = await graph(join(ROOT, 'src/tabs.ts'), ROOT)
    expect(tabs.files.filter((file) => file.startsWith('src/react'))).toEqual([])
    expect(tabs.packages).toEqual(['immer'])

    const react = await graph(join(ROOT, 'src/react.ts'), ROOT)
    expect(react.files.filter((file) => file.startsWith('src/worker'))).toEqual([])

    for (const extension of ['history', 'devtools']) {
      const entry = await graph(join(ROOT, `src/${extension}.ts`), ROOT)
      expect(entry.files.filter((file) => file.startsWith('src/react') || file.startsWith('src/worker'))).toEqual([])
      expect(entry.packages).toEqual(['immer'])
    }
    expect(react.packages.filter((name) => !reactOnly(name))).toEqual([])
  })

  test('sources: the worker reaches the core only through src/core/internal.ts', async () => {
    const metafile = await metafileOf(join(ROOT, 'src/worker.ts'))
    const doors = new Set<string>()
    for (const [file, input] of Object.entries(metafile.inputs)) {
      if (!relative(ROOT, join(process.cwd(), file)).startsWith('src/worker')) continue
      for (const imported of input.imports) {
        const target = relative(ROOT, join(process.cwd(), imported.path))
        if (target.startsWith('src/core/')) doors.add(target)
      }
    }
    expect([...doors]).toEqual(['src/core/internal.ts'])
  })

  for (const extension of ['js', 'cjs'] as const) {
    test(`installed ${extension === 'js' ? 'ES module' : 'CommonJS'} files: the same holds`, async () => {
      const dist = join(installedDir(), 'dist')
      const at = (name: string) => join(dist, `${name}.${extension}`)
      const [core, worker, react, history, devtools, yjs, persist, tabs] = await Promise.all(['index', 'worker', 'react', 'history', 'devtools', 'yjs', 'persist', 'tabs'].map((name) => graph(at(name), dist)))
      const chunk = new RegExp(`^chunk-[\\w-]+\\.${extension}$`)

      expect(core!.files.filter((file) => file !== `index.${extension}`).every((file) => chunk.test(file))).toBe(true)
      expect(core!.packages).toEqual(['immer'])
      expect(worker!.files).not.toContain(`react.${extension}`)
      expect(worker!.packages).toEqual(['immer'])
      expect(react!.files).not.toContain(`worker.${extension}`)
      expect(react!.packages).toContain('react')
      expect(react!.packages.filter((name) => !reactOnly(name))).toEqual([])
      for (const entry of [history!, devtools!, persist!]) {
        expect(entry.files.filter((file) => file === `react.${extension}` || file === `worker.${extension}`)).toEqual([])
        expect(entry.packages).toEqual(['immer'])
      }
      expect(tabs!.files).not.toContain(`react.${extension}`)
      expect(tabs!.packages).toEqual(['immer'])
      expect(yjs!.files.filter((file) => file === `react.${extension}` || file === `worker.${extension}`)).toEqual([])
      expect(yjs!.packages).toEqual(['immer', 'yjs'])
      // The chunks that the other entries load are the core's own files, or code that the core entry
      // does not use (the seam into the core, the patch diffing): never a second copy of the store.
      for (const entry of [worker!, react!, history!, devtools!, yjs!, persist!, tabs!])
        for (const file of entry.files.filter((f) => chunk.test(f) && !core!.files.includes(f)))
          expect(readFileSync(join(dist, file), 'utf8'), file).not.toMatch(/class (Datastore|DatastoreError)\b/)
    })
  }
})

/** A user's bundle of every entry point, minified, for NODE_ENV `mode`. */
async function userBundle(mode: 'production' | 'development', format: 'esm' | 'cjs'): Promise<string> {
  const contents =
    format === 'esm'
      ? `export * from 'atomic-datastore'; export * from 'atomic-datastore/react'; export * from 'atomic-datastore/worker'; export * from 'atomic-datastore/history'; export * from 'atomic-datastore/devtools'`
      : `module.exports = [require('atomic-datastore'), require('atomic-datastore/react'), require('atomic-datastore/worker'), require('atomic-datastore/history'), require('atomic-datastore/devtools')]`
  const result = await build({
    stdin: { contents, resolveDir: projectDir() },
    bundle: true,
    write: false,
    minify: true,
    format,
    platform: 'browser',
    external: ['react', 'react-dom', 'immer', 'use-sync-external-store'],
    define: { 'process.env.NODE_ENV': JSON.stringify(mode) },
    logLevel: 'silent',
  })
  return result.outputFiles[0]!.text
}

describe('development-only warnings', () => {
  for (const format of ['esm', 'cjs'] as const) {
    test(`a production bundle (${format}) drops them; a development one keeps them`, async () => {
      const [production, development] = await Promise.all([userBundle('production', format), userBundle('development', format)])
      const traces = (code: string) => ({
        warns: code.includes('console.warn'),
        message: code.includes('dots are not split'),
        checksEnv: code.includes('NODE_ENV'),
      })
      expect(traces(development)).toEqual({ warns: true, message: true, checksEnv: false })
      expect(traces(production)).toEqual({ warns: false, message: false, checksEnv: false })
    })
  }
})
