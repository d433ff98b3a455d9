// Every kind of value the store allows crosses the bridge intact, both ways: Maps with string and
// number keys, Sets, Dates, undefined, nested arrays; and a replica's committed state is frozen.

import type { MessagePort } from 'node:worker_threads'
import { describe, expect, test } from 'vitest'
import { createDatastore } from '../../src/index'
import type { NodeEndpoint } from '../../src/worker'
import { connectedPair } from '../shared'

type State = { m: Map<string | number, { n: number }>; s: Set<string>; d: Date; u?: undefined; grid: number[][] }

describe('values across the bridge', () => {
  test('Maps, Sets, Dates, undefined and nested arrays, in snapshots, patches, ops and operates', async () => {
    const store = createDatastore<State>({
      m: new Map<string | number, { n: number }>([['a', { n: 1 }], [2, { n: 2 }]]),
      s: new Set(['x']),
      d: new Date(0),
      u: undefined,
      grid: [[1], [2, 3]],
    })
    const { remote } = await connectedPair(store)
    expect(remote.state).toEqual(store.state)
    expect(remote.get(['m', 2, 'n'])).toBe(2)
    expect(remote.has('u')).toBe(true)

    await store.operate('m', (m) => void m.set(3, { n: 3 }))
    await remote.operate(['m', 'a'], (a) => void (a!.n = 10))
    await remote.operate('s', (s) => void s.add('y'))
    await remote.set('d', new Date(1000))
    await remote.append(['grid', 1], 4)
    await remote.transaction((tx) => {
      tx.delete(['m', 2])
      tx.set(['grid', 0, 1], 9)
    })
    await remote.increment(['m', 3, 'n'])

    expect(remote.state).toEqual(store.state)
    expect(store.state).toEqual({
      m: new Map<string | number, { n: number }>([['a', { n: 10 }], [3, { n: 4 }]]),
      s: new Set(['x', 'y']),
      d: new Date(1000),
      u: undefined,
      grid: [[1, 9], [2, 3, 4]],
    })
    expect(remote.version).toBe(store.version)
    expect(Object.isFrozen(remote.state)).toBe(true)
    expect(Object.isFrozen(remote.get(['m', 'a']))).toBe(true)
    expect(() => (remote.get('m') as Map<string, unknown>).set('z', 1)).toThrow()
  })
})

describe('an endpoint that cannot post', () => {
  test('a send that throws rejects the request instead of throwing, and the link goes on', async () => {
    let broken = false
    const breakable = (port: MessagePort): NodeEndpoint => ({
      postMessage(message: unknown) {
        if (broken) throw new Error('the endpoint refused the message')
        port.postMessage(message)
      },
      on: port.on.bind(port),
      off: port.off.bind(port),
    })
    const { owner: store, remote } = await connectedPair({ n: 0 }, { replicaSide: breakable })
    broken = true
    let thrown: unknown
    let pending: Promise<number> | undefined
    try {
      pending = remote.increment('n')
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeUndefined()
    await expect(pending).rejects.toMatchObject({ code: 'INVALID_VALUE' })
    broken = false
    expect(await remote.increment('n')).toBe(1)
    expect(store.get('n')).toBe(1)
  })
})

describe('a replica job that changes nothing', () => {
  test('an operate, a transaction or a set that gives equal data sends no change and bumps no version', async () => {
    const store = createDatastore<{ list: number[]; o: { a: number } }>({ list: [], o: { a: 1 } })
    const { remote, ownerWire: owner } = await connectedPair(store, { tap: 'owner' })
    const calls: unknown[] = []
    store.subscribe((state) => calls.push(state))
    remote.subscribe((state) => calls.push(state))
    const state = remote.state

    await remote.operate('list', (list) => {
      list.push(1)
      list.pop()
    })
    await remote.operate('o', () => ({ a: 1 }))
    await remote.transaction((tx) => {
      tx.append('list', 2)
      tx.delete(['list', 0])
    })
    await remote.set('o', { a: 1 })
    expect(owner.count('cas', 'received')).toBe(0)
    expect(owner.count('commit', 'received')).toBe(1)
    expect(owner.count('op', 'received')).toBe(1)
    expect(owner.count('patch')).toBe(0)
    expect([store.version, remote.version]).toEqual([0, 0])
    expect(remote.state).toBe(state)
    expect(calls).toEqual([])

    await remote.operate('list', (list) => void list.push(1))
    expect([store.version, remote.version]).toEqual([1, 1])
    expect(owner.count('cas', 'received')).toBe(1)
  })
})
