import { describe, expect, test, vi } from 'vitest'
import { Transaction as TransactionClass } from '../../src/core/transaction'
import { createDatastore, DatastoreError, type Transaction } from '../../src/index'
import { expectDatastoreError, rejection, turn } from './helpers'
import { loose } from '../shared'


describe('sync transactions', () => {
  test('the view has every read, synchronous and seeing its own writes', async () => {
    const store = loose({ a: 1, list: [1], m: new Map([['k', 1]]) })
    const seen = await store.transaction((tx) => {
      expect(tx).toBeInstanceOf(TransactionClass)
      tx.set('b', 2)
      return {
        a: tx.get('a'),
        b: tx.get('b'),
        fallback: tx.get('missing', 'fb'),
        has: [tx.has('b'), tx.has('missing')],
        size: tx.size,
        keys: [...tx.keys()],
        values: [...tx.values()].length,
        entries: [...tx.entries()].map(([key]) => key),
        iterated: [...tx].length,
        mapValue: tx.get(['m', 'k']),
        state: tx.state,
        version: tx.version,
      }
    })
    expect(seen).toEqual({
      a: 1,
      b: 2,
      fallback: 'fb',
      has: [true, false],
      size: 4,
      keys: ['a', 'list', 'm', 'b'],
      values: 4,
      entries: ['a', 'list', 'm', 'b'],
      iterated: 4,
      mapValue: 1,
      state: { a: 1, list: [1], m: new Map([['k', 1]]), b: 2 },
      version: 0,
    })
  })

  test('the view has every mutator, returning results directly', async () => {
    const store = loose({ n: 1, s: 'a', list: [1], gone: true, obj: { k: 1 } })
    const results = await store.transaction((tx) => [
      tx.set(['x', 'y'], 1),
      tx.delete('gone'),
      tx.delete('never'),
      tx.init('i', 'new'),
      tx.init('n', 99),
      tx.increment('n', 4),
      tx.decrement('n'),
      tx.append('list', 2, 3),
      tx.concat('s', 'b'),
      tx.operate('obj', (o: { k: number }) => {
        o.k = 2
      }),
      tx.update('n', (n: number) => n * 10),
    ])
    expect(results).toEqual([undefined, true, false, 'new', 1, 5, 4, 3, 'ab', { k: 2 }, 40])
    expect(store.state).toEqual({ n: 40, s: 'ab', list: [1, 2, 3], obj: { k: 2 }, x: { y: 1 }, i: 'new' })
  })

  test('tx.data is the raw draft of the root; its changes commit with the rest', async () => {
    const store = loose({ todos: [{ title: 'a', done: false }], count: 0 })
    await store.transaction((tx) => {
      tx.data.todos.push({ title: 'b', done: false })
      tx.data.todos[0].done = true
      tx.increment('count')
      tx.data.count += 10
      tx.set(['todos', 1, 'title'], 'B')
    })
    expect(store.state).toEqual({
      todos: [
        { title: 'a', done: true },
        { title: 'B', done: false },
      ],
      count: 11,
    })
    expect(Object.isFrozen(store.get(['todos', 1]))).toBe(true)
  })

  test('commits once: one version, one notification per listener', async () => {
    const store = loose({ a: 0, b: 0 })
    const root = vi.fn()
    const a = vi.fn()
    store.subscribe(root)
    store.subscribe('a', a)
    await store.transaction((tx) => {
      tx.set('a', 1)
      tx.set('a', 2)
      tx.set('b', 1)
      tx.increment('a')
      tx.data.c = 1
    })
    expect(store.version).toBe(1)
    expect(root).toHaveBeenCalledTimes(1)
    expect(a).toHaveBeenCalledTimes(1)
    expect(a).toHaveBeenCalledWith(3, 0)
  })

  test('if fn throws, nothing commits and the promise rejects with that error', async () => {
    const store = loose({ a: 1 })
    const listener = vi.fn()
    store.subscribe(listener)
    const boom = new Error('boom')
    const result = store.transaction((tx) => {
      tx.set('a', 2)
      tx.data.b = 3
      throw boom
    })
    await expect(result).rejects.toBe(boom)
    expect(store.state).toEqual({ a: 1 })
    expect(store.version).toBe(0)
    expect(listener).not.toHaveBeenCalled()
  })

  test('a failing mutator throws inside fn; fn may catch it and go on', async () => {
    const store = loose({ s: 'x', n: 0 })
    const caught = await store.transaction((tx) => {
      let error: unknown
      try {
        tx.increment('s')
      } catch (e) {
        error = e
      }
      tx.increment('n')
      return error
    })
    expectDatastoreError(caught, 'TYPE_MISMATCH', ['s'])
    expect(store.state).toEqual({ s: 'x', n: 1 })
  })

  test('a nested transaction rolls back only its own changes', async () => {
    const store = loose({ a: 0 })
    const result = await store.transaction((tx) => {
      tx.set('a', 1)
      const inner = tx.transaction((inner) => {
        inner.set('b', 1)
        return 'inner ok'
      })
      let error: unknown
      try {
        tx.transaction((inner) => {
          inner.set('a', 100)
          inner.data.c = 1
          throw new Error('inner fails')
        })
      } catch (e) {
        error = (e as Error).message
      }
      return [inner, error, tx.get('a'), tx.has('c')]
    })
    expect(result).toEqual(['inner ok', 'inner fails', 1, false])
    expect(store.state).toEqual({ a: 1, b: 1 })
  })

  test('the view cannot be used after the transaction ends', async () => {
    const store = loose({ a: 1 })
    let kept!: Transaction<Record<string, any>>
    await store.transaction((tx) => {
      kept = tx
    })
    expectThrownCode(() => kept.get('a'), 'ABORTED')
    expectThrownCode(() => kept.set('a', 2), 'ABORTED')
    expectThrownCode(() => kept.data, 'ABORTED')
    expect(store.get('a')).toBe(1)
  })

  test('operate on the root after tx.data: a returned root is checked and copied', async () => {
    const store = loose({ a: 1 })
    const mine = { x: { y: 1 } }
    await store.transaction((tx) => {
      tx.data.a = 2
      tx.operate([], () => mine)
    })
    expect(store.state).toEqual({ x: { y: 1 } })
    expect(store.state).not.toBe(mine)
    expect(Object.isFrozen(store.state)).toBe(true)
    expect(Object.isFrozen(mine)).toBe(false)
    mine.x.y = 2
    expect(store.get(['x', 'y'])).toBe(1)
    const refused = await store.transaction((tx) => {
      void tx.data
      tx.operate([], () => ({ f: () => 1 }))
    }).catch((e: DatastoreError) => e.code)
    expect(refused).toBe('INVALID_VALUE')
    expect(store.state).toEqual({ x: { y: 1 } })
  })

  test('operate on the root after tx.data keeps Immer’s rules: mutate, or return a spread', async () => {
    const store = loose({ a: 1, keep: { deep: [1] } })
    const keep = store.get('keep')
    const result = await store.transaction((tx) => {
      tx.data.a = 2
      tx.operate([], (root: Record<string, any>) => {
        root.b = root.a + 1
      })
      tx.operate([], (root: Record<string, any>) => ({ ...root, c: 4 }))
      tx.data.d = 5
      return tx.get([])
    })
    expect(result).toEqual({ a: 2, keep: { deep: [1] }, b: 3, c: 4, d: 5 })
    expect(store.state).toEqual({ a: 2, keep: { deep: [1] }, b: 3, c: 4, d: 5 })
    expect(store.get('keep')).toBe(keep)
  })

  test('a draft returned from fn resolves to what it held', async () => {
    const store = loose({ users: [{ name: 'ada' }] })
    const returned = await store.transaction((tx) => {
      tx.data.users.push({ name: 'grace' })
      return tx.get('users')
    })
    expect(returned).toEqual([{ name: 'ada' }, { name: 'grace' }])
    const operated = await store.transaction((tx) => {
      void tx.data
      return tx.operate(['users', 0], (user: { name: string }) => {
        user.name = 'Ada'
      })
    })
    expect(operated).toEqual({ name: 'Ada' })
    const asynchronous = await store.transaction(async (tx) => {
      await turn()
      tx.data.users.pop()
      return tx.data
    })
    expect(asynchronous).toEqual({ users: [{ name: 'Ada' }] })
    expect(store.state).toEqual({ users: [{ name: 'Ada' }] })
    expect(store.version).toBe(3)
  })

  test('tx.version is the version the transaction started from', async () => {
    const store = loose()
    await store.set('a', 1)
    await store.set('a', 2)
    expect(await store.transaction((tx) => tx.version)).toBe(2)
  })

  test('returning a value with no changes commits nothing', async () => {
    const store = loose({ a: 1 })
    expect(await store.transaction((tx) => tx.get('a') + 1)).toBe(2)
    expect(store.version).toBe(0)
  })

  test('changes that cancel out commit nothing: no version, no notification, the same state', async () => {
    const store = loose({ a: 1, nested: { b: [1, 2], c: 'x' } })
    const root = vi.fn()
    const a = vi.fn()
    store.subscribe(root)
    store.subscribe('a', a)
    const before = store.state
    await store.transaction((tx) => {
      tx.set('a', 2)
      tx.increment('a', -1)
      tx.delete(['nested', 'c'])
      tx.set(['nested', 'c'], 'x')
      tx.set(['nested', 'new'], 1)
      tx.delete(['nested', 'new'])
    })
    expect(store.state).toBe(before)
    expect(Object.keys(store.get('nested'))).toEqual(['b', 'c'])
    expect(store.version).toBe(0)
    expect(root).not.toHaveBeenCalled()
    expect(a).not.toHaveBeenCalled()
  })

  test('writes that give back equal data commit nothing; undefined where nothing was, or parents left behind, commit', async () => {
    const store = loose({ list: [1], a: 1 })
    const list = store.get('list')
    await store.transaction((tx) => {
      tx.append('list', 2)
      tx.delete(['list', 1])
    })
    expect(store.version).toBe(0)
    expect(store.get('list')).toBe(list)
    await store.transaction((tx) => {
      tx.set('b', undefined)
    })
    expect(store.version).toBe(1)
    expect(store.has('b')).toBe(true)
    await store.transaction((tx) => {
      tx.set(['p', 'q', 'r'], 1)
      tx.delete(['p', 'q', 'r'])
    })
    expect(store.version).toBe(2)
    expect(store.get(['p', 'q'])).toEqual({})
  })
})

function expectThrownCode(fn: () => unknown, code: string) {
  let error: unknown
  try {
    fn()
  } catch (e) {
    error = e
  }
  expect(error).toBeInstanceOf(DatastoreError)
  expect((error as DatastoreError).code).toBe(code)
}

describe('errors in the view match the store’s', () => {
  test('tx mutators throw the same DatastoreErrors the store rejects with', async () => {
    const store = loose({ s: 'x', list: [] })
    const inside = await store.transaction((tx) => {
      const codes: string[] = []
      const attempt = (fn: () => unknown) => {
        try {
          fn()
        } catch (e) {
          codes.push((e as DatastoreError).code)
        }
      }
      attempt(() => tx.increment('s'))
      attempt(() => tx.operate('missing', () => 1))
      attempt(() => tx.set(['s', 'x'], 1))
      attempt(() => tx.set(['list', 3], 1))
      attempt(() => tx.set('__proto__', 1))
      attempt(() => tx.set('f', () => 1))
      attempt(() => tx.delete([]))
      return codes
    })
    expect(inside).toEqual(['TYPE_MISMATCH', 'PATH_NOT_FOUND', 'NOT_A_CONTAINER', 'INVALID_PATH', 'FORBIDDEN_KEY', 'INVALID_VALUE', 'INVALID_PATH'])
    expect(store.state).toEqual({ s: 'x', list: [] })
    const version = store.version
    const outside = await Promise.all(
      [
        store.increment('s'),
        store.operate('missing', () => 1),
        store.set(['s', 'x'], 1),
        store.set(['list', 3], 1),
        store.set('__proto__', 1),
        store.set('f', () => 1),
        store.delete([]),
      ].map(async (p) => ((await rejection(p)) as DatastoreError).code),
    )
    expect(outside).toEqual(inside)
    expect(store.version).toBe(version)
  })

  test('a caught failure inside a transaction leaves no commit and notifies no one', async () => {
    const store = loose({ deep: { s: 'x', list: [1] }, other: { n: 1 } })
    const root = vi.fn()
    const deep = vi.fn()
    store.subscribe(root)
    store.subscribe('deep', deep)
    const before = store.state
    await store.transaction((tx) => {
      for (const attempt of [() => tx.set(['deep', 's', 'x'], 1), () => tx.set(['deep', 'list', 5], 1)]) {
        expect(attempt).toThrow(DatastoreError)
      }
    })
    expect(store.state).toBe(before)
    expect(store.version).toBe(0)
    expect(root).not.toHaveBeenCalled()
    expect(deep).not.toHaveBeenCalled()
  })
})
