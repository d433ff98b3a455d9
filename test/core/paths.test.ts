import { describe, expect, test } from 'vitest'
import { createDatastore, DatastoreError, formatPath, type Key } from '../../src/index'
import { expectRejection, expectThrown, rejection } from './helpers'
import { loose } from '../shared'


describe('string paths', () => {
  test('a string is exactly one top-level key: dots are not split', async () => {
    const store = loose({ a: { b: 1 } })
    await store.set('a.b', 2)
    expect(store.get('a.b')).toBe(2)
    expect(store.get(['a', 'b'])).toBe(1)
    expect(store.state).toEqual({ a: { b: 1 }, 'a.b': 2 })
  })

  test('a string and a one-key array name the same place', async () => {
    const store = loose()
    await store.set('k', 1)
    expect(store.get(['k'])).toBe(1)
    await store.set(['k'], 2)
    expect(store.get('k')).toBe(2)
  })

  test('keys with spaces, brackets and unicode are plain keys', async () => {
    const store = loose()
    await store.set(['a b', '[0]', 'ключ', '🔑'], 1)
    expect(store.state).toEqual({ 'a b': { '[0]': { ключ: { '🔑': 1 } } } })
  })
})

describe('array paths', () => {
  test('walk from the root; [] is the root', async () => {
    const store = loose({ user: { profile: { score: 1 } } })
    expect(store.get(['user', 'profile', 'score'])).toBe(1)
    expect(store.get([])).toBe(store.state)
  })

  test('the caller’s path array is never changed', async () => {
    const store = loose()
    const path = ['a', 'b'] as const
    await store.set(path, 1)
    await store.delete(path)
    expect(path).toEqual(['a', 'b'])
  })

  test('numbers index arrays', async () => {
    const store = loose({ rows: [{ v: 'a' }, { v: 'b' }] })
    expect(store.get(['rows', 1, 'v'])).toBe('b')
    await store.set(['rows', 0, 'v'], 'z')
    expect(store.get(['rows', 0, 'v'])).toBe('z')
  })

  test('an array is indexed by a non-negative integer only', async () => {
    const store = loose({ rows: ['a', 'b'] })
    expect(store.get(['rows', '1'], 'fb')).toBe('fb')
    expect(store.get(['rows', -1], 'fb')).toBe('fb')
    expect(store.get(['rows', 0.5], 'fb')).toBe('fb')
    await expectRejection(store.set(['rows', '1'], 'x'), 'INVALID_PATH', ['rows', '1'])
    await expectRejection(store.set(['rows', -1], 'x'), 'INVALID_PATH', ['rows', -1])
    await expectRejection(store.set(['rows', 1.5], 'x'), 'INVALID_PATH', ['rows', 1.5])
    expect(store.get('rows')).toEqual(['a', 'b'])
  })

  test('a number names the same property of an object as its string', async () => {
    const store = loose({ byId: { 7: 'seven' } })
    expect(store.get(['byId', 7])).toBe('seven')
    expect(store.get(['byId', '7'])).toBe('seven')
    await store.set(['byId', 8], 'eight')
    expect(store.get(['byId', '8'])).toBe('eight')
    expect(Object.keys(store.get('byId'))).toEqual(['7', '8'])
  })

  test('Map keys keep their type: 1 and "1" are different keys', async () => {
    const store = loose({
      m: new Map<string | number, string>([
        [1, 'number'],
        ['1', 'string'],
      ]),
    })
    expect(store.get(['m', 1])).toBe('number')
    expect(store.get(['m', '1'])).toBe('string')
    await store.set(['m', 1], 'n2')
    expect(store.get(['m', '1'])).toBe('string')
    expect(store.get(['m', 1])).toBe('n2')
  })

  test('paths walk through Maps into nested values', async () => {
    const store = loose({ users: new Map([['ada', { langs: ['en'] }]]) })
    expect(await store.append(['users', 'ada', 'langs'], 'fr')).toBe(2)
    expect(store.get(['users', 'ada', 'langs', 1])).toBe('fr')
  })

  test('a path cannot walk into a Set or a Date', async () => {
    const store = loose({ tags: new Set(['a']), when: new Date(0) })
    expect(store.get(['tags', 0], 'fb')).toBe('fb')
    expect(store.get(['when', 'getTime'], 'fb')).toBe('fb')
    await expectRejection(store.set(['tags', 0], 'x'), 'NOT_A_CONTAINER', ['tags', 0])
    await expectRejection(store.set(['when', 'x'], 1), 'NOT_A_CONTAINER', ['when', 'x'])
  })
})

describe('invalid paths', () => {
  // [name, path, the error's path (the keys that were valid), what the message says it found]
  const bad: [string, unknown, Key[] | undefined, string][] = [
    ['a number', 5, undefined, 'found number 5'],
    ['null', null, undefined, 'found null'],
    ['undefined', undefined, undefined, 'found nothing'],
    ['an object', { a: 1 }, undefined, 'found an object'],
    ['an array holding an object', ['a', {}], ['a'], 'found [string "a", an object]'],
    ['an array holding a boolean', [true], [], 'found [boolean true]'],
    ['an array holding null', ['a', null], ['a'], 'found [string "a", null]'],
    ['an array holding NaN', ['a', Number.NaN], ['a', Number.NaN], 'found [string "a", number NaN]'],
    ['an array holding Infinity', [Number.POSITIVE_INFINITY], [Number.POSITIVE_INFINITY], 'found [number Infinity]'],
    ['an array holding a symbol', [Symbol('k')], [], 'found [a symbol]'],
  ]

  const expectInvalidPath = (error: unknown, path: Key[] | undefined, found: string) => {
    expect(error).toBeInstanceOf(DatastoreError)
    const e = error as DatastoreError
    expect(e.code).toBe('INVALID_PATH')
    expect(e.path).toEqual(path)
    expect(e.message).toMatch(/expected a path/)
    expect(e.message).toContain(found)
  }

  test.each(bad)('%s is INVALID_PATH for every mutator, as a rejection', async (_name, path, keys, found) => {
    const store = loose({ a: 1 })
    const calls: Promise<unknown>[] = [
      store.set(path as any, 1),
      store.delete(path as any),
      store.init(path as any, 1),
      store.increment(path as any),
      store.decrement(path as any),
      store.append(path as any, 1),
      store.concat(path as any, 'x'),
      store.operate(path as any, () => 1),
      store.update(path as any, () => 1),
    ]
    for (const call of calls) expectInvalidPath(await rejection(call), keys, found)
    expect(store.state).toEqual({ a: 1 })
    expect(store.version).toBe(0)
  })

  test.each(bad)('%s is INVALID_PATH for reads and subscribe, thrown', (_name, path, keys, found) => {
    const store = loose({ a: 1 })
    for (const read of [() => store.get(path as any), () => store.has(path as any), () => store.subscribe(path as any, () => {})]) {
      let error: unknown
      try {
        read()
      } catch (e) {
        error = e
      }
      expectInvalidPath(error, keys, found)
    }
  })

  test('the message names the whole path as given', async () => {
    const store = loose()
    const error = await rejection(store.set(['user', {}, 'x'] as any, 1))
    expect((error as Error).message).toBe(
      `set: expected a path (a string or an array of strings and numbers), found [string "user", an object, string "x"]`,
    )
  })
})

describe('forbidden path segments', () => {
  const keys = ['__proto__', 'constructor', 'prototype'] as const

  test.each(keys)('%s is refused in every position, and Object.prototype is untouched', async (key) => {
    const store = loose({ a: { b: 1 } })
    const paths = [key, [key], ['a', key], [key, 'polluted'], ['a', key, 'polluted']] as const
    for (const path of paths) {
      const keysOf = typeof path === 'string' ? [path] : [...path]
      await expectRejection(store.set(path as any, 'yes'), 'FORBIDDEN_KEY', keysOf)
      await expectRejection(store.init(path as any, 'yes'), 'FORBIDDEN_KEY', keysOf)
      await expectRejection(store.delete(path as any), 'FORBIDDEN_KEY', keysOf)
      await expectRejection(store.increment(path as any), 'FORBIDDEN_KEY', keysOf)
      await expectRejection(store.append(path as any, 1), 'FORBIDDEN_KEY', keysOf)
      await expectRejection(store.operate(path as any, () => ({ polluted: 'yes' })), 'FORBIDDEN_KEY', keysOf)
      expectThrown(() => store.get(path as any), 'FORBIDDEN_KEY', keysOf)
      expectThrown(() => store.has(path as any), 'FORBIDDEN_KEY', keysOf)
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(Object.prototype).not.toHaveProperty('polluted')
    expect(store.state).toEqual({ a: { b: 1 } })
    expect(store.version).toBe(0)
  })

  test('the message says which key and where', async () => {
    const store = loose()
    const error = await expectRejection(store.set(['user', '__proto__', 'isAdmin'], true), 'FORBIDDEN_KEY', ['user', '__proto__', 'isAdmin'])
    expect(error.message).toBe(
      `set ${formatPath(['user', '__proto__', 'isAdmin'])}: the key "__proto__" is forbidden (it could reach Object.prototype)`,
    )
  })
})

describe('formatPath', () => {
  test('writes paths the way messages show them', () => {
    expect(formatPath([])).toBe('[]')
    expect(formatPath(['user', 'score'])).toBe(`['user','score']`)
    expect(formatPath(['rows', 3, 'v'])).toBe(`['rows',3,'v']`)
  })

  test('shortens very long paths', () => {
    const long = Array.from({ length: 20 }, (_, i) => i)
    expect(formatPath(long)).toBe('[0,1,2,3,…12 more…,16,17,18,19]')
  })
})
