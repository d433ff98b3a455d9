// A port that closes while a replica holds the owner's lease (the case test/worker/disconnect.test.ts
// leaves out): before the replica commits, and right after it posted its commit. The owner keeps
// only whole commits, frees its queue, and the replica's promise settles.

import { describe, expect, test } from 'vitest'
import { DatastoreError } from '../../src/index'
import { inspectStore } from '../../src/core/store'
import { rejection, settles, turns } from './helpers'
import { connectedPair } from '../shared'

async function leased() {
  const { owner, remote, port1, port2 } = await settles(connectedPair({ pair: { a: 0, b: 0 }, n: 0 }), 'connectDatastore')
  let step!: () => void
  let entered!: () => void
  const inside = new Promise<void>((resolve) => (entered = resolve))
  const tx = remote.transaction(async (view) => {
    view.set(['pair', 'a'], 1)
    entered()
    await new Promise<void>((resolve) => (step = resolve))
    view.set(['pair', 'b'], 1)
  })
  await settles(inside, 'the lease')
  const queued = owner.increment('n')
  expect(inspectStore(owner).queued).toBe(1)
  return { owner, port1, port2, tx, queued, step: () => step() }
}

describe('a port that closes while its replica holds the lease', () => {
  test.each(['owner', 'replica'] as const)('closed on the %s side before the commit: nothing of it commits, the store is freed', async (side) => {
    const { owner, port1, port2, tx, queued } = await leased()
    ;(side === 'owner' ? port1 : port2).close()
    const error = await settles(rejection(tx), 'the transaction')
    expect(error).toBeInstanceOf(DatastoreError)
    expect((error as DatastoreError).code).toBe('DISCONNECTED')
    expect(await settles(queued, 'the queued increment')).toBe(1)
    expect(owner.state).toStrictEqual({ pair: { a: 0, b: 0 }, n: 1 })
    expect(owner.version).toBe(1)
    expect(inspectStore(owner)).toMatchObject({ queued: 0, observers: 0 })
  })

  test('closed right after the replica posted its commit: the commit is whole or absent, and the store is freed', async () => {
    const { owner, port2, tx, queued, step } = await leased()
    step()
    // The commit is posted a few microtasks after the recipe ends, before this macrotask is over.
    await turns(1)
    port2.close()
    // Whole or absent: the transaction may resolve or reject.
    await settles(tx.catch(() => {}), 'the transaction')
    const n = await settles(queued, 'the queued increment')
    const { pair } = owner.state
    expect(pair.a).toBe(pair.b)
    expect(n).toBe(1)
    expect(owner.version).toBe(pair.a + 1)
    await settles((async () => {
      while (inspectStore(owner).observers > 0) await turns()
    })(), 'the owner noticing the closed port')
    expect(inspectStore(owner).queued).toBe(0)
    await owner.set(['pair', 'a'], 5)
    expect(owner.get(['pair', 'a'])).toBe(5)
  })
})
