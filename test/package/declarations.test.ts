// What a user's editor shows: the installed declaration files hold the API and nothing internal,
// `Transaction` and `RemoteDatastore` are types and nothing a user can construct, and the classes keep
// their names in the installed JavaScript (stack traces, `util.inspect`).

import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { installedDir, runNode } from './helpers'

/** Names of the plumbing: none of them may appear in the published types. */
const INTERNAL = [
  'Writer',
  'DispatchQueue',
  'Link',
  'Feed',
  'Sessions',
  'Calls',
  'Executor',
  'Deadline',
  'StoreInternals',
  'TransactionHost',
  'Channel',
  'openTransaction',
  'withExecutor',
  'inspectStore',
  'internals',
  '@internal',
]

/** Published as types only: their classes stay inside the package. */
const PUBLIC_TYPES = ['Transaction', 'RemoteDatastore']

function declarations(): [string, string][] {
  const dist = join(installedDir(), 'dist')
  return readdirSync(dist)
    .filter((file) => file.endsWith('.d.ts') || file.endsWith('.d.cts'))
    .map((file) => [file, readFileSync(join(dist, file), 'utf8')])
}

/** The declarations without their comments, whose prose may use any word. */
function code(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '')
}

describe('the published types', () => {
  test('no declaration file names an internal', () => {
    const files = declarations()
    expect(files.length).toBeGreaterThanOrEqual(6)
    const found = files.flatMap(([file, text]) => INTERNAL.filter((name) => name.startsWith('@')).filter((name) => text.includes(name)).map((name) => `${file}: ${name}`))
    found.push(...files.flatMap(([file, text]) => INTERNAL.filter((name) => new RegExp(`(^|[^\\w$])${name.replace('@', '@?')}([^\\w$]|$)`).test(code(text))).map((name) => `${file}: ${name}`)))
    expect(found).toEqual([])
  })

  test('Transaction and RemoteDatastore are published as types only: interfaces, never a class', () => {
    const files = declarations()
    const text = files.map(([, body]) => code(body)).join('\n')
    for (const name of PUBLIC_TYPES) {
      expect(text, name).toMatch(new RegExp(`\\binterface ${name}<`))
      expect(
        files.filter(([, body]) => new RegExp(`\\bclass ${name}\\b`).test(code(body))).map(([file]) => file),
        `${name} declared as a class`,
      ).toEqual([])
    }
    // Every export statement that exports them under any name marks them `type`.
    const exported = files.flatMap(([file, body]) => [...code(body).matchAll(/export \{([^}]*)\}/g)].map((m) => [file, m[1]!] as const))
    const values = exported.flatMap(([file, list]) =>
      list
        .split(',')
        .map((item) => item.trim())
        .filter((item) => !item.startsWith('type ') && PUBLIC_TYPES.includes(item.split(/\s+as\s+/)[0]!))
        .map((item) => `${file}: ${item}`),
    )
    expect(values).toEqual([])
  })
})

describe('the runtime exports of the installed files', () => {
  test('no entry point, ES module or CommonJS, exports Transaction or RemoteDatastore', async () => {
    const manifest = JSON.parse(readFileSync(join(installedDir(), 'package.json'), 'utf8')) as { exports: Record<string, unknown> }
    const entries = Object.keys(manifest.exports)
      .filter((key) => key.startsWith('.') && !key.endsWith('.json'))
      .map((key) => `atomic-datastore${key.slice(1)}`)
    expect(entries).toEqual(expect.arrayContaining(['atomic-datastore', 'atomic-datastore/worker', 'atomic-datastore/react']))
    const list = JSON.stringify(entries)
    const esm = `const out = {}; for (const entry of ${list}) out[entry] = Object.keys(await import(entry)); console.log(JSON.stringify(out))`
    const cjs = `const out = {}; for (const entry of ${list}) out[entry] = Object.keys(require(entry)); console.log(JSON.stringify(out))`
    for (const [type, source] of [['module', esm], ['commonjs', cjs]] as const) {
      const names = (await runNode(source, type)) as Record<string, string[]>
      expect(Object.keys(names).sort(), type).toEqual([...entries].sort())
      expect(names['atomic-datastore'], type).toContain('createDatastore')
      expect(names['atomic-datastore/worker'], type).toContain('connectDatastore')
      const found = Object.entries(names).flatMap(([entry, keys]) => keys.filter((key) => PUBLIC_TYPES.includes(key)).map((key) => `${entry}: ${key}`))
      expect(found, type).toEqual([])
    }
  })
})

describe('class names in the installed files', () => {
  test('Datastore, DatastoreError, Transaction and RemoteDatastore keep their names, as ES modules and as CommonJS', async () => {
    const body = (load: string) => `
${load}
const store = core.createDatastore({ n: 0 })
let tx
await store.transaction((t) => { tx = t })
const { port1, port2 } = new MessageChannel()
const bridge = worker.exposeDatastore(store, port1)
const remote = await worker.connectDatastore(port2)
const error = await store.increment([]).catch((e) => e)
const names = [core.Datastore.name, store.constructor.name, core.DatastoreError.name, error.constructor.name, tx.constructor.name, remote.constructor.name]
remote.close(); bridge.close(); port1.close()
console.log(JSON.stringify(names))`
    const expected = ['Datastore', 'Datastore', 'DatastoreError', 'DatastoreError', 'Transaction', 'RemoteDatastore']
    expect(await runNode(body(`const core = await import('atomic-datastore'); const worker = await import('atomic-datastore/worker')`), 'module')).toEqual(expected)
    const cjs = `(async () => { ${body(`const core = require('atomic-datastore'); const worker = require('atomic-datastore/worker')`)} })()`
    expect(await runNode(cjs, 'commonjs')).toEqual(expected)
  })
})
