// `npm run size`: what each entry point costs a user, minified and gzipped, next to zustand, jotai and
// valtio measured the same way. Reports entry points over their budget, and fails when one grows past
// its limit.
//
// Every bundle is made by esbuild (minify, ESM, browser, production defines), with immer, react and
// use-sync-external-store (and yjs, a peer) left out. The react, worker and yjs rows count what they
// add on top of the core. Our totals come from the built `dist/`, the per-file breakdown from `src/`.

import { existsSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
const DIST = join(ROOT, process.argv.find((arg) => arg.startsWith('--dist='))?.slice(7) ?? 'dist')
const KB = 1024
const LEFT_OUT = ['immer', 'react', 'react-dom', 'use-sync-external-store', 'yjs']

interface Size {
  /** Minified bytes. */
  readonly min: number
  /** Minified and gzipped bytes. */
  readonly gzip: number
  /** Minified bytes in the output per input file. */
  readonly files: Readonly<Record<string, number>>
}

interface Row {
  readonly name: string
  readonly entry: string
  readonly size: Size
  /** The size the entry point aims for. */
  readonly budget?: number
  /** The size it may never grow past: the check fails above it. */
  readonly limit?: number
}

/** An entry point, or only some of its exports (`'file#name'`), as an app that imports just those. */
const exportsOf = (specifier: string, i: number) => {
  const [file, names] = specifier.split('#')
  return names ? `export { ${names} } from ${JSON.stringify(file)}` : `export * as e${i} from ${JSON.stringify(file)}`
}

/** Bundles every export of `specifiers` as a browser would get it in production, and weighs it. */
async function measure(specifiers: readonly string[], options: { bundleAll?: boolean } = {}): Promise<Size> {
  const contents = specifiers.map(exportsOf).join('\n')
  const result = await build({
    stdin: { contents, resolveDir: ROOT, loader: 'ts' },
    bundle: true,
    write: false,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    metafile: true,
    nodePaths: [join(ROOT, 'node_modules')],
    logLevel: 'silent',
    external: options.bundleAll ? ['react', 'react/*'] : LEFT_OUT.flatMap((name) => [name, `${name}/*`]),
    define: { 'process.env.NODE_ENV': '"production"', 'import.meta.env.MODE': '"production"', 'import.meta.env': 'true' },
  })
  const code = result.outputFiles[0]!.contents
  const files: Record<string, number> = {}
  for (const output of Object.values(result.metafile.outputs))
    for (const [file, input] of Object.entries(output.inputs)) files[file] = (files[file] ?? 0) + input.bytesInOutput
  return { min: code.byteLength, gzip: gzipSync(code, { level: 9 }).byteLength, files }
}

/** What a bundle that also holds another entry point (`both`) weighs beyond `base`, in total and per file. */
function added(base: Size, both: Size): Size {
  const files: Record<string, number> = {}
  for (const [file, bytes] of Object.entries(both.files)) {
    const delta = bytes - (base.files[file] ?? 0)
    if (delta > 16) files[file] = delta
  }
  return { min: both.min - base.min, gzip: both.gzip - base.gzip, files }
}

const kb = (bytes: number) => `${(bytes / KB).toFixed(2)} KB`

function table(rows: readonly Row[]): string {
  const lines = ['| package | entry point | min | min+gzip | budget | limit |', '|---|---|--:|--:|--:|--:|']
  for (const { name, entry, size, budget, limit } of rows) {
    const over = budget !== undefined && size.gzip > budget
    const goal = budget === undefined ? '' : `${over ? '**over** ' : ''}≤ ${kb(budget)}`
    lines.push(`| ${name} | ${entry} | ${kb(size.min)} | ${kb(size.gzip)} | ${goal} | ${limit === undefined ? '' : `≤ ${kb(limit)}`} |`)
  }
  return lines.join('\n')
}

function breakdown(title: string, size: Size, top = 12): string {
  const entries = Object.entries(size.files).sort((a, b) => b[1] - a[1])
  const shown = entries.slice(0, top).map(([file, bytes]) => `  ${String(bytes).padStart(6)}  ${relative(ROOT, file) || file}`)
  const rest = entries.slice(top).reduce((sum, [, bytes]) => sum + bytes, 0)
  if (rest > 0) shown.push(`  ${String(rest).padStart(6)}  (${entries.length - top} more files)`)
  return `${title} (minified bytes per file, before gzip):\n${shown.join('\n')}`
}

/**
 * Every entry point but the core, with what it may add on top of the core: `budget` is what it aims
 * for, `limit` what it may never grow past.
 */
const ENTRIES = [
  { name: 'react', entry: '`/react`', budget: 1 * KB, limit: 2.75 * KB },
  { name: 'react', only: 'useDatastore', entry: '`/react`, `useDatastore(store, path)` alone', budget: 1 * KB, limit: 1 * KB },
  { name: 'worker', entry: '`/worker`', budget: 5 * KB, limit: 5.5 * KB },
  { name: 'persist', entry: '`/persist`', budget: 2 * KB, limit: 2.5 * KB },
  { name: 'tabs', entry: '`/tabs` (with persist)', budget: 5 * KB, limit: 8 * KB },
  { name: 'yjs', entry: '`/yjs` (yjs itself left out)', budget: 4 * KB, limit: 5 * KB },
  { name: 'history', entry: '`/history`', budget: 2.5 * KB, limit: 3 * KB },
  { name: 'devtools', entry: '`/devtools`', budget: 1.5 * KB, limit: 2 * KB },
] as const

/** Our entry points: totals from `dist`, the breakdown from `src`. */
async function ours(dist = DIST): Promise<{ rows: Row[]; details: string[] }> {
  const file = (name: string) => join(dist, `${name}.js`)
  for (const name of ['index', ...ENTRIES.map((e) => e.name)])
    if (!existsSync(file(name))) throw new Error(`${relative(ROOT, file(name))} is missing: run \`npm run build\` first`)
  const [core, withImmer, srcCore, ...each] = await Promise.all([
    measure([file('index')]),
    measure([file('index')], { bundleAll: true }),
    measure(['./src/index.ts']),
    ...ENTRIES.flatMap((e) => {
      const only = 'only' in e ? `#${e.only}` : ''
      return [measure([file('index'), file(e.name) + only]), measure(['./src/index.ts', `./src/${e.name}.ts${only}`])]
    }),
  ])
  const rows: Row[] = [{ name: 'atomic-datastore', entry: '`atomic-datastore`', size: core, budget: 6 * KB, limit: 7.1 * KB }]
  const details = [breakdown('core', srcCore)]
  ENTRIES.forEach((e, i) => {
    const { entry, budget, limit } = e
    rows.push({ name: 'atomic-datastore', entry: `${entry}, on top of the core`, size: added(core, each[2 * i]!), budget, limit })
    details.push(breakdown(`${'only' in e ? e.only : e.name}, on top of the core`, added(srcCore, each[2 * i + 1]!)))
  })
  rows.push({ name: 'immer (dependency)', entry: 'as the core uses it', size: added(core, withImmer) })
  return { rows, details }
}

/** zustand, jotai and valtio: their vanilla core, and what their React binding adds to it. */
async function peers(): Promise<Row[]> {
  const pairs = [
    ['zustand', 'zustand/vanilla', 'zustand'],
    ['jotai', 'jotai/vanilla', 'jotai/react'],
    ['valtio', 'valtio/vanilla', 'valtio/react'],
  ] as const
  const rows: Row[] = []
  for (const [name, vanilla, react] of pairs) {
    const [core, both] = await Promise.all([measure([vanilla]), measure([vanilla, react])])
    rows.push({ name, entry: `\`${vanilla}\``, size: core })
    rows.push({ name, entry: `\`${react}\`, on top of the core`, size: added(core, both) })
  }
  return rows
}

async function main(): Promise<void> {
  const { rows, details } = await ours()
  const others = await peers()
  console.log(table([...rows, ...others]))
  console.log('\n1 KB = 1024 bytes. valtio counts its dependency proxy-compare; the rows leave out immer, react and use-sync-external-store.\n')
  if (process.argv.includes('--files')) console.log(`${details.join('\n\n')}\n`)
  for (const row of rows) {
    if (row.budget !== undefined && row.size.gzip > row.budget) console.log(`over budget: ${row.entry} is ${kb(row.size.gzip)}, budget ${kb(row.budget)}`)
  }
  const over = rows.filter((row) => row.limit !== undefined && row.size.gzip > row.limit)
  for (const row of over) console.error(`over the limit: ${row.entry} is ${kb(row.size.gzip)}, limit ${kb(row.limit!)}`)
  if (over.length > 0) {
    if (!process.argv.includes('--files')) console.error('run `npm run size -- --files` for the largest contributors')
    process.exitCode = 1
  }
}

await main()
