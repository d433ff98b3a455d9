// `npm run bench:yjs` (also part of `npm run bench`): the Yjs binding, in this one process.
// - a local write through the binding against the same write made directly on the Y.Doc
//   (goal: at most 2× the direct write, so ratio ≥ 0.5);
// - a remote update of one key applied to a store of 10,000 keys against one of 10 keys (the cost
//   follows the change: goal within 4×, for 1,000 times the state), and on a flat 10,000-key object
//   against the store's own write of that key;
// - the bytes of the update one increment sends, against valtio-yjs doing the same.

import { fileURLToPath } from 'node:url'
import { proxy } from 'valtio/vanilla'
import { bind } from 'valtio-yjs'
import * as Y from 'yjs'
import { createDatastore, type Datastore } from '../src/index'
import { bindYjs } from '../src/yjs'
import { runSuite, type Comparison, type Suite, table } from './harness'

const ROOT = 'atomic-datastore'

function bound(initial: object): { store: Datastore<any>; doc: Y.Doc; bytes: () => number } {
  const store = createDatastore<any>(initial as any)
  const doc = new Y.Doc()
  bindYjs(store, doc)
  let bytes = 0
  doc.on('update', (update: Uint8Array) => (bytes += update.byteLength))
  return { store, doc, bytes: () => bytes }
}

function plain(): { doc: Y.Doc; map: Y.Map<unknown> } {
  const doc = new Y.Doc()
  doc.on('update', () => {})
  return { doc, map: doc.getMap(ROOT) }
}

const localSet: Comparison = (() => {
  let ours: ReturnType<typeof bound>
  let direct: ReturnType<typeof plain>
  return {
    name: 'local set of one key, into the doc',
    peerName: 'Y.Map.set on the doc',
    goal: 0.5,
    setup() {
      ours = bound({ title: '' })
      direct = plain()
      direct.map.set('title', '')
    },
    ours: (i) => void ours.store.set('title', `t${i & 1023}`),
    peer: (i) => direct.map.set('title', `t${i & 1023}`),
  }
})()

const localIncrement: Comparison = (() => {
  let ours: ReturnType<typeof bound>
  let direct: ReturnType<typeof plain>
  return {
    name: 'local increment, into the doc',
    peerName: 'Y.Map.set(n + 1) on the doc',
    goal: 0.5,
    setup() {
      ours = bound({ count: 0 })
      direct = plain()
      direct.map.set('count', 0)
    },
    ours: () => void ours.store.increment('count'),
    peer: () => direct.map.set('count', (direct.map.get('count') as number) + 1),
  }
})()

/** `groups` objects of `width` string keys each: `{ g0: { k0: 'v', ... }, ... }`. */
const grouped = (groups: number, width: number) =>
  Object.fromEntries(Array.from({ length: groups }, (_, g) => [`g${g}`, Object.fromEntries(Array.from({ length: width }, (_, k) => [`k${k}`, 'v']))]))

/** A device bound to a doc holding `state`, fed by a plain doc that changes one key per update. */
function remote(groups: number, width: number) {
  const target = bound(grouped(groups, width))
  const source = new Y.Doc()
  Y.applyUpdate(source, Y.encodeStateAsUpdate(target.doc))
  source.on('update', (update: Uint8Array) => Y.applyUpdate(target.doc, update))
  const root = source.getMap(ROOT)
  return (i: number) => {
    const group = `g${i % groups}`
    const key = `k${(i * 7919) % width}`
    ;(root.get(group) as Y.Map<unknown>).set(key, `v${i & 1023}`)
    if (target.store.get([group, key]) !== `v${i & 1023}`) throw new Error('bench: the remote update did not land')
  }
}

const remoteUpdate: Comparison = (() => {
  let large: (i: number) => void
  let small: (i: number) => void
  return {
    name: 'remote update of one key, 10,000-key state (100 × 100)',
    peerName: 'the same, 10-key state',
    // A state 1,000 times larger may cost what its wider objects take to copy, never 1,000 times more.
    goal: 0.25,
    setup() {
      large = remote(100, 100)
      small = remote(1, 10)
    },
    ours: (i) => large(i),
    peer: (i) => small(i),
  }
})()

/** On a flat object of 10,000 keys, the store's own commit copies the object; the binding adds little to it. */
const remoteFlat: Comparison = (() => {
  let apply: (i: number) => void
  let local: Datastore<any>
  return {
    name: 'remote update of one key, flat 10,000-key object',
    peerName: 'store.set of that key, no binding',
    setup() {
      apply = remote(1, 10_000)
      local = createDatastore<any>(grouped(1, 10_000))
    },
    ours: (i) => apply(i),
    peer: (i) => void local.set(['g0', `k${(i * 7919) % 10_000}`], `v${i & 1023}`),
  }
})()

export const suite: Suite = { name: 'yjs', rows: [localSet, localIncrement, remoteUpdate, remoteFlat] }

/** Bytes of the update that one increment of a counter sends, ours and valtio-yjs's, after `warm` earlier ones. */
export async function incrementBytes(warm = 0): Promise<{ ours: number; valtio: number }> {
  const ours = bound({ count: 0 })
  for (let i = 0; i < warm; i++) await ours.store.increment('count')
  const before = ours.bytes()
  await ours.store.increment('count')
  const oursBytes = ours.bytes() - before

  const doc = new Y.Doc()
  const state = proxy({ count: 0 })
  bind(state, doc.getMap('valtio'))
  await Promise.resolve()
  let valtioBytes = 0
  doc.on('update', (update: Uint8Array) => (valtioBytes += update.byteLength))
  for (let i = 0; i < warm; i++) {
    state.count++
    await new Promise((resolve) => setTimeout(resolve, 0))
  }
  valtioBytes = 0
  state.count++
  await new Promise((resolve) => setTimeout(resolve, 0))
  if (valtioBytes === 0) throw new Error('bench: valtio-yjs sent no update')
  return { ours: oursBytes, valtio: valtioBytes }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const rows = runSuite(suite)
  console.log(`\nNode ${process.version}, ${process.arch}. ratio = peer time / our time (above 1: we are faster).\n`)
  console.log(table(rows))
  const first = await incrementBytes()
  const later = await incrementBytes(50)
  console.log('\nBytes of the Yjs update for one increment (what goes over the wire):')
  console.log(`| | atomic-datastore/yjs | valtio-yjs |\n|---|--:|--:|`)
  console.log(`| first increment | ${first.ours} B | ${first.valtio} B |`)
  console.log(`| after 50 increments | ${later.ours} B | ${later.valtio} B |`)
  console.log('valtio-yjs writes the new number (last writer wins: concurrent increments are lost); ours adds to this client\'s entry of a counter, so they add up.')
  if (rows.some((row) => row.goal !== undefined && row.ratio < row.goal)) process.exitCode = 1
}
