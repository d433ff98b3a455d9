// Replica workers killed at chosen points: before the handshake, on it, while holding a lease, and
// with requests and patches in flight. Afterwards the owner holds only whole commits, every request
// that reached it was applied exactly once, its queue is free, and its next mutation commits.

import { Worker } from 'node:worker_threads'
import { afterEach, describe, expect, test } from 'vitest'
import { createDatastore } from '../../src/index'
import { inspectStore } from '../../src/core/store'
import { exposeDatastore } from '../../src/worker'
import { isBridge, type Tap, tap } from '../worker/helpers'
import { settles, turns } from './helpers'

const workers: Worker[] = []
afterEach(async () => {
  await Promise.all(workers.splice(0).map((worker) => worker.terminate()))
})

function churn(): Worker {
  const boot = new URL('../worker/fixtures/boot.mjs', import.meta.url)
  const worker = new Worker(boot, { workerData: { script: new URL('./fixtures/churn.ts', import.meta.url).href } })
  workers.push(worker)
  return worker
}

/** Whether the owner has granted a lease on `side` that it has not answered yet. */
const leaseHeld = (side: Tap): boolean => {
  const answered = new Set(side.sent.filter((m) => isBridge(m, 'result')).map((m) => m.id))
  return side.sent.some((m) => isBridge(m, 'lease') && !answered.has(m.id))
}
const requests = (side: Tap) => side.received.filter((m) => isBridge(m) && ['op', 'cas', 'acquire'].includes(m.kind)).length

type When = { name: string; until: (side: Tap) => boolean; lease?: boolean }
const points: When[] = [
  { name: 'before its handshake', until: () => true },
  { name: 'as its hello arrives', until: (side) => side.count('hello', 'received') > 0 },
  { name: 'while it holds its first lease', until: (side) => leaseHeld(side), lease: true },
  { name: 'while it holds its fourth lease', until: (side) => side.count('lease') >= 4 && leaseHeld(side), lease: true },
  { name: 'with its first requests in flight', until: (side) => requests(side) >= 3 },
  { name: 'after 60 requests, with more in flight', until: (side) => requests(side) >= 60 },
]

describe('a replica worker killed at a random point', () => {
  test.each(points)('$name: only whole commits, each request once, the store released', async ({ until, lease }) => {
    const store = createDatastore({ n: 0, pair: { a: 0, b: 0 } })
    const worker = churn()
    const side = tap(worker as never)
    exposeDatastore(store, side.endpoint)
    await settles((async () => {
      while (!until(side)) await turns()
    })(), 'the kill point', 60_000)
    const holding = leaseHeld(side)
    await worker.terminate()
    if (lease) expect(holding).toBe(true)

    const after = await settles(store.increment('n'), "the owner's mutation after the kill")
    const { pair, n } = store.state
    expect(pair.a).toBe(pair.b)
    expect(side.count('op', 'received')).toBe(n - 1)
    expect(after).toBe(n)
    expect(inspectStore(store).queued).toBe(0)
    expect(inspectStore(store).observers).toBe(0)
    await store.transaction(async (tx) => {
      tx.set(['pair', 'a'], 100)
      await turns()
      tx.set(['pair', 'b'], 100)
    })
    expect(store.state.pair).toStrictEqual({ a: 100, b: 100 })
  })
})
