import { describe, expect, test, vi } from 'vitest'
import { createDatastore, Datastore, DatastoreError } from '../../src/index'

describe('creating a store', () => {
  test('createDatastore and new Datastore make the same store', () => {
    const a = createDatastore({ n: 1, list: [1, 2] })
    const b = new Datastore({ n: 1, list: [1, 2] })
    expect(a).toBeInstanceOf(Datastore)
    expect(b.state).toEqual(a.state)
    expect(b.version).toBe(0)
    expect(a.version).toBe(0)
  })

  test('without an initial state the root is an empty object', () => {
    const store = createDatastore()
    expect(store.state).toEqual({})
    expect(store.size).toBe(0)
    expect(Object.isFrozen(store.state)).toBe(true)
  })

  test('the initial state is copied, never frozen or kept', () => {
    const initial = { user: { name: 'ada' } }
    const store = createDatastore(initial)
    expect(store.state).not.toBe(initial)
    expect(store.state.user).not.toBe(initial.user)
    expect(Object.isFrozen(initial)).toBe(false)
    expect(Object.isFrozen(initial.user)).toBe(false)
    initial.user.name = 'grace'
    expect(store.get(['user', 'name'])).toBe('ada')
  })

  test('a root that is not an object, array or Map is refused synchronously', () => {
    for (const root of [5, 'text', true]) {
      let error: unknown
      try {
        createDatastore(root as unknown as object)
      } catch (e) {
        error = e
      }
      expect(error).toBeInstanceOf(DatastoreError)
      expect((error as DatastoreError).code).toBe('INVALID_VALUE')
    }
  })

  test('initialState stays the root the store was created with', async () => {
    const store = createDatastore<Record<string, any>>({ n: 0 })
    const first = store.state
    expect(store.initialState).toBe(first)
    await store.set('n', 1)
    await store.set('m', 2)
    expect(store.initialState).toBe(first)
    expect(store.initialState).toEqual({ n: 0 })
    expect(store.state).toEqual({ n: 1, m: 2 })
  })
})

describe('get and has', () => {
  const store = createDatastore<Record<string, any>>({
    user: { profile: { score: 10, nick: undefined } },
    list: ['a', 'b'],
    zero: 0,
    empty: null,
    lookup: new Map<string | number, unknown>([
      ['x', { hits: 3 }],
      [7, 'seven'],
    ]),
  })

  test('get reads a top-level key and a nested path', () => {
    expect(store.get('zero')).toBe(0)
    expect(store.get(['user', 'profile', 'score'])).toBe(10)
    expect(store.get(['list', 1])).toBe('b')
    expect(store.get(['lookup', 'x', 'hits'])).toBe(3)
    expect(store.get(['lookup', 7])).toBe('seven')
  })

  test('get([]) is the root', () => {
    expect(store.get([])).toBe(store.state)
  })

  test('get returns the fallback only where the path does not resolve', () => {
    expect(store.get('missing')).toBeUndefined()
    expect(store.get('missing', 42)).toBe(42)
    expect(store.get(['user', 'nope', 'deeper'], 'fb')).toBe('fb')
    expect(store.get(['list', 2], 'fb')).toBe('fb')
    expect(store.get(['zero'], 5)).toBe(0)
    expect(store.get('empty', 5)).toBeNull()
    expect(store.get(['user', 'profile', 'nick'], 'fb')).toBeUndefined()
  })

  test('get through a value that is not a container does not throw', () => {
    expect(store.get(['zero', 'x'])).toBeUndefined()
    expect(store.get(['empty', 'x'], 'fb')).toBe('fb')
    expect(store.get(['list', 0, 'length'], 'fb')).toBe('fb')
  })

  test('get does not read inherited properties', () => {
    expect(store.get('toString', 'fb')).toBe('fb')
    expect(store.get(['list', 'length'], 'fb')).toBe('fb')
    expect(store.get(['lookup', 'size'], 'fb')).toBe('fb')
  })

  test('has tells whether a path resolves, even to undefined', () => {
    expect(store.has('user')).toBe(true)
    expect(store.has(['user', 'profile', 'nick'])).toBe(true)
    expect(store.has(['user', 'profile', 'other'])).toBe(false)
    expect(store.has(['list', 1])).toBe(true)
    expect(store.has(['list', 2])).toBe(false)
    expect(store.has(['lookup', 7])).toBe(true)
    expect(store.has(['lookup', '7'])).toBe(false)
    expect(store.has(['zero', 'x'])).toBe(false)
    expect(store.has([])).toBe(true)
  })

  test('reads hand out the frozen committed values', () => {
    expect(Object.isFrozen(store.get('user'))).toBe(true)
    expect(Object.isFrozen(store.get(['user', 'profile']))).toBe(true)
    expect(Object.isFrozen(store.state)).toBe(true)
  })
})

describe('version', () => {
  test('grows by one with every commit', async () => {
    const store = createDatastore<Record<string, any>>()
    await store.set('a', 1)
    expect(store.version).toBe(1)
    await store.increment('a')
    await store.append('list', 1, 2, 3)
    expect(store.version).toBe(3)
    await store.transaction((tx) => {
      tx.set('b', 1)
      tx.set('c', 2)
      tx.increment('a')
    })
    expect(store.version).toBe(4)
  })

  test('a job that changes nothing does not bump it', async () => {
    const store = createDatastore<Record<string, any>>({ a: 1, s: 'x', list: [1], o: { k: 1 } })
    const state = store.state
    await store.set('a', 1)
    await store.set(['o', 'k'], 1)
    await store.increment('a', 0)
    await store.decrement('a', 0)
    await store.delete('missing')
    await store.delete(['o', 'missing'])
    await store.init('a', 5)
    await store.append('list')
    await store.concat('s', '')
    await store.concat('list', [])
    await store.operate('a', (n: number) => n)
    await store.operate('o', (o: { k: number }) => {
      o.k = 1
    })
    await store.set([], store.state)
    await store.transaction(() => {})
    await store.transaction((tx) => {
      tx.set('a', 1)
      void tx.data
    })
    expect(store.version).toBe(0)
    expect(store.state).toBe(state)
  })

  describe('a job whose result is equal data, new by identity, commits nothing', () => {
    const start = () => {
      const store = createDatastore<Record<string, any>>({ list: [], o: { a: 1, n: [1, { b: 2 }] }, d: new Date(5), m: new Map([[1, 'x']]), s: new Set([1, 2]) })
      const state = store.state
      const calls = vi.fn()
      store.subscribe(calls)
      for (const key of ['list', 'o', 'd', 'm', 's']) store.subscribe(key, calls)
      const unchanged = () => {
        expect(store.version).toBe(0)
        expect(store.state).toBe(state)
        expect(calls).not.toHaveBeenCalled()
      }
      return { store, state, unchanged }
    }

    test('operate: push then pop, a fresh [] for [], a fresh copy of an object, a Date, a Map, a Set', async () => {
      const { store, state, unchanged } = start()
      await store.operate('list', (list: number[]) => {
        list.push(1)
        list.pop()
      })
      expect(await store.operate('list', () => [])).toEqual([])
      await store.operate('o', () => ({ a: 1, n: [1, { b: 2 }] }))
      await store.operate(['o', 'n'], (n: any[]) => {
        n[1] = { b: 2 }
      })
      await store.operate('d', () => new Date(5))
      await store.operate('m', () => new Map([[1, 'x']]))
      await store.operate('s', (s: Set<number>) => {
        s.delete(1)
        s.delete(2)
        s.add(1)
        s.add(2)
      })
      unchanged()
      expect(store.get('list')).toBe(state.list)
    })

    test('set and transactions: equal copies, writes that cancel out, the root draft', async () => {
      const { store, unchanged } = start()
      await store.set('o', { a: 1, n: [1, { b: 2 }] })
      await store.set([], { list: [], o: { a: 1, n: [1, { b: 2 }] }, d: new Date(5), m: new Map([[1, 'x']]), s: new Set([1, 2]) })
      await store.transaction((tx) => {
        tx.append('list', 1, 2)
        tx.delete(['list', 1])
        tx.delete(['list', 0])
        tx.set(['o', 'n', 1], { b: 2 })
      })
      await store.transaction((tx) => {
        tx.data.list.push(1)
        tx.data.list.pop()
        tx.data.o = { a: 1, n: [1, { b: 2 }] }
      })
      await store.transaction(async (tx) => {
        await Promise.resolve()
        tx.set(['o', 'a'], 2)
        tx.set(['o', 'a'], 1)
      })
      unchanged()
    })

    test('the same data in another order is a change: key order is what readers iterate', async () => {
      const { store, state } = start()
      await store.set('o', { n: [1, { b: 2 }], a: 1 })
      expect(store.version).toBe(1)
      expect(Object.keys(store.get('o'))).toEqual(['n', 'a'])
      await store.operate('s', () => new Set([2, 1]))
      expect(store.version).toBe(2)
      await store.set(['o', 'a'], -0)
      await store.set(['o', 'a'], 0)
      await store.set(['o', 'a'], -0)
      expect(store.version).toBe(5)
      expect(store.get('list')).toBe(state.list)
    })
  })

  test('a failed job does not bump it', async () => {
    const store = createDatastore<Record<string, any>>({ s: 'x' })
    await store.increment('s').catch(() => {})
    await store.transaction((tx) => {
      tx.set('a', 1)
      throw new Error('no')
    }).catch(() => {})
    expect(store.version).toBe(0)
  })
})

describe('size, keys, values, entries and iteration', () => {
  test('over an object root, like a Map', () => {
    const store = createDatastore({ a: 1, b: { c: 2 } })
    expect(store.size).toBe(2)
    expect([...store.keys()]).toEqual(['a', 'b'])
    expect([...store.values()]).toEqual([1, { c: 2 }])
    expect([...store.entries()]).toEqual([
      ['a', 1],
      ['b', { c: 2 }],
    ])
    expect([...store]).toEqual([...store.entries()])
    expect(new Map(store)).toEqual(
      new Map<string, unknown>([
        ['a', 1],
        ['b', { c: 2 }],
      ]),
    )
    expect([...store.values()][1]).toBe(store.get('b'))
  })

  test('over an array root: indexes and items', () => {
    const store = createDatastore(['x', 'y', 'z'])
    expect(store.size).toBe(3)
    expect([...store.keys()]).toEqual([0, 1, 2])
    expect([...store.values()]).toEqual(['x', 'y', 'z'])
    expect([...store]).toEqual([
      [0, 'x'],
      [1, 'y'],
      [2, 'z'],
    ])
  })

  test('over a Map root: its keys and values', () => {
    const store = createDatastore(
      new Map<string | number, string>([
        ['k', 'v'],
        [2, 'two'],
      ]),
    )
    expect(store.size).toBe(2)
    expect([...store.keys()]).toEqual(['k', 2])
    expect([...store.values()]).toEqual(['v', 'two'])
    expect([...store.entries()]).toEqual([
      ['k', 'v'],
      [2, 'two'],
    ])
    expect(store.get(['k'])).toBe('v')
    expect(store.get([2])).toBe('two')
  })

  test('follow the latest commit', async () => {
    const store = createDatastore<Record<string, number>>({ a: 1 })
    const before = store.keys()
    await store.set('b', 2)
    await store.delete('a')
    expect([...before]).toEqual(['a'])
    expect(store.size).toBe(1)
    expect([...store]).toEqual([['b', 2]])
  })

  test('an empty store iterates nothing', () => {
    const store = createDatastore()
    expect(store.size).toBe(0)
    expect([...store]).toEqual([])
    expect([...store.keys()]).toEqual([])
    expect([...store.values()]).toEqual([])
  })
})
