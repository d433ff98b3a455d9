// Edge cases at the seams of the core: values Immer cannot draft, paths reused by their callers,
// drafts held across nested steps, odd options, and failures inside failure handling.

import { describe, expect, test, vi } from 'vitest'
import { createDatastore, DatastoreError, fromJSON } from '../../src/index'
import { expectDatastoreError, rejection } from './helpers'
import { loose } from '../shared'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('operate on values Immer cannot draft', () => {
  test('a Date is replaced by what the recipe returns, in a store and in a transaction', async () => {
    const store = loose({ d: new Date(0) })
    const next = await store.operate('d', (d) => new Date(d.getTime() + 5))
    expect(next).toEqual(new Date(5))
    expect(store.get('d')).toEqual(new Date(5))
    expect(Object.isFrozen(store.get('d'))).toBe(true)
    await store.transaction((tx) => tx.operate('d', () => new Date(9)))
    expect(store.get('d')).toEqual(new Date(9))
    expect(await store.operate('d', () => undefined)).toEqual(new Date(9))
  })

  test('a recipe that both changes its draft and returns a value is INVALID_VALUE at its path', async () => {
    const store = loose({ o: { a: 1 } })
    const error = await rejection(
      store.operate('o', (o) => {
        o.a = 2
        return { a: 3 }
      }),
    )
    expectDatastoreError(error, 'INVALID_VALUE', ['o'])
    expect(store.get('o')).toEqual({ a: 1 })
    expect(store.version).toBe(0)
  })
})

describe('a path array the caller reuses', () => {
  test('each queued write keeps the path it was called with', async () => {
    const store = loose({ list: ['-', '-', '-'] })
    const held = store.transaction(async () => sleep(5))
    const path: [string, number] = ['list', 0]
    const writes: Promise<unknown>[] = []
    for (let i = 0; i < 3; i++) {
      path[1] = i
      writes.push(store.set(path, `v${i}`))
    }
    await Promise.all([held, ...writes])
    expect(store.get('list')).toEqual(['v0', 'v1', 'v2'])
  })

  test('changing a key to __proto__ after the call cannot reach a prototype', async () => {
    const store = loose({})
    const held = store.transaction(async () => sleep(5))
    const path: [string, string, string] = ['x', 'safe', 'y']
    const write = store.set(path, 'value')
    path[1] = '__proto__'
    await Promise.all([held, write])
    expect(store.get(['x', 'safe', 'y'])).toBe('value')
    expect(Object.getPrototypeOf(store.get('x'))).toBe(Object.prototype)
    expect(({} as Record<string, unknown>).y).toBeUndefined()
  })
})

describe('tx.data held across nested steps', () => {
  test('a nested transaction leaves a held draft usable', async () => {
    const store = loose({ a: 0 })
    await store.transaction((tx) => {
      const data = tx.data
      data.a = 1
      tx.transaction(() => tx.set('b', 2))
      data.c = 3
    })
    expect(store.state).toEqual({ a: 1, b: 2, c: 3 })
  })

  test('a nested transaction that throws rolls back its own changes only, draft changes before it kept', async () => {
    const store = loose({ a: 0 })
    await store.transaction((tx) => {
      tx.data.a = 1
      expect(() =>
        tx.transaction(() => {
          tx.data.b = 2
          throw new Error('inner')
        }),
      ).toThrow('inner')
      tx.set('c', 3)
    })
    expect(store.state).toEqual({ a: 1, c: 3 })
  })

  test('operate on the root with a held draft commits the recipe result', async () => {
    const store = loose({ a: 1 })
    await store.transaction((tx) => {
      tx.data.a = 2
      tx.operate([], (root) => ({ ...root, b: root.a + 1 }))
    })
    expect(store.state).toEqual({ a: 2, b: 3 })
  })
})

describe('transaction options and arguments', () => {
  test('timeoutMs of Infinity, or longer than timers can wait, means no limit', async () => {
    const store = loose({ n: 0 })
    await store.transaction(async (tx) => {
      await sleep(20)
      tx.set('n', 1)
    }, { timeoutMs: Number.POSITIVE_INFINITY })
    await store.transaction(async (tx) => {
      await sleep(5)
      tx.set('n', 2)
    }, { timeoutMs: 2 ** 40 })
    expect(store.get('n')).toBe(2)
  })

  test('an abort reason that cannot be made a string still aborts and releases the store', async () => {
    const store = loose({ n: 0 })
    const controller = new AbortController()
    const held = store.transaction(async () => sleep(10_000), { signal: controller.signal })
    const queued = store.set('n', 1)
    await sleep(1)
    controller.abort(Object.create(null))
    expectDatastoreError(await rejection(held), 'ABORTED')
    await queued
    expect(store.get('n')).toBe(1)
  })

  test('null options are no options; a missing function or a foreign signal is TYPE_MISMATCH, as a rejection', async () => {
    const store = loose({ n: 0 })
    expect(await store.transaction((tx) => tx.increment('n'), null as never)).toBe(1)
    expectDatastoreError(await rejection(store.transaction(5 as never)), 'TYPE_MISMATCH', [])
    expectDatastoreError(await rejection(store.transaction(() => 1, { signal: {} as AbortSignal })), 'TYPE_MISMATCH', [])
    expect(store.version).toBe(1)
  })

  test('the view has initialState, as the store does', async () => {
    const store = loose({ n: 0 })
    await store.set('n', 1)
    expect(await store.transaction((tx) => tx.initialState)).toBe(store.initialState)
  })
})

describe('failed writes inside a transaction leave no trace', () => {
  test('a refused index under existing parents copies nothing', async () => {
    const store = loose({ a: { arr: [1, 2] }, other: 0 })
    const before = store.get('a')
    const listener = vi.fn()
    store.subscribe('a', listener)
    await store.transaction((tx) => {
      expect(() => tx.set(['a', 'arr', 5, 'x'], 1)).toThrow(DatastoreError)
      tx.set('other', 1)
    })
    expect(store.get('a')).toBe(before)
    expect(listener).not.toHaveBeenCalled()
    expect(store.get('other')).toBe(1)
  })
})

describe('keys', () => {
  test('a subscriber at a numeric key hears writes through its string spelling, fractions and negatives too', async () => {
    const store = loose({ o: {} })
    const listeners = [1.5, -1, 7].map((key) => {
      const listener = vi.fn()
      store.subscribe(['o', key], listener)
      return listener
    })
    await store.set(['o', '1.5'], 'a')
    await store.set(['o', '-1'], 'b')
    await store.set(['o', '7'], 'c')
    expect(listeners.map((listener) => listener.mock.calls)).toEqual([[['a', undefined]], [['b', undefined]], [['c', undefined]]])
  })

  test("the empty string is a key like any other, in paths as in values", async () => {
    const store = loose({ '': { '': 1 } })
    expect(store.get(['', ''])).toBe(1)
    await store.increment(['', ''])
    await store.set('', 5)
    expect(store.get('')).toBe(5)
  })
})

describe('depth', () => {
  test('a value written under a deep path counts the path toward the depth limit', async () => {
    const store = loose({})
    let value: Record<string, unknown> = {}
    for (let i = 0; i < 600; i++) value = { k: value }
    const error = await rejection(store.set(Array<string>(600).fill('p') as [string, ...string[]], value))
    expectDatastoreError(error, 'INVALID_VALUE', [...Array<string>(600).fill('p'), ...Array<string>(400).fill('k')])
    expect((error as Error).message).toMatch(/nested deeper than 1000 levels/)
    expect(store.version).toBe(0)
  })
})

describe('roots', () => {
  test.each([
    ['null', null],
    ['the text null', 'null'],
    ['a tagged undefined', { $undefined: true }],
    ['a number', 5],
  ])('fromJSON of %s is INVALID_VALUE that names fromJSON', (_name, input) => {
    let error: unknown
    try {
      fromJSON(input)
    } catch (e) {
      error = e
    }
    expectDatastoreError(error, 'INVALID_VALUE', [])
    expect((error as Error).message).toMatch(/^fromJSON \[\]: expected an object, array or Map as the root/)
  })

  test('createDatastore(null) is INVALID_VALUE; only a missing root means an empty object', () => {
    expect(() => createDatastore(null as never)).toThrow(DatastoreError)
    expect(createDatastore().state).toEqual({})
  })
})

describe('an onError that throws', () => {
  test('the other subscribers still run, the write resolves, and the failure is reported', async () => {
    const reportError = vi.fn()
    vi.stubGlobal('reportError', reportError)
    try {
      const store = createDatastore({ n: 0 }, {
        onError: () => {
          throw new Error('handler failed')
        },
      })
      const after = vi.fn()
      store.subscribe(() => {
        throw new Error('subscriber failed')
      })
      store.subscribe(after)
      await expect(store.set('n', 1)).resolves.toBeUndefined()
      expect(after).toHaveBeenCalledTimes(1)
      expect(reportError).toHaveBeenCalledWith(new Error('handler failed'))
    } finally {
      vi.unstubAllGlobals()
    }
  })
})

describe('what a transaction returns', () => {
  test('drafts inside a returned array or object come out as plain copies, as from produce', async () => {
    const store = loose({ a: { n: 1 }, b: [1, 2] })
    const [a, rest] = await store.transaction((tx) => {
      tx.data.a.n = 2
      return [tx.data.a, { b: tx.data.b, label: 'x' }] as const
    })
    expect(a).toEqual({ n: 2 })
    expect(rest).toEqual({ b: [1, 2], label: 'x' })
    expect(store.get('a')).toEqual({ n: 2 })
  })
})
