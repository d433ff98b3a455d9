// Remote transactions under a lease on the owner's queue: a timeout, an abort or a throw releases
// the lease and commits nothing, and an idle connection is not mistaken for a dead one.

import { describe, expect, test } from 'vitest'
import { inspectStore } from '../../src/core/store'
import { createDatastore } from '../../src/index'
import { rejection } from './helpers'
import { connectedPair } from '../shared'

type State = { counter: number; x?: number }
const fast = { heartbeatMs: 20, timeoutMs: 200 }
const forever = () => new Promise<never>(() => {})

describe('remote transactions that do not finish', () => {
  test('timeoutMs rolls back with TIMEOUT and frees the owner', async () => {
    const { owner: store, remote, replicaWire: wire } = await connectedPair<State>({ counter: 0 }, { tap: 'replica' })
    const failed = rejection(
      remote.transaction(
        async (tx) => {
          tx.set('x', 1)
          await forever()
        },
        { timeoutMs: 50 },
      ),
    )
    await new Promise((resolve) => setTimeout(resolve, 0))
    const queued = store.increment('counter')
    expect((await failed).code).toBe('TIMEOUT')
    expect(await queued).toBe(1)
    expect(store.state).toEqual({ counter: 1 })
    expect(await remote.increment('counter')).toBe(2)
    expect(remote.state).toEqual({ counter: 2 })
    expect(wire.count('commit')).toBe(0)
  })

  test('an aborted signal rolls back with ABORTED and frees the owner', async () => {
    const { owner: store, remote, replicaWire: wire } = await connectedPair<State>({ counter: 0 }, { tap: 'replica' })
    const controller = new AbortController()
    let started!: () => void
    const running = new Promise<void>((resolve) => (started = resolve))
    const failed = rejection(
      remote.transaction(
        async (tx) => {
          tx.increment('counter', 10)
          started()
          await forever()
        },
        { signal: controller.signal },
      ),
    )
    await running
    const queued = store.increment('counter')
    expect(inspectStore(store).queued).toBe(1)
    controller.abort('enough')
    expect((await failed).code).toBe('ABORTED')
    expect(await queued).toBe(1)
    expect(wire.count('release')).toBe(1)
    expect(wire.count('commit')).toBe(0)
  })

  test('a signal aborted before the lease is granted gives the lease back unused', async () => {
    const { owner: store, remote, replicaWire: wire } = await connectedPair<State>({ counter: 0 }, { tap: 'replica' })
    let open!: () => void
    void store.transaction(() => new Promise<void>((resolve) => (open = resolve)))
    const controller = new AbortController()
    let ran = false
    const failed = rejection(remote.transaction(() => void (ran = true), { signal: controller.signal }))
    await new Promise((resolve) => setTimeout(resolve, 0))
    controller.abort()
    expect((await failed).code).toBe('ABORTED')
    open()
    expect(await remote.increment('counter')).toBe(1)
    expect(ran).toBe(false)
    expect(wire.count('acquire')).toBe(1)
    expect(wire.count('release')).toBe(1)
    expect(inspectStore(store).queued).toBe(0)
  })

  test('a throw after awaits rolls back, and the next transaction sees none of it', async () => {
    const { owner: store, remote } = await connectedPair<State>({ counter: 0 })
    const failed = rejection(
      remote.transaction(async (tx) => {
        tx.set('x', 1)
        await new Promise((resolve) => setTimeout(resolve, 5))
        tx.increment('counter')
        throw new Error('changed my mind')
      }),
    )
    expect((await failed).message).toBe('changed my mind')
    expect(await remote.transaction((tx) => [tx.get('counter'), tx.has('x')])).toEqual([0, false])
    expect(store.state).toEqual({ counter: 0 })
    expect(store.version).toBe(0)
  })
})

describe('heartbeats', () => {
  test('an idle connection stays open across many timeouts', async () => {
    const { remote, replicaWire: wire } = await connectedPair<State>({ counter: 0 }, { tap: 'replica', connect: fast, expose: fast })
    await new Promise((resolve) => setTimeout(resolve, 1000))
    expect(remote.connected).toBe(true)
    expect(wire.count('ping')).toBeGreaterThan(5)
    expect(wire.count('pong', 'received')).toBeGreaterThan(5)
    expect(await remote.increment('counter')).toBe(1)
    remote.close()
  })
})

describe('remote transaction arguments, as a local store takes them', () => {
  test('timeoutMs of Infinity is no limit, null options are none, and tx.initialState is the replica’s', async () => {
    const { owner: store, remote } = await connectedPair<State>({ counter: 0 })
    const result = await remote.transaction(
      async (tx) => {
        await new Promise((resolve) => setTimeout(resolve, 20))
        tx.increment('counter')
        return tx.initialState
      },
      { timeoutMs: Number.POSITIVE_INFINITY },
    )
    expect(result).toBe(remote.initialState)
    expect(await remote.transaction((tx) => tx.increment('counter'), null)).toBe(2)
    expect(store.get('counter')).toBe(2)
  })

  test('a draft returned from a remote transaction comes out as a plain copy', async () => {
    const { owner: store, remote } = await connectedPair<State>({ counter: 0 })
    const result = await remote.transaction((tx) => {
      tx.data.counter = 5
      return [tx.data, tx.data.counter] as const
    })
    expect(result).toEqual([{ counter: 5 }, 5])
    expect(store.get('counter')).toBe(5)
  })

  test('a missing function or a foreign signal is TYPE_MISMATCH, and nothing is asked of the owner', async () => {
    const { remote, replicaWire: wire } = await connectedPair<State>({ counter: 0 }, { tap: 'replica' })
    expect((await rejection(remote.transaction(5 as never))).code).toBe('TYPE_MISMATCH')
    expect((await rejection(remote.transaction(() => 1, { signal: {} as AbortSignal }))).code).toBe('TYPE_MISMATCH')
    expect(wire.count('acquire')).toBe(0)
  })
})

describe('a remote transaction stopped as its fn finishes', () => {
  for (const kind of ['sync', 'async'] as const) {
    test(`a ${kind} fn that aborts its own signal rejects with ABORTED and commits nothing, as on a local store`, async () => {
      const local = createDatastore<State>({ counter: 0 })
      const { owner: store, remote } = await connectedPair<State>({ counter: 0 })
      const run = (target: typeof local) => {
        const controller = new AbortController()
        const fn = (tx: { set(path: 'x', value: number): void }) => {
          tx.set('x', 1)
          controller.abort('stop')
          return 'done'
        }
        const options = { signal: controller.signal }
        return kind === 'sync' ? target.transaction(fn, options) : target.transaction(async (tx) => fn(tx), options)
      }
      expect(await rejection(run(local))).toMatchObject({ code: 'ABORTED' })
      expect(await rejection(run(remote))).toMatchObject({ code: 'ABORTED' })
      await remote.increment('counter')
      expect([local.get('x'), store.get('x'), remote.get('x')]).toStrictEqual([undefined, undefined, undefined])
    })
  }

  test('a synchronous transaction with timeoutMs 0 commits, as on a local store: the round trip is not its time', async () => {
    const local = createDatastore<State>({ counter: 0 })
    const { owner: store, remote } = await connectedPair<State>({ counter: 0 })
    for (const timeoutMs of [0, 1]) {
      for (const target of [local, remote]) expect(await target.transaction((tx) => tx.increment('counter'), { timeoutMs })).toBe(timeoutMs + 1)
    }
    expect(store.get('counter')).toBe(2)
  })
})
