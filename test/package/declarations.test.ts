// What a user's editor shows: the installed declaration files hold the API and nothing internal, and
// the classes keep their names in the installed JavaScript (stack traces, `util.inspect`).

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

  test('Transaction and RemoteDatastore cannot be constructed: their constructors are private and take nothing shown', () => {
    const text = declarations()
      .map(([, body]) => body)
      .join('\n')
    for (const name of ['Transaction', 'RemoteDatastore']) {
      const body = text.slice(text.indexOf(`declare class ${name}`))
      expect(body.slice(0, body.indexOf('\n}')), name).toMatch(/private constructor\(\);/)
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
