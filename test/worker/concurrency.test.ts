// Real worker_threads writing to one store: nothing is lost, hot keys still complete, and a worker
// that dies inside a transaction releases the store without committing any of it.

import type { Worker } from 'node:worker_threads'
import { afterEach, describe, expect, test } from 'vitest'
import { createDatastore } from '../../src/index'
import { exposeDatastore } from '../../src/worker'
import { inspectStore } from '../../src/core/store'
import { ask, decode, next, spawn, turns } from './helpers'

const workers: Worker[] = []
const start = (name: string, data?: Record<string, unknown>) => {
  const worker = spawn(name, data)
  workers.push(worker)
  return worker
}

afterEach(async () => {
  await Promise.all(workers.splice(0).map((worker) => worker.terminate()))
})

describe('workers writing to one store', () => {
  test('4 workers × (500 increments + 500 operates) lose nothing and converge', async () => {
    const store = createDatastore({ counter: 0 })
    const team = Array.from({ length: 4 }, () => start('replica.ts'))
    for (const worker of team) exposeDatastore(store, worker)
    await Promise.all(team.map((worker) => next(worker, (m) => m.app === 'ready')))

    await Promise.all(team.map((worker) => ask(worker, 'work', { increments: 500, operates: 500 })))
    expect(store.get('counter')).toBe(4000)
    expect(store.version).toBe(4000)

    const reports = await Promise.all(team.map((worker) => ask(worker, 'report', { version: store.version })))
    for (const report of reports) {
      expect(report.version).toBe(4000)
      expect(report.state).toEqual(store.state)
    }
  })

  test('the main thread and a worker race operate on one key and lose nothing', async () => {
    const store = createDatastore({ counter: 0 })
    const worker = start('replica.ts')
    exposeDatastore(store, worker)
    await next(worker, (m) => m.app === 'ready')

    const remote = ask(worker, 'operate', { count: 300 })
    let finished = false
    void remote.then(() => (finished = true))
    let local = 0
    while (!finished) {
      await store.operate('counter', (n) => n + 1)
      local++
      await turns()
    }
    await remote
    expect(local).toBeGreaterThan(0)
    expect(store.get('counter')).toBe(300 + local)
  })

  test("a worker's operate on a hot key falls back to the lease and completes, with no error", async () => {
    const store = createDatastore({ counter: 0 })
    const worker = start('replica.ts')
    const seen: Record<string, number> = {}
    let hammered = 0
    // Listening before the bridge does: every optimistic write finds the key changed under it.
    worker.on('message', (raw) => {
      const message = decode(raw)
      if (!message) return
      seen[message.kind] = (seen[message.kind] ?? 0) + 1
      if (message.kind === 'cas') {
        void store.increment('counter')
        hammered++
      }
    })
    exposeDatastore(store, worker)
    await next(worker, (m) => m.app === 'ready')

    const remote = ask(worker, 'operate', { count: 20 })
    let finished = false
    void remote.then(() => (finished = true))
    let local = 0
    while (!finished) {
      await store.increment('counter')
      await store.operate('counter', (n) => n + 1)
      local += 2
      await turns()
    }
    await remote
    // Three lost optimistic rounds, then the lease, for each of the 20 operates.
    expect(seen.cas).toBe(60)
    expect(seen.acquire).toBe(20)
    expect(seen.commit).toBe(20)
    expect(hammered).toBe(60)
    expect(store.get('counter')).toBe(20 + local + hammered)
  })

  test('a worker killed while it holds an async transaction releases the store and commits nothing', async () => {
    const store = createDatastore<{ counter: number; x?: number }>({ counter: 0 })
    const worker = start('replica.ts')
    exposeDatastore(store, worker)
    await next(worker, (m) => m.app === 'ready')

    await ask(worker, 'hold')
    const queued = store.increment('counter')
    expect(inspectStore(store).queued).toBe(1)
    await turns(5)
    expect(store.get('counter')).toBe(0)

    await worker.terminate()
    expect(await queued).toBe(1)
    expect(store.state).toEqual({ counter: 0 + 1 })
    expect(store.has('x')).toBe(false)
    expect(store.version).toBe(1)
    expect(inspectStore(store).queued).toBe(0)
  })
})
