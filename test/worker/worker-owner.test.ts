// The other direction: a worker owns the store and the main thread is the replica. Every part of the
// store's interface works from the main thread, and a write is visible as soon as it resolves.

import type { Worker } from 'node:worker_threads'
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { type RemoteDatastore, connectDatastore } from '../../src/worker'
import { ask, isBridge, rejection, spawn } from './helpers'

type State = { counter: number; user: { name: string; tags: string[] }; log?: string; items?: number[]; x?: number; y?: number }

let worker: Worker
let remote: RemoteDatastore<State>
const owner = async () => (await ask(worker, 'state')) as { state: State; version: number }

beforeEach(async () => {
  worker = spawn('owner.ts', { initial: { counter: 0, user: { name: 'ada', tags: [] } } })
  remote = await connectDatastore<State>(worker)
})

afterEach(async () => {
  remote.close()
  await worker.terminate()
})

describe('a store owned by a worker, the main thread as its replica', () => {
  test('connects with the owner state, and reads are synchronous', async () => {
    expect(remote.state).toEqual({ counter: 0, user: { name: 'ada', tags: [] } })
    expect(remote.get(['user', 'name'])).toBe('ada')
    expect(remote.connected).toBe(true)
    expect([...remote.keys()]).toEqual(['counter', 'user'])
  })

  test('every named mutator runs on the owner and is visible locally when it resolves', async () => {
    await remote.set(['user', 'name'], 'grace')
    expect(remote.get(['user', 'name'])).toBe('grace')
    expect(await remote.increment('counter', 5)).toBe(5)
    expect(remote.get('counter')).toBe(5)
    expect(await remote.decrement('counter')).toBe(4)
    expect(await remote.append(['user', 'tags'], 'a', 'b')).toBe(2)
    expect(await remote.concat('log', 'hello')).toBe('hello')
    expect(await remote.init('items', [1])).toEqual([1])
    expect(await remote.init('items', [2])).toEqual([1])
    expect(await remote.delete('items')).toBe(true)
    expect(await remote.delete('items')).toBe(false)
    expect(remote.state).toEqual({ counter: 4, user: { name: 'grace', tags: ['a', 'b'] }, log: 'hello' })
    expect((await owner()).state).toEqual(remote.state)
  })

  test("the owner's errors reach the caller with their code and path", async () => {
    const error = await rejection(remote.increment(['user', 'name'] as never))
    expect(error).toMatchObject({ code: 'TYPE_MISMATCH', path: ['user', 'name'] })
    expect(await rejection(remote.operate('missing' as never, (() => 1) as never))).toMatchObject({ code: 'PATH_NOT_FOUND' })
    expect(remote.get(['user', 'name'])).toBe('ada')
  })

  test('subscribe fires for commits from the owner and from the replica, per path', async () => {
    const onCounter = vi.fn()
    const onName = vi.fn()
    const onRoot = vi.fn()
    remote.subscribe('counter', onCounter)
    remote.subscribe(['user', 'name'], onName)
    remote.subscribe(onRoot)
    await remote.increment('counter')
    await ask(worker, 'increment')
    await remote.increment('counter')
    expect(onCounter.mock.calls).toEqual([
      [1, 0],
      [2, 1],
      [3, 2],
    ])
    expect(onName).not.toHaveBeenCalled()
    expect(onRoot).toHaveBeenCalledTimes(3)
  })

  test('a sync transaction commits once, on the owner', async () => {
    const onRoot = vi.fn()
    remote.subscribe(onRoot)
    const result = await remote.transaction((tx) => {
      tx.increment('counter')
      tx.set('x', tx.get('counter') * 10)
      tx.append(['user', 'tags'], 'tx')
      return 'ok'
    })
    expect(result).toBe('ok')
    expect(onRoot).toHaveBeenCalledTimes(1)
    expect(remote.version).toBe(1)
    expect((await owner()).state).toEqual({ counter: 1, x: 10, user: { name: 'ada', tags: ['tx'] } })
  })

  test('an async transaction holds the owner across awaits; one that throws commits nothing', async () => {
    const done = remote.transaction(async (tx) => {
      const before = tx.get('counter')
      await new Promise((resolve) => setTimeout(resolve, 20))
      tx.set('counter', before + 100)
      return before
    })
    const waiting = remote.increment('counter')
    expect(await done).toBe(0)
    expect(await waiting).toBe(101)

    const failed = remote.transaction(async (tx) => {
      tx.set('y', 1)
      await Promise.resolve()
      throw new Error('no')
    })
    expect((await rejection(failed)).message).toBe('no')
    expect(await remote.increment('counter')).toBe(102)
    expect((await owner()).state).not.toHaveProperty('y')
    expect(remote.has('y')).toBe(false)
  })

  test('operate from the main thread', async () => {
    expect(await remote.operate(['user', 'tags'], (tags) => void tags.push('t'))).toEqual(['t'])
    expect(await remote.update('counter', (n) => n + 7)).toBe(7)
    expect((await owner()).state).toEqual({ counter: 7, user: { name: 'ada', tags: ['t'] } })
    expect(remote.get('counter')).toBe(7)
  })

  test('read-your-writes: a resolved write is in the replica, whatever the owner did in between', async () => {
    const seen: number[] = []
    worker.on('message', (message) => {
      if (isBridge(message, 'patch')) seen.push(message.version)
    })
    for (let i = 1; i <= 50; i++) {
      void ask(worker, 'increment', { path: 'x' })
      await remote.set('y', i)
      expect(remote.get('y')).toBe(i)
    }
    const final = await owner()
    await remote.increment('counter')
    expect(remote.get('x')).toBe(final.state.x)
    expect(seen.length).toBeGreaterThan(0)
  })
})
