import { afterEach, describe, expect, test, vi } from 'vitest'
import { createDatastore, DatastoreError, type DatastoreOptions, type Key } from '../../src/index'
import { inspectStore } from '../../src/core/store'
import { turn } from './helpers'
import { loose } from '../shared'


afterEach(() => {
  vi.unstubAllGlobals()
})

describe('root listeners', () => {
  test('get (state, prevState) after every commit', async () => {
    const store = loose({ a: 1 })
    const listener = vi.fn()
    store.subscribe(listener)
    const first = store.state
    await store.set('a', 2)
    await store.set('b', 3)
    expect(listener).toHaveBeenCalledTimes(2)
    expect(listener.mock.calls[0]).toEqual([{ a: 2 }, { a: 1 }])
    expect(listener.mock.calls[0]![1]).toBe(first)
    expect(listener.mock.calls[1]![0]).toBe(store.state)
  })

  test('are not called for a job that changes nothing or fails', async () => {
    const store = loose({ a: 1, s: 'x' })
    const listener = vi.fn()
    store.subscribe(listener)
    await store.set('a', 1)
    await store.delete('missing')
    await store.increment('s').catch(() => {})
    await store.transaction(() => {})
    expect(listener).not.toHaveBeenCalled()
  })
})

describe('path listeners', () => {
  test('get (value, prevValue) when the value at their path changes', async () => {
    const store = loose({ user: { score: 1, name: 'ada' } })
    const score = vi.fn()
    store.subscribe(['user', 'score'], score)
    await store.increment(['user', 'score'])
    await store.set(['user', 'name'], 'grace')
    await store.set('other', 1)
    await store.increment(['user', 'score'], 0)
    expect(score.mock.calls).toEqual([[2, 1]])
  })

  test('a string path is one top-level key', async () => {
    const store = loose({ 'a.b': 1, a: { b: 1 } })
    const dotted = vi.fn()
    store.subscribe('a.b', dotted)
    await store.set(['a', 'b'], 2)
    expect(dotted).not.toHaveBeenCalled()
    await store.set('a.b', 2)
    expect(dotted.mock.calls).toEqual([[2, 1]])
  })

  test('ancestors are notified of a change below them, siblings are not', async () => {
    const store = loose({ a: { x: { deep: 1 }, y: { deep: 1 } } })
    const calls: string[] = []
    store.subscribe('a', () => calls.push('a'))
    store.subscribe(['a', 'x'], () => calls.push('a.x'))
    store.subscribe(['a', 'x', 'deep'], () => calls.push('a.x.deep'))
    store.subscribe(['a', 'y'], () => calls.push('a.y'))
    store.subscribe(['a', 'y', 'deep'], () => calls.push('a.y.deep'))
    await store.set(['a', 'x', 'deep'], 2)
    expect(calls).toEqual(['a', 'a.x', 'a.x.deep'])
  })

  test('descendants are notified when an ancestor is replaced with different values', async () => {
    const store = loose({ a: { x: 1, y: 2 } })
    const x = vi.fn()
    const y = vi.fn()
    store.subscribe(['a', 'x'], x)
    store.subscribe(['a', 'y'], y)
    await store.set('a', { x: 10, y: 2 })
    expect(x.mock.calls).toEqual([[10, 1]])
    expect(y).not.toHaveBeenCalled()
    await store.set([], { other: true })
    expect(x.mock.calls[1]).toEqual([undefined, 10])
    expect(y.mock.calls).toEqual([[undefined, 2]])
  })

  test('a parent replaced around an identical child does not fire the child', async () => {
    const store = loose({ a: { child: { big: [1, 2, 3] }, n: 1 } })
    const child = vi.fn()
    const big = vi.fn()
    const parent = vi.fn()
    store.subscribe(['a', 'child'], child)
    store.subscribe(['a', 'child', 'big'], big)
    store.subscribe('a', parent)
    const kept = store.get(['a', 'child'])
    await store.set('a', { child: kept, n: 2 })
    await store.operate('a', (a: { n: number }) => {
      a.n = 3
    })
    await store.transaction((tx) => {
      tx.data.a = { ...tx.data.a, n: 4 }
    })
    expect(store.get(['a', 'child'])).toBe(kept)
    expect(parent).toHaveBeenCalledTimes(3)
    expect(child).not.toHaveBeenCalled()
    expect(big).not.toHaveBeenCalled()
  })

  test('a path that does not exist yet fires when it appears and when it goes', async () => {
    const store = loose()
    const listener = vi.fn()
    store.subscribe(['later', 'deep'], listener)
    await store.set(['later', 'deep'], 1)
    await store.delete('later')
    expect(listener.mock.calls).toEqual([
      [1, undefined],
      [undefined, 1],
    ])
  })

  test('array indexes: append fires the new index, a splice fires the shifted ones', async () => {
    const store = loose({ list: ['a', 'b', 'c'] })
    const calls: string[] = []
    for (const i of [0, 1, 2, 3]) store.subscribe(['list', i], (v, p) => calls.push(`${i}:${p}->${v}`))
    await store.append('list', 'd')
    expect(calls).toEqual(['3:undefined->d'])
    calls.length = 0
    await store.delete(['list', 1])
    expect(calls).toEqual(['1:b->c', '2:c->d', '3:d->undefined'])
  })

  test('a number and its string name the same object key', async () => {
    const store = loose({ byId: {} })
    const byNumber = vi.fn()
    const byString = vi.fn()
    store.subscribe(['byId', 7], byNumber)
    store.subscribe(['byId', '7'], byString)
    await store.set(['byId', '7'], 'x')
    await store.set(['byId', 7], 'y')
    expect(byNumber.mock.calls).toEqual([
      ['x', undefined],
      ['y', 'x'],
    ])
    expect(byString.mock.calls).toEqual(byNumber.mock.calls)
  })

  test('Map entries can be listened to', async () => {
    const store = loose({ m: new Map<string | number, unknown>([['a', 1]]) })
    const a = vi.fn()
    const one = vi.fn()
    store.subscribe(['m', 'a'], a)
    store.subscribe(['m', 1], one)
    await store.operate('m', (m: Map<string | number, unknown>) => {
      m.set('a', 2)
    })
    await store.set(['m', 1], 'one')
    await store.set(['m', '1'], 'string one')
    expect(a.mock.calls).toEqual([[2, 1]])
    expect(one.mock.calls).toEqual([['one', undefined]])
  })

  test('a listener must be a function', () => {
    const store = loose()
    let error: unknown
    try {
      store.subscribe('a', 'nope' as any)
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(DatastoreError)
    expect((error as DatastoreError).code).toBe('TYPE_MISMATCH')
  })
})

describe('per commit', () => {
  test('each listener runs once per commit, however many changes lie under it', async () => {
    const store = loose({ a: { x: 0, y: 0 } })
    const a = vi.fn()
    const root = vi.fn()
    store.subscribe('a', a)
    store.subscribe(root)
    await store.transaction((tx) => {
      tx.set(['a', 'x'], 1)
      tx.set(['a', 'y'], 1)
      tx.increment(['a', 'x'])
      tx.set(['a', 'z'], 1)
    })
    expect(a).toHaveBeenCalledTimes(1)
    expect(a.mock.calls[0]).toEqual([
      { x: 2, y: 1, z: 1 },
      { x: 0, y: 0 },
    ])
    expect(root).toHaveBeenCalledTimes(1)
  })

  test('listeners of one commit run in the order they subscribed, across paths', async () => {
    const store = loose({ a: 0, b: { c: 0 }, d: 0 })
    const order: string[] = []
    store.subscribe(['b', 'c'], () => order.push('b.c'))
    store.subscribe('d', () => order.push('d'))
    store.subscribe(() => order.push('root'))
    store.subscribe('a', () => order.push('a'))
    store.subscribe('b', () => order.push('b'))
    store.subscribe([], () => order.push('[]'))
    await store.transaction((tx) => {
      tx.set('a', 1)
      tx.set('d', 1)
      tx.set(['b', 'c'], 1)
    })
    expect(order).toEqual(['b.c', 'd', 'root', 'a', 'b', '[]'])
  })

  test('a transaction through tx.data is one notification too', async () => {
    const store = loose({ a: 0, b: 0 })
    const a = vi.fn()
    const b = vi.fn()
    store.subscribe('a', a)
    store.subscribe('b', b)
    await store.transaction((tx) => {
      tx.data.a = 1
      tx.data.a = 2
      tx.data.b = 1
    })
    expect(a.mock.calls).toEqual([[2, 0]])
    expect(b.mock.calls).toEqual([[1, 0]])
  })

  test('the same function subscribed twice runs twice; each unsubscribe removes one', async () => {
    const store = loose()
    const listener = vi.fn()
    const first = store.subscribe('a', listener)
    store.subscribe('a', listener)
    await store.set('a', 1)
    expect(listener).toHaveBeenCalledTimes(2)
    first()
    first()
    await store.set('a', 2)
    expect(listener).toHaveBeenCalledTimes(3)
  })

  test('only listeners whose value changed are called, among many', async () => {
    const store = loose({ rows: Array.from({ length: 100 }, (_, i) => ({ v: i })) })
    const calls: number[] = []
    for (let i = 0; i < 100; i++) store.subscribe(['rows', i, 'v'], () => calls.push(i))
    await store.set(['rows', 42, 'v'], -1)
    await store.operate(['rows', 7], (row: { v: number }) => {
      row.v = -2
    })
    expect(calls).toEqual([42, 7])
  })
})

describe('listeners that throw', () => {
  test('go to options.onError; the others still run and the mutation still resolves', async () => {
    const onError = vi.fn()
    const store = loose({ a: 0 }, { onError })
    const boom = new Error('listener failed')
    const calls: string[] = []
    store.subscribe('a', () => calls.push('first'))
    store.subscribe('a', () => {
      throw boom
    })
    store.subscribe(() => {
      throw 'a string'
    })
    store.subscribe('a', () => calls.push('last'))
    await expect(store.set('a', 1)).resolves.toBeUndefined()
    expect(calls).toEqual(['first', 'last'])
    expect(onError.mock.calls).toEqual([[boom], ['a string']])
    expect(store.get('a')).toBe(1)
    expect(await store.increment('a')).toBe(2)
    expect(onError).toHaveBeenCalledTimes(4)
  })

  test('without onError, the error is rethrown asynchronously, never swallowed', async () => {
    const store = loose({ a: 0 })
    const boom = new Error('listener failed')
    const after = vi.fn()
    store.subscribe('a', () => {
      throw boom
    })
    store.subscribe('a', after)
    const caught: unknown[] = []
    const previous = process.listeners('uncaughtException')
    process.removeAllListeners('uncaughtException')
    process.on('uncaughtException', (error) => caught.push(error))
    try {
      const done = store.set('a', 1)
      expect(after).toHaveBeenCalledTimes(1)
      expect(caught).toEqual([])
      await done
      await turn()
    } finally {
      process.removeAllListeners('uncaughtException')
      for (const listener of previous) process.on('uncaughtException', listener)
    }
    expect(caught).toEqual([boom])
  })

  test('where the platform has reportError, the error goes there', async () => {
    const reportError = vi.fn()
    vi.stubGlobal('reportError', reportError)
    const store = loose({ a: 0 })
    const boom = new Error('listener failed')
    store.subscribe('a', () => {
      throw boom
    })
    await store.set('a', 1)
    expect(reportError.mock.calls).toEqual([[boom]])
  })
})

describe('subscribing and unsubscribing', () => {
  test('a listener unsubscribed during a notification is not called after that', async () => {
    const store = loose({ a: 0 })
    const calls: string[] = []
    let unsubscribeLater = () => {}
    const unsubscribeSelf = store.subscribe('a', () => {
      calls.push('self')
      unsubscribeSelf()
      unsubscribeLater()
    })
    unsubscribeLater = store.subscribe('a', () => calls.push('later'))
    store.subscribe('a', () => calls.push('kept'))
    await store.set('a', 1)
    await store.set('a', 2)
    expect(calls).toEqual(['self', 'kept', 'kept'])
  })

  test('a listener added during a notification waits for the next commit', async () => {
    const store = loose({ a: 0 })
    const added = vi.fn()
    const unsubscribe = store.subscribe('a', () => {
      store.subscribe('a', added)
      unsubscribe()
    })
    await store.set('a', 1)
    expect(added).not.toHaveBeenCalled()
    await store.set('a', 2)
    expect(added.mock.calls).toEqual([[2, 1]])
  })

  test('the listener indexes are empty after 100k subscribe/unsubscribe cycles', async () => {
    const store = loose({ groups: {} })
    const listener = vi.fn()
    for (let i = 0; i < 100_000; i++) {
      const path: readonly Key[] = i % 3 === 0 ? ['groups', i % 97, 'rows', i % 89, 'v'] : i % 3 === 1 ? [`key${i % 1000}`] : []
      const unsubscribe = path.length === 0 ? store.subscribe(listener) : store.subscribe(path as readonly [string, ...Key[]], listener)
      unsubscribe()
    }
    expect(inspectStore(store)).toMatchObject({ listeners: 0, nodes: 0, queued: 0 })
    await store.set(['groups', 1, 'rows', 1, 'v'], 1)
    expect(listener).not.toHaveBeenCalled()
  })

  test('the index holds what is subscribed, and shrinks back as listeners leave', () => {
    const store = loose()
    const off = [
      store.subscribe(['a', 'b', 'c'], () => {}),
      store.subscribe(['a', 'b', 'd'], () => {}),
      store.subscribe(['a'], () => {}),
      store.subscribe(() => {}),
    ]
    expect(inspectStore(store)).toMatchObject({ listeners: 4, nodes: 4 })
    off[0]!()
    expect(inspectStore(store)).toMatchObject({ listeners: 3, nodes: 3 })
    off[1]!()
    expect(inspectStore(store)).toMatchObject({ listeners: 2, nodes: 1 })
    off[2]!()
    off[3]!()
    expect(inspectStore(store)).toMatchObject({ listeners: 0, nodes: 0 })
  })

  test('interleaved subscriptions leave no trace once all are gone', async () => {
    const store = loose()
    const offs: (() => void)[] = []
    for (let i = 0; i < 10_000; i++) offs.push(store.subscribe(['rows', i % 100, 'cells', i], () => {}))
    await store.set(['rows', 5, 'cells', 5], 1)
    for (let i = offs.length - 1; i >= 0; i -= 2) offs[i]!()
    for (let i = 0; i < offs.length; i += 2) offs[i]!()
    expect(inspectStore(store)).toMatchObject({ listeners: 0, nodes: 0 })
  })
})
