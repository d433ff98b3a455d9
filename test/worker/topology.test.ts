// How bridges share endpoints: two sides that each expose a store to the other, a name used twice,
// a bridge closed and opened again on one endpoint (React StrictMode runs effects that way), and
// what may be exposed at all.

import type { Worker } from 'node:worker_threads'
import { afterEach, describe, expect, test } from 'vitest'
import { createDatastore, DatastoreError } from '../../src/index'
import { connectDatastore, exposeDatastore } from '../../src/worker'
import { ask, next, rejection, spawn, tap, turns } from './helpers'
import { channel, connectedPair } from '../shared'

const workers: Worker[] = []
const closers: (() => void)[] = []
afterEach(async () => {
  for (const close of closers.splice(0)) close()
  await Promise.all(workers.splice(0).map((worker) => worker.terminate()))
})

describe('two sides that each expose a store to the other', () => {
  test('exchange no messages once connected, and each replica reaches the other side’s store', async () => {
    const { port1, port2 } = channel()
    const left = tap(port1)
    const right = tap(port2)
    const here = createDatastore({ side: 'here', n: 0 })
    const there = createDatastore({ side: 'there', n: 0 })
    const bridges = [exposeDatastore(here, left.endpoint), exposeDatastore(there, right.endpoint)]
    const [remoteThere, remoteHere] = await Promise.all([
      connectDatastore<{ side: string; n: number }>(left.endpoint),
      connectDatastore<{ side: string; n: number }>(right.endpoint),
    ])
    closers.push(() => {
      for (const closable of [remoteThere, remoteHere, ...bridges]) closable.close()
    })
    expect([remoteThere.get('side'), remoteHere.get('side')]).toStrictEqual(['there', 'here'])
    await Promise.all([remoteThere.increment('n'), remoteHere.increment('n', 2)])
    expect([here.get('n'), there.get('n')]).toStrictEqual([2, 1])

    // Each owner hears the other's announce, snapshots and answers: none of them may be answered.
    await turns(20)
    const posted = left.posts + right.posts
    await turns(50)
    expect(left.posts + right.posts).toBe(posted)
    expect(left.count('refuse', 'received') + right.count('refuse', 'received')).toBe(0)
  })
})

describe('one name twice on an endpoint', () => {
  test('a second bridge under a name in use is refused, and the name is free again once the first closes', async () => {
    const { port1, port2 } = channel()
    const store = createDatastore({ n: 0 })
    const first = exposeDatastore(store, port1)
    for (const twice of [() => exposeDatastore(store, port1), () => exposeDatastore(createDatastore({ n: 0 }), port1)]) {
      const error = catchError(twice)
      expect(error).toBeInstanceOf(DatastoreError)
      expect(error).toMatchObject({ code: 'INVALID_VALUE', path: [] })
      expect(error.message).toMatch(/name/)
    }
    const named = exposeDatastore(createDatastore({ n: 100 }), port1, { name: 'other' })
    first.close()
    const again = exposeDatastore(store, port1)
    closers.push(() => {
      named.close()
      again.close()
    })

    // With one bridge under the name, a remote increment is applied once.
    const remote = await connectDatastore<{ n: number }>(port2)
    closers.push(() => remote.close())
    expect(await remote.increment('n')).toBe(1)
    await turns(5)
    expect(store.get('n')).toBe(1)
  })
})

describe('a bridge closed and opened again on one endpoint', () => {
  test('a replica that starts listening afterwards connects to the new bridge, not to the old goodbye', async () => {
    const { port1, port2 } = channel()
    const store = createDatastore({ n: 0 })
    exposeDatastore(store, port1).close()
    const bridge = exposeDatastore(store, port1)
    const remote = await connectDatastore<{ n: number }>(port2)
    closers.push(() => {
      remote.close()
      bridge.close()
    })
    expect(remote.connected).toBe(true)
    expect(await remote.increment('n')).toBe(1)
    expect(store.get('n')).toBe(1)
  })

  test('the same with a real worker as the replica, started after the second expose', async () => {
    const store = createDatastore<Record<string, any>>({ counter: 0 })
    const worker = spawn('replica.ts')
    workers.push(worker)
    exposeDatastore(store, worker).close()
    const bridge = exposeDatastore(store, worker)
    closers.push(() => bridge.close())
    await next(worker, (message) => message.app === 'ready')
    await ask(worker, 'work', { increments: 3, operates: 2 })
    expect(store.get('counter')).toBe(5)
  })

  test('a replica that connects to a bridge that closed and did not open again fails with its goodbye', async () => {
    const { port1, port2 } = channel()
    exposeDatastore(createDatastore({}), port1).close()
    const error = await rejection(connectDatastore(port2, { heartbeatMs: 20, timeoutMs: 60_000 }))
    expect(error).toMatchObject({ code: 'DISCONNECTED' })
    expect(error.message).toMatch(/the owner closed the bridge/)
  })

  test('a replica that heard the goodbye gives a bridge opened a tick later its chance', async () => {
    const { port1, port2 } = channel()
    const store = createDatastore({ n: 0 })
    exposeDatastore(store, port1).close()
    const connecting = connectDatastore<{ n: number }>(port2, { heartbeatMs: 100 })
    // The replica's first tick comes at 100 ms, after the goodbye and before the new bridge.
    await new Promise((resolve) => setTimeout(resolve, 150))
    const bridge = exposeDatastore(store, port1)
    const remote = await connecting
    closers.push(() => {
      remote.close()
      bridge.close()
    })
    expect(await remote.increment('n')).toBe(1)
  })

  test('a bridge gone without a goodbye and a new one in its place: a request in flight fails, and the replica goes on with the new store', async () => {
    const { port1, port2 } = channel()
    // The first bridge's side of the port, which can fall silent at once, as when its thread dies.
    let alive = true
    const severed = {
      postMessage: (message: unknown) => alive && port1.postMessage(message),
      on: (type: string, listener: (...args: any[]) => void) => port1.on(type, (...args: any[]) => alive && listener(...args)),
      off: () => {},
    }
    exposeDatastore(createDatastore({ n: 0 }), severed)
    const remote = await connectDatastore<{ n: number }>(port2)
    expect(await remote.increment('n')).toBe(1)
    alive = false
    const restarted = createDatastore({ n: 100 })
    const bridge = exposeDatastore(restarted, port1)
    closers.push(() => {
      remote.close()
      bridge.close()
    })
    // This request reaches the new bridge, which has never heard of this replica.
    const error = await rejection(remote.increment('n'))
    expect(error).toMatchObject({ code: 'DISCONNECTED' })
    expect(error.message).toMatch(/restarted/)
    expect(await remote.increment('n')).toBe(101)
    expect(remote.connected).toBe(true)
  })

  test('a replica connected to the old bridge is disconnected when it closes', async () => {
    const { port1, port2 } = channel()
    const store = createDatastore({ n: 0 })
    const old = exposeDatastore(store, port1)
    const remote = await connectDatastore<{ n: number }>(port2)
    old.close()
    closers.push(() => exposeDatastore(store, port1).close())
    const error = await rejection(remote.increment('n'))
    expect(error).toMatchObject({ code: 'DISCONNECTED' })
    expect(remote.connected).toBe(false)
  })
})

describe('what can be exposed, and with which options', () => {
  test('a replica, or something that is not a store, is refused with a DatastoreError', async () => {
    const { remote } = await connectedPair({ n: 0 })
    const other = channel()
    for (const store of [remote, {}, null, { state: {}, version: 0 }]) {
      const error = catchError(() => exposeDatastore(store as never, other.port1))
      expect(error).toBeInstanceOf(DatastoreError)
      expect(error.code).toBe('INVALID_VALUE')
    }
  })

  test.each([
    { heartbeatMs: 0 },
    { heartbeatMs: -5 },
    { heartbeatMs: Number.NaN },
    { heartbeatMs: Infinity },
    { heartbeatMs: 2 ** 31 },
    { heartbeatMs: 'soon' },
    { heartbeatMs: '100' },
    { timeoutMs: [5] },
    { timeoutMs: 5n },
    { timeoutMs: 0 },
    { timeoutMs: -1 },
    { timeoutMs: Number.NaN },
  ])('a heartbeat or timeout that is not a usable number of ms, %o, is refused on both sides with TYPE_MISMATCH', async (options) => {
    const { port1, port2 } = channel()
    const error = catchError(() => exposeDatastore(createDatastore({}), port1, options as never))
    expect(error).toMatchObject({ code: 'TYPE_MISMATCH' })
    expect(await rejection(connectDatastore(port2, options as never))).toMatchObject({ code: 'TYPE_MISMATCH' })
    // Nothing was left listening: the ports can close and the test end.
    expect(port1.listenerCount('message') + port2.listenerCount('message')).toBe(0)
  })

  test("an owner's timeout shorter than the replica's heartbeat does not drop the idle replica", async () => {
    const { remote } = await connectedPair({ n: 0 }, { expose: { heartbeatMs: 100, timeoutMs: 200 }, connect: { heartbeatMs: 300 } })
    // Three of the replica's heartbeats, five times the owner's timeout.
    await new Promise((resolve) => setTimeout(resolve, 1000))
    expect(await remote.increment('n')).toBe(1)
    expect(remote.connected).toBe(true)
  })

  test('a timeout shorter than the heartbeat is kept: a silent owner fails the connection after it', async () => {
    const { port2 } = channel()
    const error = await rejection(connectDatastore(port2, { heartbeatMs: 3_600_000, timeoutMs: 50 }))
    expect(error).toMatchObject({ code: 'DISCONNECTED' })
    expect(error.message).toMatch(/stopped answering/)
  })
})

function catchError(fn: () => unknown): any {
  try {
    fn()
  } catch (error) {
    return error
  }
  throw new Error('expected a throw')
}
