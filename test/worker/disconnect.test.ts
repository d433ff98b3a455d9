// Connections that end: a closed port, a terminated worker, a peer that stops answering. Pending
// requests reject with DISCONNECTED, later ones reject at once, and a lost replica's lease is freed.

import type { Worker } from 'node:worker_threads'
import { afterEach, describe, expect, test } from 'vitest'
import { inspectStore } from '../../src/core/store'
import { createDatastore } from '../../src/index'
import { connectDatastore, exposeDatastore } from '../../src/worker'
import { ask, next, rejection, spawn, turns } from './helpers'
import { channel, connectedPair } from '../shared'

// Short enough to keep the tests quick, long enough that a loaded machine does not trip them.
const fast = { heartbeatMs: 50, timeoutMs: 500 }
const workers: Worker[] = []
afterEach(async () => {
  await Promise.all(workers.splice(0).map((worker) => worker.terminate()))
})

describe('pending requests when the connection ends', () => {
  test('closing a port rejects pending requests, and later ones at once, with DISCONNECTED', async () => {
    const { owner: store, remote, port1 } = await connectedPair<{ counter: number; x?: number }>({ counter: 0 })
    let open!: () => void
    void store.transaction(() => new Promise<void>((resolve) => (open = resolve)))

    const pending = [
      remote.increment('counter'),
      remote.set('x', 1),
      remote.operate('counter', (n) => n + 1),
      remote.transaction((tx) => tx.set('x', 2)),
    ]
    await turns(3)
    port1.close()
    const errors = await Promise.all(pending.map(rejection))
    expect(errors.map((error) => error.code)).toEqual(['DISCONNECTED', 'DISCONNECTED', 'DISCONNECTED', 'DISCONNECTED'])
    expect(remote.connected).toBe(false)

    const later = [remote.increment('counter'), remote.operate('counter', (n) => n + 1), remote.transaction(() => 1)]
    expect((await Promise.all(later.map(rejection))).map((error) => error.code)).toEqual(['DISCONNECTED', 'DISCONNECTED', 'DISCONNECTED'])
    expect(inspectStore(store).observers).toBe(0)
    open()
    expect(remote.get('counter')).toBe(0)
  })

  test("terminating the owner's worker rejects pending requests with DISCONNECTED", async () => {
    const worker = spawn('owner.ts')
    workers.push(worker)
    const remote = await connectDatastore<{ counter: number }>(worker)
    await ask(worker, 'hold')
    const pending = [remote.increment('counter'), remote.transaction((tx) => tx.increment('counter')), remote.operate('counter', (n) => n + 1)]
    await turns(3)
    await worker.terminate()
    const errors = await Promise.all(pending.map(rejection))
    expect(errors.map((error) => error.code)).toEqual(['DISCONNECTED', 'DISCONNECTED', 'DISCONNECTED'])
    expect((await rejection(remote.increment('counter'))).code).toBe('DISCONNECTED')
  })

  test("a replica's worker that exits ends the owner's bridge to it", async () => {
    const store = createDatastore({ counter: 0 })
    const worker = spawn('replica.ts')
    workers.push(worker)
    exposeDatastore(store, worker)
    await next(worker, (m) => m.app === 'ready')
    expect(inspectStore(store).observers).toBe(1)
    await worker.terminate()
    expect(inspectStore(store).observers).toBe(0)
  })

  test('an owner that stops answering fails pending and later requests with DISCONNECTED', async () => {
    const worker = spawn('owner.ts')
    workers.push(worker)
    await next(worker, (m) => m.app === 'ready')
    const remote = await connectDatastore<{ counter: number }>(worker, fast)
    expect(await remote.increment('counter')).toBe(1)
    await ask(worker, 'block')
    const pending = [remote.increment('counter'), remote.transaction(async (tx) => tx.increment('counter'))]
    const errors = await Promise.all(pending.map(rejection))
    expect(errors.map((error) => error.code)).toEqual(['DISCONNECTED', 'DISCONNECTED'])
    expect(errors[0].message).toMatch(/stopped answering/)
    expect((await rejection(remote.set('counter', 5))).code).toBe('DISCONNECTED')
    expect(remote.get('counter')).toBe(1)
  })
})

describe('connecting to nobody', () => {
  test('connectDatastore rejects with DISCONNECTED when no owner answers, or the port closes', async () => {
    const silent = channel()
    const error = await rejection(connectDatastore(silent.port2, fast))
    expect(error.code).toBe('DISCONNECTED')
    expect(error.message).toMatch(/stopped answering/)
    const closing = channel()
    const connecting = rejection(connectDatastore(closing.port2))
    closing.port1.close()
    expect((await connecting).code).toBe('DISCONNECTED')
  })
})

describe('leases of replicas that go away', () => {
  test('a replica that stops answering has its lease released after timeoutMs', async () => {
    const { owner: store, remote, replicaWire: wire } = await connectedPair<{ counter: number; x?: number }>({ counter: 0 }, { tap: 'replica', expose: fast, connect: fast })
    let holding!: () => void
    const held = new Promise<void>((resolve) => (holding = resolve))
    const transaction = remote.transaction(async (tx) => {
      tx.set('x', 1)
      tx.increment('counter')
      holding()
      await new Promise(() => {})
    })
    const failed = rejection(transaction)
    await held
    const queued = store.increment('counter')
    wire.muted = true

    expect(await queued).toBe(1)
    expect(store.state).toEqual({ counter: 1 })
    expect((await failed).code).toBe('DISCONNECTED')
  })

  test('a replica whose thread stalls past timeoutMs loses its lease, and learns it when it wakes', async () => {
    const store = createDatastore<{ counter: number; x?: number }>({ counter: 0 })
    const worker = spawn('replica.ts', fast)
    workers.push(worker)
    exposeDatastore(store, worker, fast)
    await next(worker, (m) => m.app === 'ready')

    const ended = ask(worker, 'stall', { ms: 2000 })
    await next(worker, (m) => m.app === 'holding')
    expect(await store.increment('counter')).toBe(1)
    expect(await ended).toEqual({ app: 'stall', code: 'DISCONNECTED' })
    expect(store.state).toEqual({ counter: 1 })
    expect(await ask(worker, 'increment')).toEqual({ app: 'increment', code: 'DISCONNECTED' })
  })
})
