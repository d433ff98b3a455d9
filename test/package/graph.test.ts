// What each entry point pulls in: the core never reaches React or worker code, the worker entry never
// reaches React, in the sources and in the installed ESM and CommonJS files. And a production bundle
// drops the development-only warnings.

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

async function graph(entry: string, base: string): Promise<Graph> {
  const { metafile } = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    metafile: true,
    logLevel: 'silent',
  })
  return summarize(metafile, base)
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

    const persist = await graph(join(ROOT, 'src/persist.ts'), ROOT)
    expect(persist.files.filter((file) => file.startsWith('src/react') || file.startsWith('src/worker'))).toEqual([])
    expect(persist.packages).toEqual(['immer'])

    const tabs = await graph(join(ROOT, 'src/tabs.ts'), ROOT)
    expect(tabs.files.filter((file) => file.startsWith('src/react'))).toEqual([])
    expect(tabs.packages).toEqual(['immer'])

    const react = await graph(join(ROOT, 'src/react.ts'), ROOT)
    expect(react.files.filter((file) => file.startsWith('src/worker'))).toEqual([])
    expect(react.packages.filter((name) => !reactOnly(name))).toEqual([])
  })

  for (const extension of ['js', 'cjs'] as const) {
    test(`installed ${extension === 'js' ? 'ES module' : 'CommonJS'} files: the same holds`, async () => {
      const dist = join(installedDir(), 'dist')
      const at = (name: string) => join(dist, `${name}.${extension}`)
      const [core, worker, react, persist, tabs] = await Promise.all([graph(at('index'), dist), graph(at('worker'), dist), graph(at('react'), dist), graph(at('persist'), dist), graph(at('tabs'), dist)])
      const chunk = new RegExp(`^chunk-[\\w-]+\\.${extension}$`)

      expect(core.files.filter((file) => file !== `index.${extension}`).every((file) => chunk.test(file))).toBe(true)
      expect(core.packages).toEqual(['immer'])
      expect(worker.files).not.toContain(`react.${extension}`)
      expect(worker.packages).toEqual(['immer'])
      expect(react.files).not.toContain(`worker.${extension}`)
      expect(react.packages).toContain('react')
      expect(react.packages.filter((name) => !reactOnly(name))).toEqual([])
      expect(persist.files).not.toContain(`react.${extension}`)
      expect(persist.files).not.toContain(`worker.${extension}`)
      expect(persist.packages).toEqual(['immer'])
      expect(tabs.files).not.toContain(`react.${extension}`)
      expect(tabs.packages).toEqual(['immer'])
      // The chunks that the other entries load are the core's own files, or internals they share with
      // another entry (the patches of the worker bridge): one copy of each.
      const entries = [worker, react, persist, tabs]
      for (const entry of entries)
        for (const file of entry.files.filter((f) => chunk.test(f)))
          expect(core.files.includes(file) || entries.filter((other) => other.files.includes(file)).length > 1).toBe(true)
    })
  }
})

/** A user's bundle of every entry point, minified, for NODE_ENV `mode`. */
async function userBundle(mode: 'production' | 'development', format: 'esm' | 'cjs'): Promise<string> {
  const contents =
    format === 'esm'
      ? `export * from 'atomic-datastore'; export * from 'atomic-datastore/react'; export * from 'atomic-datastore/worker'`
      : `module.exports = [require('atomic-datastore'), require('atomic-datastore/react'), require('atomic-datastore/worker')]`
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
