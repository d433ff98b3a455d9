// Regressions found by the linearizability property: a commit that creates a path together with its
// parents must travel as one patch at the highest created parent, or the other side cannot apply it.

import { MessageChannel } from 'node:worker_threads'
import { afterEach, describe, expect, test } from 'vitest'
import { createDatastore } from '../../src/index'
import { diff, PatchOp } from '../../src/core/patches'
import { connectDatastore, exposeDatastore } from '../../src/worker'
import { tap } from '../worker/helpers'
import { converged, settles } from './helpers'

const cleanup: (() => void)[] = []
afterEach(() => {
  for (const close of cleanup.splice(0)) close()
})

async function pair(start: Record<string, any>) {
  const owner = createDatastore<Record<string, any>>(start)
  const { port1, port2 } = new MessageChannel()
  const bridge = exposeDatastore(owner, port1)
  const side = tap(port2)
  const remote = await settles(connectDatastore<Record<string, any>>(side.endpoint), 'connectDatastore')
  cleanup.push(() => {
    remote.close()
    bridge.close()
    port1.close()
    port2.close()
  })
  return { owner, remote, side }
}

describe('patches for paths created or removed with their parents', () => {
  test('diff puts the patch at the highest parent that did not exist', () => {
    // Patches are flat: op, path, value, op, path, value…
    const paths = (patches: unknown[]) => patches.filter((_, i) => i % 3 === 1)
    expect(diff({}, { a: { b: { c: 1 } } }, [['a', 'b', 'c']])).toStrictEqual([PatchOp.Add, ['a'], { b: { c: 1 } }])
    expect(diff({ a: {} }, { a: { p: {} } }, [['a', 'p', 'q']])).toStrictEqual([PatchOp.Add, ['a', 'p'], {}])
    expect(diff({}, {}, [['a', 'b']])).toStrictEqual([])
    expect(paths(diff([0], [0, 1, 2], [[1], [2]]))).toStrictEqual([[1], [2]])
    expect(paths(diff([0], [0, { a: 1 }, 2], [[1, 'a'], [2]]))).toStrictEqual([[1], [2]])
  })

  test("a replica's transaction that sets a path under missing parents commits on the owner", async () => {
    const { owner, remote } = await pair({})
    await settles(remote.transaction((tx) => tx.set(['a', 'b', 'c'], [])), 'the transaction')
    expect(owner.state).toStrictEqual({ a: { b: { c: [] } } })
    expect(owner.version).toBe(1)
    expect(remote.state).toStrictEqual(owner.state)
  })

  test("a replica's transaction that creates parents and then removes the leaf commits the parents", async () => {
    const { owner, remote } = await pair({})
    await settles(
      remote.transaction((tx) => {
        tx.append(['p', 'c'])
        tx.delete(['p', 'c'])
      }),
      'the transaction',
    )
    expect(owner.state).toStrictEqual({ p: {} })
    expect(remote.state).toStrictEqual(owner.state)
  })

  test("items a replica's transaction appends to an array reach the owner in the order it wrote them", async () => {
    const { owner, remote } = await pair({})
    await owner.operate([], () => [{}])
    await converged(owner, [remote])
    await settles(
      remote.transaction((tx) => {
        tx.concat([1, 'a', 'a'] as any, [])
        tx.set([2] as any, {})
      }),
      'the transaction',
    )
    expect(owner.state).toStrictEqual([{}, { a: { a: [] } }, {}])
    expect(remote.state).toStrictEqual(owner.state)
  })

  test("the owner's nested sets reach the replica as patches, with no resync", async () => {
    const { owner, remote, side } = await pair({ keep: 1 })
    await owner.set(['x', 'y', 'z'], 1)
    await owner.set(['x', 'w', 0], 'a')
    await converged(owner, [remote])
    expect(remote.state).toStrictEqual({ keep: 1, x: { y: { z: 1 }, w: { 0: 'a' } } })
    expect(side.count('resync')).toBe(0)
    expect(side.count('snapshot', 'received')).toBe(1)
  })
})
