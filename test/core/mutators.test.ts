import { describe, expect, test } from 'vitest'
import { createDatastore } from '../../src/index'
import { expectRejection } from './helpers'
import { loose } from '../shared'


describe('set', () => {
  test('sets a top-level key and resolves to undefined', async () => {
    const store = loose()
    const result = store.set('a', 1)
    expect(store.get('a')).toBe(1)
    await expect(result).resolves.toBeUndefined()
  })

  test('creates missing intermediate plain objects', async () => {
    const store = loose({ keep: 1 })
    await store.set(['user', 'profile', 'score'], 10)
    expect(store.state).toEqual({ keep: 1, user: { profile: { score: 10 } } })
    expect(Object.getPrototypeOf(store.get('user'))).toBe(Object.prototype)
  })

  test('replaces a nested value and leaves its siblings', async () => {
    const store = loose({ user: { name: 'ada', score: 1 } })
    await store.set(['user', 'score'], 2)
    expect(store.get('user')).toEqual({ name: 'ada', score: 2 })
  })

  test('set([], value) replaces the root', async () => {
    const store = loose({ a: 1, b: 2 })
    await store.set([], { c: 3 })
    expect(store.state).toEqual({ c: 3 })
    expect(store.size).toBe(1)
  })

  test('the root may become an array or a Map', async () => {
    const store = loose({ a: 1 })
    await store.set([], [1, 2] as any)
    expect(store.state).toEqual([1, 2])
    await store.set([], new Map([['k', 1]]) as any)
    expect(store.get(['k'])).toBe(1)
  })

  test('at the index equal to an array length it appends', async () => {
    const store = loose({ list: ['a', 'b'] })
    await store.set(['list', 2], 'c')
    expect(store.get('list')).toEqual(['a', 'b', 'c'])
  })

  test('beyond the length it is refused: arrays never get holes', async () => {
    const store = loose({ list: ['a'] })
    await expectRejection(store.set(['list', 3], 'x'), 'INVALID_PATH', ['list', 3])
    await expectRejection(store.set(['list', 5, 'deep'], 'x'), 'INVALID_PATH', ['list', 5, 'deep'])
    expect(store.get('list')).toEqual(['a'])
    expect(1 in store.get('list')).toBe(false)
  })

  test('an intermediate appended to an array is a new object', async () => {
    const store = loose({ list: [{ a: 1 }] })
    await store.set(['list', 1, 'b'], 2)
    expect(store.get('list')).toEqual([{ a: 1 }, { b: 2 }])
  })

  test('sets inside a Map, by string and number key', async () => {
    const store = loose({ m: new Map<string | number, unknown>([['a', 1]]) })
    await store.set(['m', 'b'], 2)
    await store.set(['m', 3, 'deep'], true)
    expect(store.get('m')).toEqual(
      new Map<string | number, unknown>([
        ['a', 1],
        ['b', 2],
        [3, { deep: true }],
      ]),
    )
  })

  test('undefined is a value: the key exists afterwards', async () => {
    const store = loose()
    await store.set('u', undefined)
    expect(store.has('u')).toBe(true)
    expect(store.get('u', 'fb')).toBeUndefined()
  })
})

describe('delete', () => {
  test('removes a key and resolves to true', async () => {
    const store = loose({ a: 1, b: { c: 2, d: 3 } })
    expect(await store.delete('a')).toBe(true)
    expect(await store.delete(['b', 'c'])).toBe(true)
    expect(store.state).toEqual({ b: { d: 3 } })
    expect(store.has('a')).toBe(false)
  })

  test('resolves to false where there was nothing', async () => {
    const store = loose({ a: { b: 1 } })
    expect(await store.delete('missing')).toBe(false)
    expect(await store.delete(['a', 'x'])).toBe(false)
    expect(await store.delete(['nope', 'x', 'y'])).toBe(false)
    expect(store.version).toBe(0)
  })

  test('splices an array index out', async () => {
    const store = loose({ list: ['a', 'b', 'c'] })
    expect(await store.delete(['list', 1])).toBe(true)
    expect(store.get('list')).toEqual(['a', 'c'])
    expect(store.get('list')).toHaveLength(2)
    expect(await store.delete(['list', 2])).toBe(false)
  })

  test('removes a Map entry', async () => {
    const store = loose({ m: new Map([[1, 'one'], [2, 'two']]) })
    expect(await store.delete(['m', 1])).toBe(true)
    expect(store.get('m')).toEqual(new Map([[2, 'two']]))
  })

  test('removes a key whose value is undefined', async () => {
    const store = loose({ u: undefined })
    expect(await store.delete('u')).toBe(true)
    expect(store.has('u')).toBe(false)
  })

  test('delete([]) is refused', async () => {
    const store = loose({ a: 1 })
    await expectRejection(store.delete([]), 'INVALID_PATH', [])
    expect(store.state).toEqual({ a: 1 })
  })
})

describe('operate and update', () => {
  test('a recipe may mutate the draft; resolves to the new value', async () => {
    const store = loose({ todos: [{ title: 'a', done: false }] })
    const before = store.get('todos')
    const result = await store.operate(['todos'], (todos: { title: string; done: boolean }[]) => {
      todos.push({ title: 'b', done: false })
      todos[0]!.done = true
    })
    expect(result).toEqual([
      { title: 'a', done: true },
      { title: 'b', done: false },
    ])
    expect(result).toBe(store.get('todos'))
    expect(before).toEqual([{ title: 'a', done: false }])
    expect(Object.isFrozen(result)).toBe(true)
  })

  test('a recipe may return a new value', async () => {
    const store = loose({ config: { db: { port: 5432 } } })
    expect(await store.operate(['config', 'db', 'port'], (port: number) => port + 1)).toBe(5433)
    expect(await store.operate('config', () => ({ replaced: true }))).toEqual({ replaced: true })
    expect(store.state).toEqual({ config: { replaced: true } })
  })

  test('works on primitives: strings, booleans, null', async () => {
    const store = loose({ s: 'ab', b: false, n: null })
    expect(await store.operate('s', (s: string) => s.toUpperCase())).toBe('AB')
    expect(await store.operate('b', (b: boolean) => !b)).toBe(true)
    expect(await store.operate('n', () => 'filled')).toBe('filled')
    expect(store.state).toEqual({ s: 'AB', b: true, n: 'filled' })
  })

  test('works on Maps and Sets as drafts', async () => {
    const store = loose({ m: new Map([['a', 1]]), tags: new Set(['x']) })
    await store.operate('m', (m: Map<string, number>) => {
      m.set('b', 2)
    })
    await store.operate('tags', (tags: Set<string>) => {
      tags.add('y')
    })
    expect(store.get('m')).toEqual(new Map([['a', 1], ['b', 2]]))
    expect(store.get('tags')).toEqual(new Set(['x', 'y']))
  })

  test('operate([]) works on the root', async () => {
    const store = loose({ a: 1 })
    await store.operate([], (root: Record<string, number>) => {
      root.b = 2
    })
    expect(store.state).toEqual({ a: 1, b: 2 })
  })

  test('the path must exist: PATH_NOT_FOUND', async () => {
    const store = loose({ a: { b: 1 } })
    let called = 0
    await expectRejection(
      store.operate(['a', 'missing'], () => {
        called++
      }),
      'PATH_NOT_FOUND',
      ['a', 'missing'],
    )
    await expectRejection(store.update('nope', () => 1), 'PATH_NOT_FOUND', ['nope'])
    expect(called).toBe(0)
  })

  test('a recipe that throws rejects with its error and commits nothing', async () => {
    const store = loose({ list: [1] })
    const boom = new Error('boom')
    const failed = store.operate('list', (list: number[]) => {
      list.push(2)
      throw boom
    })
    await expect(failed).rejects.toBe(boom)
    expect(store.get('list')).toEqual([1])
    expect(store.version).toBe(0)
  })

  test('a recipe that returns a promise is refused', async () => {
    const store = loose({ n: 1 })
    await expectRejection(store.operate('n', async (n: number) => n + 1), 'INVALID_VALUE', ['n'])
    expect(store.get('n')).toBe(1)
  })

  test('update is operate on one top-level key', async () => {
    const store = loose({ count: 1, 'a.b': { n: 1 } })
    expect(await store.update('count', (n: number) => n * 10)).toBe(10)
    expect(
      await store.update('a.b', (o: { n: number }) => {
        o.n++
      }),
    ).toEqual({ n: 2 })
    expect(store.state).toEqual({ count: 10, 'a.b': { n: 2 } })
  })
})

describe('init', () => {
  test('sets where the path does not resolve and resolves to the new value', async () => {
    const store = loose()
    expect(await store.init(['settings', 'theme'], 'dark')).toBe('dark')
    expect(store.get(['settings', 'theme'])).toBe('dark')
  })

  test('keeps an existing value and resolves to it', async () => {
    const store = loose({ theme: 'light', obj: { a: 1 } })
    expect(await store.init('theme', 'dark')).toBe('light')
    expect(await store.init('obj', { b: 2 })).toBe(store.get('obj'))
    expect(store.state).toEqual({ theme: 'light', obj: { a: 1 } })
    expect(store.version).toBe(0)
  })

  test('an existing undefined counts as existing', async () => {
    const store = loose({ u: undefined })
    expect(await store.init('u', 1)).toBeUndefined()
    expect(store.get('u')).toBeUndefined()
  })
})

describe('increment and decrement', () => {
  test('add and subtract, 1 by default, resolving to the new number', async () => {
    const store = loose({ n: 10 })
    expect(await store.increment('n')).toBe(11)
    expect(await store.increment('n', 5)).toBe(16)
    expect(await store.decrement('n')).toBe(15)
    expect(await store.decrement('n', 20)).toBe(-5)
    expect(await store.increment('n', 0.5)).toBe(-4.5)
    expect(store.get('n')).toBe(-4.5)
  })

  test('a missing value counts as 0, intermediates are created', async () => {
    const store = loose()
    expect(await store.increment(['stats', 'hits'])).toBe(1)
    expect(await store.decrement(['stats', 'misses'], 3)).toBe(-3)
    expect(store.state).toEqual({ stats: { hits: 1, misses: -3 } })
  })

  test('a non-number is a TYPE_MISMATCH', async () => {
    const store = loose({ s: '1', u: undefined })
    const error = await expectRejection(store.increment('s'), 'TYPE_MISMATCH', ['s'])
    expect(error.message).toBe(`increment ['s']: expected a number, found string "1"`)
    expect(store.get('s')).toBe('1')
  })

  test('an undefined value counts as missing: 0 for counters, a new list or string for append and concat', async () => {
    const store = loose({ u: undefined, list: undefined, text: undefined })
    expect(await store.decrement('u')).toBe(-1)
    expect(await store.append('list', 1)).toBe(1)
    expect(await store.concat('text', 'a')).toBe('a')
    expect(store.state).toEqual({ u: -1, list: [1], text: 'a' })
  })

  test('the step must be a finite number', async () => {
    const store = loose({ n: 1 })
    await expectRejection(store.increment('n', '2' as unknown as number), 'TYPE_MISMATCH', ['n'])
    await expectRejection(store.increment('n', Number.NaN), 'TYPE_MISMATCH', ['n'])
    await expectRejection(store.decrement('n', Number.POSITIVE_INFINITY), 'TYPE_MISMATCH', ['n'])
    expect(store.get('n')).toBe(1)
  })

  test('a result that overflows to Infinity is refused', async () => {
    const store = loose({ n: Number.MAX_VALUE })
    await expectRejection(store.increment('n', Number.MAX_VALUE), 'INVALID_VALUE', ['n'])
    expect(store.get('n')).toBe(Number.MAX_VALUE)
  })
})

describe('append', () => {
  test('pushes values and resolves to the new length', async () => {
    const store = loose({ list: [1] })
    expect(await store.append('list', 2)).toBe(2)
    expect(await store.append('list', 3, 4, 5)).toBe(5)
    expect(store.get('list')).toEqual([1, 2, 3, 4, 5])
  })

  test('a missing value becomes a new array', async () => {
    const store = loose()
    expect(await store.append(['nested', 'items'], 'a', 'b')).toBe(2)
    expect(store.get(['nested', 'items'])).toEqual(['a', 'b'])
    expect(await store.append('empty')).toBe(0)
    expect(store.get('empty')).toEqual([])
  })

  test('appends objects as copies', async () => {
    const store = loose()
    const item = { id: 1 }
    await store.append('items', item)
    item.id = 2
    expect(store.get(['items', 0])).toEqual({ id: 1 })
  })

  test('a non-array is a TYPE_MISMATCH', async () => {
    const store = loose({ s: 'x', o: {} })
    await expectRejection(store.append('s', 1), 'TYPE_MISMATCH', ['s'])
    await expectRejection(store.append('o', 1), 'TYPE_MISMATCH', ['o'])
    expect(store.state).toEqual({ s: 'x', o: {} })
  })
})

describe('concat', () => {
  test('string + string', async () => {
    const store = loose({ s: 'foo' })
    expect(await store.concat('s', 'bar')).toBe('foobar')
    expect(store.get('s')).toBe('foobar')
  })

  test('array + array', async () => {
    const store = loose({ list: [1, 2] })
    const result = await store.concat('list', [3, 4])
    expect(result).toEqual([1, 2, 3, 4])
    expect(result).toBe(store.get('list'))
  })

  test('a missing value becomes the value', async () => {
    const store = loose()
    expect(await store.concat('s', 'x')).toBe('x')
    expect(await store.concat(['a', 'list'], [1])).toEqual([1])
    expect(store.state).toEqual({ s: 'x', a: { list: [1] } })
  })

  test('mismatched types are a TYPE_MISMATCH', async () => {
    const store = loose({ s: 'x', list: [1], n: 1 })
    await expectRejection(store.concat('s', [1]), 'TYPE_MISMATCH', ['s'])
    await expectRejection(store.concat('list', 'y'), 'TYPE_MISMATCH', ['list'])
    await expectRejection(store.concat('n', 'y'), 'TYPE_MISMATCH', ['n'])
    await expectRejection(store.concat('missing', 5), 'TYPE_MISMATCH', ['missing'])
    expect(store.state).toEqual({ s: 'x', list: [1], n: 1 })
    expect(store.version).toBe(0)
  })
})

describe('transaction (the member)', () => {
  test('resolves to what the function returns and commits all changes at once', async () => {
    const store = loose({ a: 1 })
    const result = await store.transaction((tx) => {
      tx.set('b', tx.get('a') + 1)
      return tx.increment('a', 10)
    })
    expect(result).toBe(11)
    expect(store.state).toEqual({ a: 11, b: 2 })
    expect(store.version).toBe(1)
  })
})
