// Regressions found by the linearizability property: a commit that creates a path together with its
// parents must travel as one patch at the highest created parent, or the other side cannot apply it.
// And array diffs: items shifted by insertions and removals travel as those few patches, and any
// sequence of array edits, diffed and applied, gives exactly the new array.

import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { applyPatches } from '../../src/core/patch-apply'
import { diff, PatchOp } from '../../src/core/patches'
import { adopt } from '../../src/core/value'
import { Writer } from '../../src/core/writer'
import { bytes, isBridge, rejection } from '../worker/helpers'
import { converged, settles } from './helpers'
import { connectedPair, fuzz } from '../shared'

const FUZZ = fuzz(300, 120_000)

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
    const { owner, remote } = await settles(connectedPair<Record<string, any>>({}), 'connectDatastore')
    await settles(remote.transaction((tx) => tx.set(['a', 'b', 'c'], [])), 'the transaction')
    expect(owner.state).toStrictEqual({ a: { b: { c: [] } } })
    expect(owner.version).toBe(1)
    expect(remote.state).toStrictEqual(owner.state)
  })

  test("a replica's transaction that creates parents and then removes the leaf commits the parents", async () => {
    const { owner, remote } = await settles(connectedPair<Record<string, any>>({}), 'connectDatastore')
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
    const { owner, remote } = await settles(connectedPair<Record<string, any>>({}), 'connectDatastore')
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
    const { owner, remote, replicaWire: side } = await settles(connectedPair<Record<string, any>>({ keep: 1 }, { tap: 'replica' }), 'connectDatastore')
    await owner.set(['x', 'y', 'z'], 1)
    await owner.set(['x', 'w', 0], 'a')
    await converged(owner, [remote])
    expect(remote.state).toStrictEqual({ keep: 1, x: { y: { z: 1 }, w: { 0: 'a' } } })
    expect(side.count('resync')).toBe(0)
    expect(side.count('snapshot', 'received')).toBe(1)
  })
})

/** `prev` with `patches` applied, as a replica applies them. */
function patched(prev: unknown, patches: unknown[]): unknown {
  const writer = new Writer(prev)
  applyPatches(writer, patches)
  return writer.finish('patch')
}

/** Committed (sealed) state, as `diff` gets it. */
const committed = <T>(value: T): T => adopt('test', [], value) as T

const ids = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => ({ id: from + i }))

describe('array diffs', () => {
  test('a ring buffer step on 10,000 items is a removal and an insertion', async () => {
    const { owner, remote, replicaWire: side } = await settles(connectedPair<Record<string, any>>({ list: ids(0, 10_000) }, { tap: 'replica' }), 'connectDatastore')
    const prev = owner.state
    await owner.set('list', [...owner.state.list.slice(1), { id: 10_000 }])
    expect(diff(prev, owner.state, [['list']])).toStrictEqual([PatchOp.Remove, ['list', 0], undefined, PatchOp.Add, ['list', 9999], { id: 10_000 }])
    await converged(owner, [remote])
    expect(remote.state).toStrictEqual(owner.state)
    expect(remote.get(['list', 0])).toStrictEqual({ id: 1 })
    const update = side.received.filter((message) => isBridge(message) && message.patches?.length).at(-1)
    expect(bytes(update)).toBeLessThan(200)
    expect(side.count('resync')).toBe(0)
  })

  test('a removal in the middle and an append are two patches', async () => {
    const { owner, remote, replicaWire: side } = await settles(connectedPair<Record<string, any>>({ list: ids(0, 100) }, { tap: 'replica' }), 'connectDatastore')
    const prev = owner.state
    const next = [...owner.state.list]
    next.splice(50, 1)
    next.push({ id: 100 })
    await owner.set('list', next)
    expect(diff(prev, owner.state, null)).toStrictEqual([PatchOp.Remove, ['list', 50], undefined, PatchOp.Add, ['list', 99], { id: 100 }])
    await converged(owner, [remote])
    expect(remote.state).toStrictEqual(owner.state)
    expect(side.count('resync')).toBe(0)
  })

  test('an item moved forward or back, near or far, is a removal and an insertion', async () => {
    const { owner, remote, replicaWire: side } = await settles(connectedPair<Record<string, any>>({ list: ids(0, 100) }, { tap: 'replica' }), 'connectDatastore')
    for (const [from, to] of [[10, 80], [80, 10], [3, 5], [5, 3], [0, 99], [99, 0]] as const) {
      const prev = owner.state
      const next = [...prev.list]
      next.splice(to, 0, ...next.splice(from, 1))
      await owner.set('list', next)
      const patches = diff(prev, owner.state, [['list']])
      expect(patches.filter((_, i) => i % 3 === 0).sort()).toStrictEqual([PatchOp.Add, PatchOp.Remove])
      expect(patched(prev, patches)).toStrictEqual(owner.state)
    }
    await converged(owner, [remote])
    expect(remote.state).toStrictEqual(owner.state)
    expect(side.count('resync')).toBe(0)
  })

  test('a run of insertions or removals is one patch per item, until they would weigh more than a quarter of the array', () => {
    const list = committed(ids(0, 200))
    const inserted = committed([...list.slice(0, 10), ...ids(1000, 1030), ...list.slice(10)])
    const insert = diff(list, inserted, null)
    expect(insert).toHaveLength(30 * 3)
    expect(insert.filter((_, i) => i % 3 === 0)).toStrictEqual(Array(30).fill(PatchOp.Add))
    expect(patched(list, insert)).toStrictEqual(inserted)
    const remove = diff(inserted, list, null)
    expect(remove).toStrictEqual(Array.from({ length: 30 }, () => [PatchOp.Remove, [10], undefined]).flat())
    const half = committed(list.slice(100))
    expect(diff(list, half, null)).toStrictEqual([PatchOp.Replace, [], half])
  })

  test('edits that would move too many items to apply are one Replace', () => {
    const big = committed(ids(0, 100_000))
    // One item inserted after every 500th: 200 patches, each moving up to 100,000 items on arrival.
    const spread = committed(big.flatMap((item, i) => (i % 500 === 499 ? [item, { id: -i }] : [item])))
    expect(diff(big, spread, null)).toStrictEqual([PatchOp.Replace, [], spread])
    // Adjacent pairs swapped: a patch per item would weigh more than the array.
    const swapped = committed(big.map((_, i) => big[i % 2 ? i - 1 : i + 1]!))
    expect(diff(big, swapped, null)).toStrictEqual([PatchOp.Replace, [], swapped])
    // A few far apart stay patches.
    const few = committed([...big.slice(0, 50_000), { id: -1 }, ...big.slice(50_000, 99_999)])
    expect(diff(big, few, null)).toStrictEqual([PatchOp.Add, [50_000], { id: -1 }, PatchOp.Remove, [100_000], undefined])
  })

  test('an item changed in place is diffed in place; a shuffle costlier than the array is one Replace', () => {
    const list = committed([{ id: 0, tags: ['a'] }, { id: 1, tags: ['b'] }])
    expect(diff(list, committed([list[0], { ...list[1]!, tags: ['b', 'c'] }]), null)).toStrictEqual([PatchOp.Add, [1, 'tags', 1], 'c'])
    expect(diff(committed({ l: [1, 2, 3] }), committed({ l: [3, 2, 1] }), null)).toStrictEqual([PatchOp.Replace, ['l'], [3, 2, 1]])
  })

  test('any array edits, diffed and applied (here and on a replica), give exactly the new array', async () => {
    type Item = number | { id: number } | number[]
    const item: fc.Arbitrary<Item> = fc.oneof(fc.nat(5), fc.nat(5).map((id) => ({ id })), fc.array(fc.nat(3), { maxLength: 3 }))
    const items = (most: number) => fc.array(item, { maxLength: most })
    const edit = fc.oneof(
      fc.tuple(fc.constant('splice' as const), fc.nat(), fc.nat(24), items(24)),
      fc.tuple(fc.constant('push' as const), items(3)),
      fc.tuple(fc.constant('unshift' as const), items(3)),
      fc.tuple(fc.constantFrom('shift' as const, 'sort' as const, 'reverse' as const)),
      fc.tuple(fc.constant('set' as const), fc.nat(), item),
      fc.tuple(fc.constant('change' as const), fc.nat()),
      fc.tuple(fc.constant('move' as const), fc.nat(), fc.nat()),
      fc.tuple(fc.constant('ring' as const), item),
    )
    type Edit = typeof edit extends fc.Arbitrary<infer E> ? E : never
    const run = (list: Item[], [op, a, b, c]: Edit) => {
      const at = (n: unknown, extra = 0) => (n as number) % (list.length + extra)
      switch (op) {
        case 'splice':
          return void list.splice(at(a, 1), b as number, ...(c as Item[]))
        case 'push':
          return void list.push(...(a as Item[]))
        case 'unshift':
          return void list.unshift(...(a as Item[]))
        case 'shift':
          return void list.shift()
        case 'sort':
          return void list.sort((x, y) => (JSON.stringify(x) < JSON.stringify(y) ? -1 : 1))
        case 'reverse':
          return void list.reverse()
        case 'set':
          if (list.length) list[at(a)] = b as Item
          return
        case 'change': {
          if (!list.length) return
          const old = list[at(a)]!
          list[at(a)] = typeof old === 'number' ? old + 1 : Array.isArray(old) ? [...old, 1] : { id: old.id + 1 }
          return
        }
        case 'move':
          if (list.length) list.splice(at(b), 0, ...list.splice(at(a), 1))
          return
        case 'ring':
          list.shift()
          return void list.push(a as Item)
      }
    }
    const { owner, remote, replicaWire: side } = await settles(connectedPair<Record<string, any>>({ list: [] }, { tap: 'replica' }), 'connectDatastore')
    const seen = { commits: 0, replaced: 0, shifted: 0 }
    await fc.assert(
      fc.asyncProperty(items(60), fc.array(fc.array(edit, { minLength: 1, maxLength: 3 }), { maxLength: 6 }), async (start, steps) => {
        await owner.set('list', start)
        for (const step of steps) {
          const prev = owner.state
          const list = [...prev.list]
          for (const one of step) run(list, one)
          await owner.set('list', list)
          const patches = diff(prev, owner.state, null)
          expect(patched(prev, patches)).toStrictEqual(owner.state)
          // Patches at the array's level never weigh more than a quarter of its items: past that, one Replace.
          expect(patches.filter((path, i) => i % 3 === 1 && (path as unknown[]).length <= 2).length).toBeLessThanOrEqual(Math.max(16, Math.max(prev.list.length, list.length) / 4))
          seen.commits++
          if (patches[0] === PatchOp.Replace && (patches[1] as unknown[]).length === 1) seen.replaced++
          const ops = patches.filter((_, i) => i % 3 === 0)
          if (ops.includes(PatchOp.Remove) && ops.includes(PatchOp.Add)) seen.shifted++
        }
        await converged(owner, [remote])
        expect(remote.state).toStrictEqual(owner.state)
      }),
      { numRuns: FUZZ.runs },
    )
    // Both ways out of the walk happen: patches for shifted items, and the fallback to one Replace.
    expect(seen.commits).toBeGreaterThan(300)
    expect(seen.replaced).toBeGreaterThan(10)
    expect(seen.shifted).toBeGreaterThan(10)
    expect(side.count('resync')).toBe(0)
  }, FUZZ.timeout)
})

describe('values that are equal but not the same', () => {
  test('-0 written over 0, in an object and in an array, reaches the replica', async () => {
    const { owner, remote, replicaWire: side } = await settles(connectedPair<Record<string, any>>({ x: 0, list: [1, 0, 2] }, { tap: 'replica' }), 'connectDatastore')
    await owner.set('x', -0)
    await owner.set(['list', 1], -0)
    await converged(owner, [remote])
    expect(Object.is(remote.get('x'), -0)).toBe(true)
    expect(Object.is(remote.get(['list', 1]), -0)).toBe(true)
    expect(side.count('resync')).toBe(0)
  })
})

describe('paths that look alike', () => {
  test('a key holding \\u0000 does not hide a change under the keys it spells', async () => {
    const { owner, remote, replicaWire: side } = await settles(connectedPair<Record<string, any>>({ a: { b: { c: 1 } }, 'a\u0000b': 1 }, { tap: 'replica' }), 'connectDatastore')
    await owner.transaction((tx) => {
      tx.set('a\u0000b', 2)
      tx.set(['a', 'b', 'c'], 5)
    })
    await converged(owner, [remote])
    expect(remote.state).toStrictEqual({ a: { b: { c: 5 } }, 'a\u0000b': 2 })
    expect(side.count('resync')).toBe(0)
  })

  test('a Map tells the key 1 from the key "1", and a replica gets both changes', async () => {
    const { owner, remote, replicaWire: side } = await settles(connectedPair<Record<string, any>>({ m: new Map<unknown, string>([[1, 'num'], ['1', 'str']]) }, { tap: 'replica' }), 'connectDatastore')
    await owner.transaction((tx) => {
      tx.set(['m', 1], 'NUM')
      tx.set(['m', '1'], 'STR')
    })
    await converged(owner, [remote])
    expect([...remote.get('m').entries()]).toStrictEqual([[1, 'NUM'], ['1', 'STR']])
    expect(side.count('resync')).toBe(0)
  })

  test('an object key written as 0 and as "0" in one commit is one path', async () => {
    const { owner, remote, replicaWire: side } = await settles(connectedPair<Record<string, any>>({ o: { 0: 'zero', 1: 'one' } as Record<string, string> }, { tap: 'replica' }), 'connectDatastore')
    const prev = owner.state
    await owner.transaction((tx) => {
      tx.set(['o', 0 as never], 'ZERO')
      tx.delete(['o', '0'])
      tx.delete(['o', 1 as never])
      tx.set(['o', '1'], 'ONE')
    })
    expect(diff(prev, owner.state, [['o', 0], ['o', '0'], ['o', 1], ['o', '1']])).toStrictEqual([PatchOp.Remove, ['o', '0'], undefined, PatchOp.Replace, ['o', '1'], 'ONE'])
    await converged(owner, [remote])
    expect(remote.state).toStrictEqual({ o: { 1: 'ONE' } })
    expect(side.count('resync')).toBe(0)
  })

  test('20,000 keys created in one commit are 20,000 patches', async () => {
    const { owner, remote } = await settles(connectedPair<Record<string, any>>({ keys: {} as Record<string, number> }), 'connectDatastore')
    const prev = owner.state
    await owner.transaction((tx) => {
      for (let i = 0; i < 20_000; i++) tx.set(['keys', `k${i}`], i)
    })
    expect(diff(prev, owner.state, Array.from({ length: 20_000 }, (_, i) => ['keys', `k${i}`]))).toHaveLength(20_000 * 3)
    await converged(owner, [remote])
    expect(remote.get(['keys', 'k19999'])).toBe(19_999)
  })
})

describe('a state the replica cannot take in', () => {
  test('closes the connection with a reason instead of asking for snapshots forever', async () => {
    const { owner, remote, replicaWire: side } = await settles(connectedPair<Record<string, any>>({ n: 0 }, { tap: 'replica' }), 'connectDatastore')
    const nested = (depth: number) => {
      let value: unknown = 0
      for (let i = 0; i < depth; i++) value = { v: value }
      return value
    }
    // A sealed subtree moved under a long path: the owner keeps it, the replica refuses it as too deep.
    await owner.set('a', nested(500))
    const long = ['k', ...Array.from({ length: 519 }, (_, i) => `k${i}`)] as const
    await owner.set(long, owner.get('a'))
    const error = await rejection(remote.increment('n'))
    expect(error).toMatchObject({ code: 'DISCONNECTED' })
    expect(error.message).toMatch(/cannot be copied here/)
    expect(remote.connected).toBe(false)
    expect(side.count('resync')).toBe(1)
  })
})

describe('Set diffs', () => {
  test('one element added to or removed from a 10,000-element Set is one small patch', async () => {
    const { owner, remote, replicaWire: side } = await settles(connectedPair<Record<string, any>>({ ids: new Set(Array.from({ length: 10_000 }, (_, i) => i)) }, { tap: 'replica' }), 'connectDatastore')
    const start = owner.state
    await owner.set('ids', new Set([...owner.get('ids'), 10_000]))
    expect(diff(start, owner.state, [['ids']])).toStrictEqual([PatchOp.Elements, ['ids'], [[], [10_000]]])
    const added = owner.state
    await owner.operate('ids', (ids: Set<number>) => void ids.delete(0))
    expect(diff(added, owner.state, [['ids']])).toStrictEqual([PatchOp.Elements, ['ids'], [[0], []]])
    await converged(owner, [remote])
    expect(remote.get('ids')).toStrictEqual(owner.get('ids'))
    const update = side.received.filter((message) => isBridge(message) && message.patches?.length).at(-1)
    expect(bytes(update)).toBeLessThan(200)
    expect(side.count('resync')).toBe(0)
  })

  test('a Set whose kept elements changed order travels whole, so that the replica keeps its order', async () => {
    const { owner, remote } = await settles(connectedPair<Record<string, any>>({ s: new Set(['b', 'c']) }), 'connectDatastore')
    const start = owner.state
    await owner.set('s', new Set(['a', 'b', 'c']))
    expect(diff(start, owner.state, [['s']])).toStrictEqual([PatchOp.Replace, ['s'], owner.get('s')])
    await converged(owner, [remote])
    expect([...remote.get('s')]).toStrictEqual(['a', 'b', 'c'])
  })

  test('a Set of objects, or one that changes as much as it holds, travels whole', () => {
    const tags = committed({ s: new Set([{ id: 1 }]) })
    const more = committed({ s: new Set([...tags.s, { id: 2 }]) })
    expect(diff(tags, more, null)).toStrictEqual([PatchOp.Replace, ['s'], more.s])
    const small = committed({ s: new Set([1, 2]) })
    const other = committed({ s: new Set([3, 4]) })
    expect(diff(small, other, null)).toStrictEqual([PatchOp.Replace, ['s'], other.s])
  })

  test('an element patch that removes what is not there is refused, and changes nothing', () => {
    const state = committed({ s: new Set([1, 2]) })
    const writer = new Writer(state)
    expect(() => applyPatches(writer, [PatchOp.Elements, ['s'], [[3], []]])).toThrow(expect.objectContaining({ code: 'PATH_NOT_FOUND', path: ['s'] }))
    expect(() => applyPatches(writer, [PatchOp.Elements, ['s'], 'nothing'])).toThrow(expect.objectContaining({ code: 'INVALID_VALUE' }))
    expect(state.s).toStrictEqual(new Set([1, 2]))
  })

  test('any adds and deletes on a Set of primitives, diffed and applied, give exactly the new Set (property)', () => {
    const element = fc.oneof(fc.integer({ min: -5, max: 20 }), fc.constantFrom('a', 'b', 'c', ''), fc.boolean(), fc.constant(null))
    fc.assert(
      fc.property(fc.array(element, { maxLength: 20 }), fc.array(fc.tuple(fc.boolean(), element), { maxLength: 12 }), (start, edits) => {
        const prev = committed({ s: new Set(start) })
        const set = new Set(prev.s)
        for (const [add, item] of edits) add ? set.add(item) : set.delete(item)
        const next = committed({ s: set })
        const patches = diff(prev, next, [['s']])
        // The same elements, in the same order.
        expect([...(patched(prev, patches) as typeof next).s]).toStrictEqual([...next.s])
      }),
      { numRuns: FUZZ.runs },
    )
  }, FUZZ.timeout)
})
