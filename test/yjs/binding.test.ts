import * as Y from 'yjs'
import { describe, expect, it, vi } from 'vitest'
import { createDatastore } from '../../src/index'
import { coreOf } from '../../src/core/internal'
import { bindYjs } from '../../src/yjs'
import { device, network, syncAll } from './net'

describe('binding: who takes whose state', () => {
  it('an empty doc takes the store state, and a second device gets it', () => {
    const a = device({ n: 1, list: ['x'], o: { deep: { s: 'hi' } } })
    const b = device()
    syncAll([a.doc, b.doc])
    expect(b.store.state).toEqual({ n: 1, list: ['x'], o: { deep: { s: 'hi' } } })
  })

  it('when both hold state the doc wins; an empty store takes the doc', () => {
    const doc = new Y.Doc()
    device({ a: 1 }, {}, doc).binding.destroy()
    const store = createDatastore<any>({ b: 2 })
    bindYjs(store, doc)
    expect(store.state).toEqual({ a: 1 })
  })

  it('binds under a path and under a root map name of its own', async () => {
    const doc = new Y.Doc()
    const store = createDatastore<any>({ local: true, shared: { n: 1 } })
    bindYjs(store, doc, { path: ['shared'], name: 'board' })
    await store.set('local', false)
    await store.increment(['shared', 'n'])
    const other = device({}, { name: 'board' })
    syncAll([doc, other.doc])
    expect(other.store.state).toEqual({ n: 2 })
    await other.store.set('m', 'x')
    syncAll([doc, other.doc])
    expect(store.state).toEqual({ local: false, shared: { n: 2, m: 'x' } })
  })

  it('refuses to bind a path that holds something other than an object', () => {
    const store = createDatastore<any>({ list: [] })
    expect(() => bindYjs(store, new Y.Doc(), { path: 'list' })).toThrow(expect.objectContaining({ code: 'TYPE_MISMATCH' }))
  })
})

describe('each commit is one transaction, each remote transaction one commit', () => {
  it('a local commit is one Yjs update; its echo makes no commit', async () => {
    const a = device({ n: 0, list: [] })
    const updates = vi.fn()
    a.doc.on('update', updates)
    const commits = vi.fn()
    coreOf(a.store).observe(commits)
    await a.store.transaction((tx) => {
      tx.increment('n')
      tx.append('list', 1, 2)
    })
    expect(updates).toHaveBeenCalledTimes(1)
    expect(commits).toHaveBeenCalledTimes(1)
  })

  it('a remote update is in the store before Y.applyUpdate returns, as one commit subscribers see', () => {
    const a = device({ n: 0, o: { x: 1 } })
    const b = device()
    syncAll([a.doc, b.doc])
    const seen = vi.fn()
    b.store.subscribe(seen)
    a.doc.on('update', (update: Uint8Array) => {
      Y.applyUpdate(b.doc, update)
      expect(b.store.get('n')).toBe(5)
    })
    a.store.transaction((tx) => {
      tx.increment('n', 5)
      tx.set(['o', 'y'], 2)
    })
    expect(b.store.state).toEqual({ n: 5, o: { x: 1, y: 2 } })
    expect(seen).toHaveBeenCalledTimes(1)
  })

  it('destroy stops both directions', async () => {
    const a = device({ n: 0 })
    const b = device()
    const net = network([a, b])
    net.online(a)
    a.binding.destroy()
    a.binding.destroy()
    await a.store.increment('n')
    expect(b.store.get('n')).toBe(0)
    await b.store.increment('n', 2)
    expect(a.store.get('n')).toBe(1)
  })
})

describe('merge semantics across devices that wrote while apart', () => {
  function apart(initial: object, options = {}) {
    const a = device(initial, options)
    const b = device(undefined, options)
    syncAll([a.doc, b.doc])
    return { a, b, heal: () => syncAll([a.doc, b.doc]) }
  }

  it('increments and decrements of every device add up', async () => {
    const { a, b, heal } = apart({ score: 10 })
    await a.store.increment('score', 3)
    await a.store.increment('score', 2)
    await b.store.decrement('score', 4)
    heal()
    expect(a.store.get('score')).toBe(11)
    expect(b.store.get('score')).toBe(11)
  })

  it('a set resets the counter; increments the resetting device had not seen are added on top', async () => {
    const { a, b, heal } = apart({ score: 10 })
    await a.store.increment('score', 5)
    heal()
    await a.store.set('score', 0)
    await b.store.increment('score', 2)
    heal()
    expect(a.store.get('score')).toBe(2)
    expect(b.store.get('score')).toBe(2)
  })

  it('appends of every device land once each, in one order everywhere; deletes of an index too', async () => {
    const { a, b, heal } = apart({ list: ['x', 'y'] })
    await a.store.append('list', 'a1', 'a2')
    await b.store.append('list', 'b1')
    await b.store.delete(['list', 0])
    heal()
    expect(a.store.get('list')).toEqual(b.store.get('list'))
    expect([...a.store.get('list')].sort()).toEqual(['a1', 'a2', 'b1', 'y'])
  })

  it('concat on a text path lands every device text', async () => {
    const { a, b, heal } = apart({ note: 'Hi' }, { text: [['note']] })
    await a.store.concat('note', ' from a')
    await b.store.concat('note', ' from b')
    heal()
    expect(a.store.get('note')).toBe(b.store.get('note'))
    expect(a.store.get('note')).toMatch(/^Hi( from a from b| from b from a)$/)
  })

  it('set of a key is last writer wins, per key', async () => {
    const { a, b, heal } = apart({ title: 't', color: 'red' })
    await a.store.set('title', 'from a')
    await b.store.set('title', 'from b')
    await b.store.set('color', 'blue')
    heal()
    expect(a.store.state).toEqual(b.store.state)
    expect(['from a', 'from b']).toContain(a.store.get('title'))
    expect(a.store.get('color')).toBe('blue')
  })

  it('operate and transactions merge per key they changed', async () => {
    const { a, b, heal } = apart({ user: { name: 'n', age: 1, tags: ['t'] } })
    await a.store.operate('user', (user: any) => {
      user.name = 'Ada'
    })
    await b.store.transaction((tx) => {
      tx.data.user.age = 2
      tx.increment(['user', 'age'])
    })
    heal()
    expect(a.store.state).toEqual({ user: { name: 'Ada', age: 3, tags: ['t'] } })
    expect(b.store.state).toEqual(a.store.state)
  })

  it('a set of an object replaces the value at its key', async () => {
    const { a, b, heal } = apart({ o: { x: 1 } })
    await a.store.set('o', { y: 2 })
    heal()
    expect(b.store.get('o')).toEqual({ y: 2 })
  })

  it('Maps, Sets, Dates and undefined travel as tagged values; a user key starting with $ is kept', async () => {
    const value = { m: new Map([['k', 1]]), s: new Set([1, 2]), d: new Date(5), u: undefined, $counter: 'mine', $map: { $set: 1 } }
    const { a, b, heal } = apart({})
    await a.store.set('v', value)
    await a.store.set(['v', 'm'], new Map([['k', 2]]))
    heal()
    expect(b.store.get('v')).toEqual({ ...value, m: new Map([['k', 2]]) })
    expect(b.store.get(['v', 'd'])).toBeInstanceOf(Date)
  })

  it('a mixed transaction with deletes, operates and named mutations converges', async () => {
    const { a, b, heal } = apart({ list: [{ n: 1 }, { n: 2 }, { n: 3 }], o: { k: 1 } })
    await a.store.transaction((tx) => {
      tx.operate(['list', 1], (item: any) => {
        item.n = 20
      })
      tx.delete(['list', 0])
      tx.increment(['list', 1, 'n'])
      tx.set(['o', 'k'], 2)
      tx.delete(['o', 'k'])
    })
    heal()
    expect(a.store.state).toEqual({ list: [{ n: 20 }, { n: 4 }], o: {} })
    expect(b.store.state).toEqual(a.store.state)
  })
})

describe('commits that other parts of the package make', () => {
  it('a job written through the core without a named mutation, and a root replaced, reach the other device', async () => {
    const a = device({ n: 0, o: { x: 1 } })
    const b = device()
    network([a, b])
    syncAll([a.doc, b.doc])
    await coreOf(a.store).enqueue('load', (writer) => writer.put('load', ['o', 'y'], 2))
    expect(b.store.get('o')).toEqual({ x: 1, y: 2 })
    await a.store.set([], { fresh: true, n: 5 })
    expect(b.store.state).toEqual({ fresh: true, n: 5 })
  })
})
