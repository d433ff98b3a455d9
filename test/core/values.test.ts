import { describe, expect, test } from 'vitest'
import { createDatastore, DatastoreError, fromJSON } from '../../src/index'
import { expectRejection, rejection } from './helpers'
import { loose } from '../shared'


describe('plain data', () => {
  test('objects, arrays, strings, finite numbers, booleans, null and undefined are stored', async () => {
    const store = loose()
    const value = { s: 'x', n: -1.5, z: 0, t: true, f: false, nil: null, u: undefined, list: [1, 'two', [3]], o: { deep: {} } }
    await store.set('v', value)
    expect(store.get('v')).toStrictEqual(value)
  })

  test('objects without a prototype are plain data', async () => {
    const store = loose()
    const bare = Object.assign(Object.create(null) as Record<string, number>, { a: 1 })
    await store.set('bare', bare)
    expect(store.get(['bare', 'a'])).toBe(1)
    expect(Object.getPrototypeOf(store.get('bare'))).toBeNull()
  })

  test('Map, Set and Date are stored as copies', async () => {
    const store = loose()
    const map = new Map<string | number, unknown>([['a', { n: 1 }], [2, 'two']])
    const set = new Set([1, 'x', { y: 1 }])
    const date = new Date('2024-05-06T07:08:09.010Z')
    await store.set('v', { map, set, date })
    const stored = store.get('v')
    expect(stored.map).toEqual(map)
    expect(stored.map).not.toBe(map)
    expect(stored.set).toEqual(set)
    expect(stored.set).not.toBe(set)
    expect(stored.date).toEqual(date)
    expect(stored.date).not.toBe(date)
    expect(stored.date).toBeInstanceOf(Date)
  })
})

describe("the caller's objects", () => {
  test('are never frozen', async () => {
    const store = loose()
    const value = { a: { b: [1, { c: 2 }] }, m: new Map([['k', { v: 1 }]]), s: new Set([{ w: 1 }]) }
    await store.set('v', value)
    await store.append('list', value.a)
    await store.init('i', value)
    await store.concat('c', [value])
    await store.operate('v', () => value)
    await store.transaction((tx) => {
      tx.set('t', value)
      tx.data.d = value
    })
    expect(Object.isFrozen(value)).toBe(false)
    expect(Object.isFrozen(value.a)).toBe(false)
    expect(Object.isFrozen(value.a.b)).toBe(false)
    expect(Object.isFrozen(value.a.b[1])).toBe(false)
    expect(Object.isFrozen(value.m)).toBe(false)
    value.m.set('other', { v: 2 })
    value.s.add({ w: 2 })
    expect(value.m.size).toBe(2)
    expect(value.s.size).toBe(2)
  })

  test('are never aliased: changing them later does not change the store', async () => {
    const store = loose()
    const value = { a: { b: [1] }, m: new Map([['k', 1]]), s: new Set([1]), d: new Date(0) }
    await store.set('v', value)
    await store.init('v2', value)
    await store.set('v4', 0)
    await store.operate('v4', () => value)
    await store.transaction((tx) => {
      tx.data.v3 = value
    })
    const expected = { a: { b: [1] }, m: new Map([['k', 1]]), s: new Set([1]), d: new Date(0) }
    value.a.b.push(2)
    value.m.set('k', 2)
    value.s.add(2)
    value.d.setTime(5)
    expect(store.get('v')).toEqual(expected)
    expect(store.get('v2')).toEqual(expected)
    expect(store.get('v3')).toEqual(expected)
    expect(store.get('v4')).toEqual(expected)
    expect(store.get(['v', 'a'])).not.toBe(value.a)
  })

  test('are copied when the mutation is issued, even while it waits in the queue', async () => {
    const store = loose()
    let release!: () => void
    const held = store.transaction(() => new Promise<void>((resolve) => (release = resolve)))
    const value = { n: 1 }
    const queued = store.set('v', value)
    value.n = 2
    release()
    await held
    await queued
    expect(store.get('v')).toEqual({ n: 1 })
  })
})

describe('committed state', () => {
  test('is frozen all the way down', async () => {
    const store = loose({ a: { b: [{ c: 1 }] } })
    await store.set('x', { y: [1, { z: 2 }] })
    const state = store.state
    for (const node of [state, state.a, state.a.b, state.a.b[0], state.x, state.x.y, state.x.y[1]]) {
      expect(Object.isFrozen(node)).toBe(true)
    }
    expect(() => {
      state.a.b[0].c = 2
    }).toThrow(TypeError)
    expect(() => state.x.y.push(3)).toThrow(TypeError)
  })

  test('Maps and Sets refuse changes', () => {
    const store = loose({ m: new Map([['a', 1]]), s: new Set([1]) })
    const map = store.get('m') as Map<string, number>
    const set = store.get('s') as Set<number>
    expect(Object.isFrozen(map)).toBe(true)
    expect(() => map.set('b', 2)).toThrow(TypeError)
    expect(() => map.delete('a')).toThrow(TypeError)
    expect(() => map.clear()).toThrow(TypeError)
    expect(() => set.add(2)).toThrow(TypeError)
    expect(() => set.delete(1)).toThrow(TypeError)
    expect(() => set.clear()).toThrow(TypeError)
    expect(map).toEqual(new Map([['a', 1]]))
    expect(set).toEqual(new Set([1]))
  })

  test('Dates refuse changes', () => {
    const store = loose({ when: new Date(0) })
    const when = store.get('when') as Date
    expect(Object.isFrozen(when)).toBe(true)
    expect(() => when.setTime(5)).toThrow(TypeError)
    expect(() => when.setFullYear(2000)).toThrow(TypeError)
    expect(() => when.setUTCHours(3)).toThrow(TypeError)
    expect(when.getTime()).toBe(0)
    expect(store.get('when')).toEqual(new Date(0))
  })

  test('a mutator result is frozen committed state too', async () => {
    const store = loose({ list: [1] })
    const list = await store.concat('list', [2])
    const made = await store.init('obj', { a: { b: 1 } })
    expect(Object.isFrozen(list)).toBe(true)
    expect(Object.isFrozen(made)).toBe(true)
    expect(Object.isFrozen(made.a)).toBe(true)
  })
})

describe('structural sharing', () => {
  test('unchanged subtrees keep their identity', async () => {
    const store = loose({ a: { x: { deep: 1 } }, b: { y: [1, 2] }, list: [{ id: 1 }, { id: 2 }] })
    const before = store.state
    await store.set(['a', 'x', 'deep'], 2)
    expect(store.state).not.toBe(before)
    expect(store.state.a).not.toBe(before.a)
    expect(store.state.b).toBe(before.b)
    expect(store.state.list).toBe(before.list)
    await store.set(['list', 1, 'id'], 3)
    expect(store.state.list[0]).toBe(before.list[0])
    expect(store.state.b).toBe(before.b)
  })

  test('operate and transactions share structure the same way', async () => {
    const store = loose({ a: { n: 1 }, b: { n: 2 }, c: { items: [{ k: 1 }, { k: 2 }] } })
    const before = store.state
    await store.operate('c', (c: { items: { k: number }[] }) => {
      c.items[1]!.k = 3
    })
    expect(store.state.a).toBe(before.a)
    expect(store.state.c.items[0]).toBe(before.c.items[0])
    const middle = store.state
    await store.transaction((tx) => {
      tx.data.a.n = 5
    })
    expect(store.state.b).toBe(middle.b)
    expect(store.state.c).toBe(middle.c)
  })

  test('moving a subtree of the state keeps its identity', async () => {
    const store = loose({ from: { big: { list: [1, 2, 3] } } })
    const big = store.get(['from', 'big'])
    await store.set('to', big)
    await store.delete('from')
    expect(store.get('to')).toBe(big)
    await store.set('wrapped', { inner: big, extra: 1 })
    expect(store.get(['wrapped', 'inner'])).toBe(big)
    await store.append('many', big, big)
    expect(store.get(['many', 0])).toBe(big)
    expect(store.get(['many', 1])).toBe(big)
  })

  test('a frozen subtree of another store is taken as it is', async () => {
    const other = loose({ x: { n: 1 } })
    const store = loose()
    await store.set('y', other.get('x'))
    await other.set(['x', 'n'], 2)
    expect(store.get('y')).toEqual({ n: 1 })
    expect(Object.isFrozen(store.get('y'))).toBe(true)
  })
})

describe('refused values: INVALID_VALUE, naming where', () => {
  class Point {
    x = 1
  }
  const refused: [string, () => unknown, (string | number)[]][] = [
    ['a function', () => ({ f: () => 1 }), ['f']],
    ['a symbol', () => ({ s: Symbol('x') }), ['s']],
    ['a class instance', () => ({ p: new Point() }), ['p']],
    ['an object with a foreign prototype', () => ({ o: Object.create({ inherited: 1 }) }), ['o']],
    ['a cycle', () => cyclic(), ['next', 'next', 'next']],
    ['a sparse array', () => ({ list: [1, , 3] }), ['list']],
    ['NaN', () => ({ n: Number.NaN }), ['n']],
    ['Infinity', () => ({ n: Number.POSITIVE_INFINITY }), ['n']],
    ['-Infinity', () => ({ n: Number.NEGATIVE_INFINITY }), ['n']],
    ['a BigInt', () => ({ n: 10n }), ['n']],
    ['an invalid Date', () => ({ d: new Date(Number.NaN) }), ['d']],
    ['a Map with an object key', () => ({ m: new Map([[{}, 1]]) }), ['m']],
    ['a function inside a Map', () => ({ m: new Map([['k', () => 1]]) }), ['m', 'k']],
    ['a function inside a Set', () => ({ s: new Set([1, () => 1]) }), ['s', 1]],
    ['a function deep inside an array', () => ({ list: [{ ok: 1 }, { bad: [() => 1] }] }), ['list', 1, 'bad', 0]],
    ['symbol keys', () => ({ o: { [Symbol('k')]: 1 } }), ['o']],
    ['a WeakMap', () => ({ w: new WeakMap() }), ['w']],
    ['a RegExp', () => ({ r: /x/ }), ['r']],
    ['a typed array', () => ({ b: new Uint8Array(2) }), ['b']],
    ['a Promise', () => ({ p: Promise.resolve(1) }), ['p']],
  ]

  function cyclic() {
    const a: Record<string, unknown> = { name: 'a' }
    const b: Record<string, unknown> = { name: 'b', next: a }
    a.next = b
    return { next: a }
  }

  test.each(refused)('%s is refused by set, with the path to it', async (_name, make, where) => {
    const store = loose({ keep: 1 })
    const error = await expectRejection(store.set(['v'], make()), 'INVALID_VALUE', ['v', ...where])
    expect(error.message).toMatch(/expected/)
    expect(store.state).toEqual({ keep: 1 })
    expect(store.version).toBe(0)
  })

  test.each(refused)('%s is refused by every other way in', async (_name, make) => {
    const store = loose({ keep: 1, list: [] })
    const attempts: Promise<unknown>[] = [
      store.init('v', make()),
      store.append('list', make()),
      store.concat('list', [make()]),
      store.operate('keep', () => make()),
      store.transaction((tx) => tx.set('v', make())),
      store.transaction((tx) => {
        tx.data.v = make()
      }),
    ]
    for (const attempt of attempts) {
      const error = await attempt.catch((e: unknown) => e)
      expect(error).toBeInstanceOf(DatastoreError)
      expect((error as DatastoreError).code).toBe('INVALID_VALUE')
    }
    expect(() => createDatastore(make() as object)).toThrow(DatastoreError)
    expect(store.state).toEqual({ keep: 1, list: [] })
  })

  test('a getter is refused and never called', async () => {
    const store = loose()
    let calls = 0
    const value = {
      plain: 1,
      get sneaky() {
        calls++
        return 2
      },
    }
    await expectRejection(store.set('v', value), 'INVALID_VALUE', ['v', 'sneaky'])
    await expectRejection(store.set('v', { nested: [value] }), 'INVALID_VALUE', ['v', 'nested', 0, 'sneaky'])
    await store.operate('v', () => value).catch(() => {})
    await store.transaction((tx) => {
      tx.data.v = value
    }).catch(() => {})
    expect(() => createDatastore({ value })).toThrow(DatastoreError)
    expect(calls).toBe(0)
    expect(store.state).toEqual({})
  })

  test('an array getter is refused and never called', async () => {
    const store = loose()
    let calls = 0
    const list = [1, 2]
    Object.defineProperty(list, 1, {
      get() {
        calls++
        return 2
      },
      enumerable: true,
    })
    await expectRejection(store.set('list', list), 'INVALID_VALUE', ['list', 1])
    expect(calls).toBe(0)
  })

  test('a 100k-deep nested value is refused, not a stack overflow', async () => {
    let deep: Record<string, unknown> = {}
    for (let i = 0; i < 100_000; i++) deep = { d: deep }
    const store = loose({ keep: 1 })
    const error = (await rejection(store.set('deep', deep))) as DatastoreError
    expect(error).toBeInstanceOf(DatastoreError)
    expect(error.code).toBe('INVALID_VALUE')
    expect(error.message).toMatch(/nested deeper than 1000 levels/)
    expect(error.path).toEqual(['deep', ...Array<string>(999).fill('d')])
    const viaOperate = await store.operate('keep', () => deep).catch((e: unknown) => e)
    expect((viaOperate as DatastoreError).code).toBe('INVALID_VALUE')
    const viaDraft = await store.transaction((tx) => {
      tx.data.deep = deep
    }).catch((e: unknown) => e)
    expect((viaDraft as DatastoreError).code).toBe('INVALID_VALUE')
    expect(() => createDatastore(deep)).toThrow(/nested deeper than/)
    let deepList: unknown[] = []
    for (let i = 0; i < 100_000; i++) deepList = [deepList]
    expect(() => fromJSON({ deepList })).toThrow(/nested deeper than/)
    expect(store.state).toEqual({ keep: 1 })
  })

  test('the same object twice (not a cycle) is fine and stored as two copies', async () => {
    const store = loose()
    const shared = { n: 1 }
    await store.set('v', { a: shared, b: shared })
    expect(store.get('v')).toEqual({ a: { n: 1 }, b: { n: 1 } })
  })
})

describe('forbidden keys inside values: FORBIDDEN_KEY, Object.prototype untouched', () => {
  const keys = ['__proto__', 'constructor', 'prototype'] as const

  test.each(keys)('%s as an object key inside a value', async (key) => {
    const store = loose({ keep: 1 })
    const value = JSON.parse(`{"ok": 1, "inner": {"${key}": {"polluted": "yes"}}}`) as unknown
    await expectRejection(store.set('v', value), 'FORBIDDEN_KEY', ['v', 'inner', key])
    await expectRejection(store.append('list', value), 'FORBIDDEN_KEY', ['list', 0, 'inner', key])
    const viaOperate = await store.operate('keep', () => value).catch((e: unknown) => e)
    expect((viaOperate as DatastoreError).code).toBe('FORBIDDEN_KEY')
    const viaTransaction = await store.transaction((tx) => {
      ;(tx.data as Record<string, unknown>).v = value
    }).catch((e: unknown) => e)
    expect((viaTransaction as DatastoreError).code).toBe('FORBIDDEN_KEY')
    expect(() => createDatastore(value as object)).toThrow(DatastoreError)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(store.state).toEqual({ keep: 1 })
  })

  test.each(keys)('%s as a Map key inside a value', async (key) => {
    const store = loose()
    await expectRejection(store.set('m', new Map([[key, { polluted: 'yes' }]])), 'FORBIDDEN_KEY', ['m', key])
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  test('an own __proto__ key set through a recipe is refused', async () => {
    const store = loose({ o: {} })
    const viaRecipe = await store.operate('o', () => JSON.parse('{"__proto__": {"polluted": "yes"}}')).catch((e: unknown) => e)
    expect((viaRecipe as DatastoreError).code).toBe('FORBIDDEN_KEY')
    const viaConstructor = await store.operate('o', (o: Record<string, unknown>) => {
      Reflect.set(o, 'constructor', { prototype: { polluted: 'yes' } })
    }).catch((e: unknown) => e)
    expect((viaConstructor as DatastoreError).code).toBe('FORBIDDEN_KEY')
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(Object.prototype.constructor).toBe(Object)
    expect(store.get('o')).toEqual({})
  })
})
