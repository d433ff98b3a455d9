// The installed package in Node: every entry point imported as an ES module and required as
// CommonJS, a store exercised through each, and one copy of the core behind all of them.

import { describe, expect, test } from 'vitest'
import { runNode } from './helpers'

/** The same program for both module systems; `core`, `react`, `worker`, `history`, `devtools`, `yjs`, `persist`, `tabs`, `Y`, `R` and `server` are bound. */
const BODY = `
const out = {}
const { createDatastore, fromJSON, Datastore, DatastoreError } = core
const store = createDatastore({ user: { score: 1 }, list: [] })
out.score = await store.increment(['user', 'score'], 2)
out.length = await store.append('list', 'a', 'b')
store.set('flag', true)
out.sync = store.get('flag')
out.roundTrip = fromJSON(JSON.parse(JSON.stringify(store))).get(['user', 'score'])
out.coreError = await store.increment('list').then(() => 'resolved', (e) => e instanceof DatastoreError && e.code)

const { port1, port2 } = new MessageChannel()
const bridge = worker.exposeDatastore(store, port1)
const remote = await worker.connectDatastore(port2)
out.sameClass = Object.getPrototypeOf(remote.constructor) === Datastore
out.remoteIsDatastore = remote instanceof Datastore
out.remoteIncrement = await remote.increment(['user', 'score'])
out.ownerSees = store.get(['user', 'score'])
out.workerError = await remote.append('flag', 1).then(() => 'resolved', (e) => e instanceof DatastoreError && e.code)
remote.close()
bridge.close()
port1.close()

const shown = createDatastore({ user: { score: 7 }, list: ['x', 'y'] })
function Score() {
  return R.createElement('b', null, react.useDatastore(['user', 'score']))
}
function Picked() {
  return R.createElement('i', null, react.useDatastore(shown, 'list', (list) => list.join('+')))
}
out.html = server.renderToString(R.createElement(react.DatastoreProvider, { store: shown }, R.createElement(Score), R.createElement(Picked)))
try {
  server.renderToString(R.createElement(Score))
  out.reactError = 'rendered'
} catch (e) {
  out.reactError = e instanceof DatastoreError && e.code
}
const undoable = createDatastore({ n: 0 })
const steps = history.createHistory(undoable)
await undoable.increment('n')
out.undone = [await steps.undo(), undoable.get('n')]
const warn = console.warn
let warned = 0
console.warn = () => warned++
devtools.connectDevtools(undoable).disconnect()
console.warn = warn
out.devtoolsWarned = warned
const docs = [new Y.Doc(), new Y.Doc()]
const devices = docs.map((doc, i) => {
  const device = createDatastore(i ? {} : { likes: 0 })
  yjs.bindYjs(device, doc)
  return device
})
Y.applyUpdate(docs[1], Y.encodeStateAsUpdate(docs[0]))
await devices[0].increment('likes')
await devices[1].increment('likes', 2)
Y.applyUpdate(docs[1], Y.encodeStateAsUpdate(docs[0]))
Y.applyUpdate(docs[0], Y.encodeStateAsUpdate(docs[1]))
out.yjs = devices.map((device) => device.get('likes'))
const saved = persist.persist(store, { key: 'app', storage: persist.memoryStorage() })
await saved.ready
await saved.flush()
out.persisted = true
out.exports = [core, react, worker, history, devtools, yjs, persist, tabs].map((entry) => Object.keys(entry).sort())
`

const ESM = `
import * as core from 'atomic-datastore'
import * as react from 'atomic-datastore/react'
import * as worker from 'atomic-datastore/worker'
import * as history from 'atomic-datastore/history'
import * as devtools from 'atomic-datastore/devtools'
import * as yjs from 'atomic-datastore/yjs'
import * as Y from 'yjs'
import * as persist from 'atomic-datastore/persist'
import * as tabs from 'atomic-datastore/tabs'
import R from 'react'
import server from 'react-dom/server'
${BODY}
console.log(JSON.stringify(out))
`

const CJS = `
const core = require('atomic-datastore')
const react = require('atomic-datastore/react')
const worker = require('atomic-datastore/worker')
const history = require('atomic-datastore/history')
const devtools = require('atomic-datastore/devtools')
const yjs = require('atomic-datastore/yjs')
const Y = require('yjs')
const persist = require('atomic-datastore/persist')
const tabs = require('atomic-datastore/tabs')
const R = require('react')
const server = require('react-dom/server')
;(async () => {
  ${BODY}
  out.loaded = Object.keys(require.cache).filter((file) => file.includes('atomic-datastore')).map((file) => file.split('atomic-datastore').pop())
  console.log(JSON.stringify(out))
})().catch((error) => {
  console.error(error)
  process.exit(1)
})
`

const expected = {
  score: 3,
  length: 2,
  sync: true,
  roundTrip: 3,
  coreError: 'TYPE_MISMATCH',
  sameClass: true,
  remoteIsDatastore: true,
  remoteIncrement: 4,
  ownerSees: 4,
  workerError: 'TYPE_MISMATCH',
  html: '<b>7</b><i>x+y</i>',
  reactError: 'NO_STORE',
  undone: [true, 0],
  devtoolsWarned: 1,
  yjs: [3, 3],
  persisted: true,
  exports: [
    expect.arrayContaining(['Datastore', 'DatastoreError', 'createDatastore', 'fromJSON']),
    expect.arrayContaining(['DatastoreProvider', 'createDatastoreContext', 'useDatastore', 'useHistory', 'useHydrated']),
    ['connectDatastore', 'exposeDatastore'],
    ['createHistory'],
    ['connectDevtools'],
    ['bindYjs'],
    expect.arrayContaining(['fileStorage', 'indexedDBStorage', 'memoryStorage', 'persist', 'webStorage']),
    expect.arrayContaining(['SharedDatastore', 'shareDatastore']),
  ],
}

describe('the installed package in Node', () => {
  test('ES modules: every entry point imports, works, and shares one core', async () => {
    expect(await runNode(ESM, 'module')).toEqual(expected)
  })

  test('CommonJS: every entry point requires, works, and shares one core', async () => {
    const out = (await runNode(CJS, 'commonjs')) as typeof expected & { loaded: string[] }
    expect(out).toEqual({ ...expected, loaded: expect.any(Array) })
    expect(out.loaded.length).toBeGreaterThanOrEqual(4)
    for (const file of out.loaded) expect(file).toMatch(/^\/dist\/[\w-]+\.cjs$/)
  })
})
