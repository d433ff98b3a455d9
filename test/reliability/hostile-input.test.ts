// Hostile input through the public API that test/core does not already cover: paths too long to
// build, arrays nested inside paths, indices far past the end, and a Proxy handed in as a path.

import { describe, expect, test } from 'vitest'
import { createDatastore, DatastoreError, fromJSON } from '../../src/index'
import { rejection } from './helpers'
import { loose } from '../shared'

const longPath = (length: number) => Array.from({ length }, () => 'k') as [string, ...string[]]

async function refused(promise: Promise<unknown>, code: string): Promise<DatastoreError> {
  const error = await rejection(promise)
  expect(error).toBeInstanceOf(DatastoreError)
  expect((error as DatastoreError).code).toBe(code)
  return error as DatastoreError
}

describe('paths', () => {
  test('a 100k-key path is refused, so no state grows deeper than toJSON can walk', async () => {
    const store = loose({ keep: 1 })
    const before = store.state
    const error = await refused(store.set(longPath(100_000), 1), 'INVALID_PATH')
    expect(error.message).toMatch(/at most 1000 keys/)
    await refused(store.init(longPath(1001), 1), 'INVALID_PATH')
    await refused(store.transaction((tx) => tx.set(longPath(100_000), 1)), 'INVALID_PATH')
    expect(() => store.get(longPath(100_000))).toThrow(DatastoreError)
    expect(store.state).toBe(before)
    expect(store.version).toBe(0)
  })

  test('the deepest state a path and a value can build together round-trips through JSON; one level more is refused', async () => {
    const store = loose({})
    await store.set(longPath(999), { d: 1 })
    const leaf = [...longPath(999), 'd'] as [string, ...string[]]
    expect(store.get(leaf)).toBe(1)
    expect(fromJSON(JSON.stringify(store)).get(leaf)).toBe(1)
    await refused(store.set(longPath(1000), { d: 1 }), 'INVALID_VALUE')
    expect(store.get(leaf)).toBe(1)
  })

  test('an array nested inside a path is INVALID_PATH for reads and writes', async () => {
    const store = loose({ a: { b: 1 } })
    await refused(store.set(['a', ['b']] as any, 2), 'INVALID_PATH')
    await refused(store.delete([['a']] as any), 'INVALID_PATH')
    expect(() => store.get(['a', ['b']] as any)).toThrow(DatastoreError)
    expect(() => store.subscribe(['a', ['b']] as any, () => {})).toThrow(DatastoreError)
    expect(store.state).toStrictEqual({ a: { b: 1 } })
  })

  test.each([2 ** 32, 2 ** 53, 1e21, Number.MAX_VALUE])('index %d on an array is refused, and makes no hole', async (index) => {
    const store = loose({ list: [1, 2] })
    await refused(store.set(['list', index], 3), 'INVALID_PATH')
    await refused(store.increment(['list', index]), 'INVALID_PATH')
    await refused(store.transaction((tx) => tx.set(['list', index], 3)), 'INVALID_PATH')
    expect(await store.delete(['list', index])).toBe(false)
    expect(store.get(['list', index], 'none')).toBe('none')
    expect(store.state).toStrictEqual({ list: [1, 2] })
    expect(store.version).toBe(0)
  })

  test('a Proxy path is read as the array it stands for, and cannot reach Object.prototype', async () => {
    const store = loose({ a: {} })
    const path = new Proxy(['a', 'b'], {})
    await store.set(path as any, 1)
    expect(store.state).toStrictEqual({ a: { b: 1 } })
    await refused(store.set(new Proxy(['a', '__proto__', 'polluted'], {}) as any, 1), 'FORBIDDEN_KEY')
    expect(Object.prototype).not.toHaveProperty('polluted')
  })

  test('a value whose Proxy traps throw, or a revoked Proxy, is INVALID_VALUE and commits nothing', async () => {
    const store = createDatastore<Record<string, any>>({ a: 1 })
    const trap = () => {
      throw new Error('trap')
    }
    const hostile = new Proxy({ x: 1 }, { getOwnPropertyDescriptor: trap, ownKeys: trap })
    const { proxy: revoked, revoke } = Proxy.revocable({ y: 1 }, {})
    revoke()
    const before = store.state
    const error = await refused(store.set('p', hostile), 'INVALID_VALUE')
    expect(error.path).toEqual(['p'])
    await refused(store.set(['q', 'r'], revoked), 'INVALID_VALUE')
    await refused(store.transaction((tx) => tx.append('list', hostile)), 'INVALID_VALUE')
    expect(store.state).toBe(before)
    expect(store.version).toBe(0)
  })
})

