// Several devices write at random while their updates travel reordered, delayed, duplicated and
// partitioned; once every update has arrived, every doc and every store hold the same state, and
// that state is what the merge rules promise: counters are the sum of every increment, every
// appended item is there once (unless deleted), every text piece once, and a key holds a value some
// device wrote to it.

import fc from 'fast-check'
import * as Y from 'yjs'
import { expect, it } from 'vitest'
import { fromY } from '../../src/yjs/convert'
import { device, type Device, syncAll } from './net'
import { fuzz } from '../shared'

const FUZZ = fuzz(150, 120_000)

const DEVICES = 3
const KEYS = ['a', 'b', 'c'] as const

const action = fc.oneof(
  fc.record({ type: fc.constant('increment' as const), device: fc.nat(DEVICES - 1), by: fc.integer({ min: -5, max: 5 }) }),
  fc.record({ type: fc.constant('append' as const), device: fc.nat(DEVICES - 1), count: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ type: fc.constant('deleteItem' as const), device: fc.nat(DEVICES - 1), at: fc.nat(10) }),
  fc.record({ type: fc.constant('concat' as const), device: fc.nat(DEVICES - 1) }),
  fc.record({ type: fc.constant('set' as const), device: fc.nat(DEVICES - 1), key: fc.constantFrom(...KEYS) }),
  fc.record({ type: fc.constant('operate' as const), device: fc.nat(DEVICES - 1), key: fc.constantFrom(...KEYS) }),
  fc.record({ type: fc.constant('transaction' as const), device: fc.nat(DEVICES - 1), by: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ type: fc.constant('reset' as const), device: fc.nat(DEVICES - 1), to: fc.integer({ min: 0, max: 9 }) }),
  fc.record({ type: fc.constant('mixed' as const), device: fc.nat(DEVICES - 1), key: fc.constantFrom(...KEYS), at: fc.nat(10), by: fc.integer({ min: -3, max: 3 }) }),
  fc.record({ type: fc.constant('deliver' as const), from: fc.nat(DEVICES - 1), to: fc.nat(DEVICES - 1), pick: fc.nat(), keep: fc.boolean() }),
  fc.record({ type: fc.constant('partition' as const), device: fc.nat(DEVICES - 1) }),
  fc.record({ type: fc.constant('heal' as const) }),
)

type Action = typeof action extends fc.Arbitrary<infer A> ? A : never

async function run(actions: readonly Action[], seed: number): Promise<void> {
  const first = device({ counter: 0, reset: 0, list: [], note: '', kv: { a: 'init', b: 'init', c: 'init' }, o: { a: 'init', b: 'init', c: 'init' } }, { text: [['note']] })
  const devices: Device[] = [first]
  for (let i = 1; i < DEVICES; i++) devices.push(device(undefined, { text: [['note']] }))
  syncAll(devices.map((d) => d.doc))
  // pending[to][from]: updates on their way.
  const pending = devices.map(() => devices.map(() => [] as Uint8Array[]))
  devices.forEach((d, from) =>
    d.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== 'net') devices.forEach((_, to) => to !== from && pending[to]![from]!.push(update))
    }),
  )
  const cut = new Set<number>()
  let total = 0
  const appended: string[] = []
  const deleted = new Set<string>()
  const pieces: string[] = []
  const written: Record<string, Set<unknown>> = { kv: new Set(['init']), o: new Set(['init']) }
  let n = 0
  const deliver = (from: number, to: number, pick: number, keep: boolean) => {
    const queue = pending[to]![from]!
    if (!queue.length || from === to) return
    const index = pick % queue.length
    const update = queue[index]!
    if (!keep) queue.splice(index, 1)
    Y.applyUpdate(devices[to]!.doc, update, 'net')
  }
  for (const a of actions) {
    if (a.type === 'deliver') {
      if (!cut.has(a.from) && !cut.has(a.to)) deliver(a.from, a.to, a.pick, a.keep)
      continue
    }
    if (a.type === 'partition') {
      cut.add(a.device)
      continue
    }
    if (a.type === 'heal') {
      cut.clear()
      continue
    }
    const { store } = devices[a.device]!
    const id = `${a.device}-${n++}`
    switch (a.type) {
      case 'increment':
        total += a.by
        await store.increment('counter', a.by)
        break
      case 'append': {
        const items = Array.from({ length: a.count }, (_, i) => `${id}.${i}`)
        appended.push(...items)
        await store.append('list', ...items)
        break
      }
      case 'deleteItem': {
        const list = store.get('list') as string[]
        if (a.at < list.length) {
          deleted.add(list[a.at]!)
          await store.delete(['list', a.at])
        }
        break
      }
      case 'concat':
        pieces.push(`<${id}>`)
        await store.concat('note', `<${id}>`)
        break
      case 'set':
        written.kv!.add(id)
        await store.set(['kv', a.key], id)
        break
      case 'operate':
        written.o!.add(id)
        await store.operate('o', (o: Record<string, string>) => {
          o[a.key] = id
        })
        break
      case 'transaction':
        total += a.by
        appended.push(id)
        await store.transaction((tx) => {
          tx.increment('counter', a.by)
          tx.append('list', id)
        })
        break
      case 'mixed': {
        // One transaction: a recipe on an object, a deleted list item, an increment and a Map value.
        const list = store.get('list') as string[]
        if (a.at < list.length) deleted.add(list[a.at]!)
        written.o!.add(id)
        total += a.by
        await store.transaction((tx) => {
          tx.operate('o', (o: Record<string, string>) => {
            o[a.key] = id
          })
          if (a.at < list.length) tx.delete(['list', a.at])
          tx.increment('counter', a.by)
          tx.set(['kv', 'when'], new Map([[id, new Date(a.at)]]))
        })
        written.kv!.add(id)
        break
      }
      case 'reset':
        await store.set('reset', a.to)
        await store.increment('reset')
        break
    }
  }
  // Heal: everything still on its way arrives, in a shuffled order, some of it twice.
  const rest: [number, number, Uint8Array][] = []
  pending.forEach((row, to) => row.forEach((queue, from) => queue.forEach((u) => rest.push([from, to, u]))))
  const random = fc.sample(fc.shuffledSubarray(rest, { minLength: rest.length, maxLength: rest.length }), { numRuns: 1, seed })[0]!
  for (const [from, to, update] of [...random, ...random.slice(0, 5)]) void from, Y.applyUpdate(devices[to]!.doc, update, 'net')

  const state = devices[0]!.store.state
  for (const d of devices) {
    expect(d.store.state).toEqual(state)
    expect(fromY('check', [], d.doc.getMap('atomic-datastore'))).toEqual(state)
    expect(d.errors).toEqual([])
  }
  expect(state.counter).toBe(total)
  expect([...state.list].sort()).toEqual(appended.filter((item) => !deleted.has(item)).sort())
  for (const piece of pieces) expect(state.note.split(piece)).toHaveLength(2)
  expect(state.note.length).toBe(pieces.join('').length)
  for (const key of KEYS) {
    expect(written.kv!.has(state.kv[key])).toBe(true)
    expect(written.o!.has(state.o[key])).toBe(true)
  }
}

it('devices converge, and counters, lists, text and keys merge as promised', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(action, { maxLength: 60 }), fc.integer(), (actions, seed) => run(actions, seed)),
    { numRuns: FUZZ.runs },
  )
}, FUZZ.timeout)
