import { isDraft } from 'immer'
import { describe, expect, test, vi } from 'vitest'
import { createDatastore, DatastoreError } from '../../src/index'
import { inspectStore } from '../../src/core/store'
import { settledAlready, ticks } from './helpers'
import { loose } from '../shared'


/** An async transaction that holds `store` until `release()` is called. */
function hold(store: ReturnType<typeof loose>) {
  let release!: () => void
  const done = store.transaction(() => new Promise<void>((resolve) => (release = resolve)))
  return { done, release: () => release() }
}

describe('synchronous when idle', () => {
  const mutations: [string, (store: ReturnType<typeof loose>) => Promise<unknown>, (store: ReturnType<typeof loose>) => unknown, unknown][] = [
    ['set', (s) => s.set(['a', 'b'], 1), (s) => s.get(['a', 'b']), 1],
    ['delete', (s) => s.delete('n'), (s) => s.has('n'), false],
    ['init', (s) => s.init('i', 'v'), (s) => s.get('i'), 'v'],
    ['increment', (s) => s.increment('n', 2), (s) => s.get('n'), 3],
    ['decrement', (s) => s.decrement('n', 2), (s) => s.get('n'), -1],
    ['append', (s) => s.append('list', 'x'), (s) => s.get('list'), ['x']],
    ['concat', (s) => s.concat('str', '!'), (s) => s.get('str'), 'hi!'],
    ['operate', (s) => s.operate('n', (n: number) => n * 7), (s) => s.get('n'), 7],
    ['update', (s) => s.update('n', (n: number) => n * 5), (s) => s.get('n'), 5],
    ['transaction', (s) => s.transaction((tx) => tx.set('t', 1)), (s) => s.get('t'), 1],
  ]

  test.each(mutations)('%s commits before the call returns, and its promise is already settled', async (_name, mutate, read, expected) => {
    const store = loose({ n: 1, str: 'hi' })
    const promise = mutate(store)
    expect(read(store)).toEqual(expected)
    expect(store.version).toBe(1)
    expect(await settledAlready(promise)).toBe(true)
  })

  test('a failed mutation on an idle queue has already rejected when the call returns', async () => {
    const store = loose({ s: 'x' })
    const failed = store.increment('s')
    let code: unknown
    failed.catch((e: DatastoreError) => (code = e.code))
    await ticks(2)
    expect(code).toBe('TYPE_MISMATCH')
    expect(await settledAlready(failed)).toBe(true)
  })

  test('mutators never throw synchronously, whatever they are given', async () => {
    const store = loose({ s: 'x' })
    const calls: (() => Promise<unknown>)[] = [
      () => store.set(null as any, 1),
      () => store.set('f', () => 1),
      () => store.delete([]),
      () => store.init({} as any, 1),
      () => store.increment('s'),
      () => store.increment('n', 'x' as any),
      () => store.decrement(['__proto__']),
      () => store.append('s', 1),
      () => store.concat('s', 1 as any),
      () => store.operate('missing', (v: unknown) => v),
      () => store.operate('s', 'not a function' as any),
      () => store.update('s', () => {
        throw new Error('inside')
      }),
      () => store.transaction(() => {
        throw new Error('inside')
      }),
      () => store.transaction(async () => 1, { timeoutMs: -1 }),
      () => store.transaction(null as any),
    ]
    for (const call of calls) {
      let promise: Promise<unknown> | undefined
      expect(() => (promise = call())).not.toThrow()
      expect(promise).toBeInstanceOf(Promise)
      await expect(promise).rejects.toBeInstanceOf(Error)
    }
    expect(store.state).toEqual({ s: 'x' })
    expect(store.version).toBe(0)
  })
})

describe('queued when busy', () => {
  test('a mutation from a subscriber runs after every subscriber of the current commit', async () => {
    const store = loose({ a: 0, b: 0 })
    const log: string[] = []
    store.subscribe('a', (a) => {
      log.push(`first sees a=${a}`)
      if (a === 1) {
        void store.set('b', 1).then(() => log.push('b set resolved'))
        log.push(`first after issuing: b=${store.get('b')}`)
      }
    })
    store.subscribe('a', (a) => log.push(`second sees a=${a}, b=${store.get('b')}`))
    store.subscribe('b', (b) => log.push(`b listener sees b=${b}`))
    store.subscribe((state) => log.push(`root sees a=${state.a}, b=${state.b}`))
    const done = store.set('a', 1)
    log.push(`set returned: b=${store.get('b')}`)
    await done
    await ticks(2)
    expect(log).toEqual([
      'first sees a=1',
      'first after issuing: b=0',
      'second sees a=1, b=0',
      'root sees a=1, b=0',
      'b listener sees b=1',
      'root sees a=1, b=1',
      'set returned: b=1',
      'b set resolved',
    ])
  })

  test('a mutation from inside an operate function runs after that commit and its subscribers', async () => {
    const store = loose({ n: 1, other: 0 })
    const log: string[] = []
    store.subscribe('n', (n) => log.push(`n=${n}`))
    store.subscribe('other', (o) => log.push(`other=${o}`))
    const result = store.operate('n', (n: number) => {
      void store.set('other', 10)
      log.push(`inside: other=${store.get('other')}`)
      return n + 1
    })
    expect(log).toEqual(['inside: other=0', 'n=2', 'other=10'])
    expect(await result).toBe(2)
    expect(store.state).toEqual({ n: 2, other: 10 })
    expect(store.version).toBe(2)
  })

  test('a mutation from inside a transaction function runs after the transaction commits', async () => {
    const store = loose({ n: 1 })
    const log: string[] = []
    store.subscribe('n', (n) => log.push(`n=${n}`))
    await store.transaction((tx) => {
      void store.set('n', 100)
      tx.set('n', 2)
      log.push(`inside: store n=${store.get('n')}, tx n=${tx.get('n')}`)
    })
    expect(log).toEqual(['inside: store n=1, tx n=2', 'n=2', 'n=100'])
    expect(store.get('n')).toBe(100)
  })

  test('queued mutations run in the order they were issued, each on the previous commit', async () => {
    const store = loose({ list: [] })
    const { done, release } = hold(store)
    const results = [store.append('list', 'a'), store.append('list', 'b'), store.concat('list', ['c']), store.append('list', 'd')]
    expect(inspectStore(store).queued).toBe(4)
    expect(store.get('list')).toEqual([])
    release()
    await done
    expect(await Promise.all(results)).toEqual([1, 2, ['a', 'b', 'c'], 4])
    expect(store.get('list')).toEqual(['a', 'b', 'c', 'd'])
    expect(inspectStore(store).queued).toBe(0)
  })

  test('the queue drains without yielding once the blocking job ends', async () => {
    const store = loose({ n: 0 })
    const { done, release } = hold(store)
    void store.increment('n')
    void store.increment('n')
    void store.set('last', true)
    let seen: unknown
    const observed = done.then(() => (seen = { ...store.state }))
    release()
    await observed
    expect(seen).toEqual({ n: 2, last: true })
  })

  test('a failed job in the middle of the queue commits nothing and the rest goes on', async () => {
    const store = loose({ n: 0, s: 'x' })
    const { done, release } = hold(store)
    const first = store.increment('n')
    const failed = store.increment('s')
    const third = store.increment('n')
    release()
    await done
    expect(await first).toBe(1)
    await expect(failed).rejects.toMatchObject({ code: 'TYPE_MISMATCH' })
    expect(await third).toBe(2)
    expect(store.state).toEqual({ n: 2, s: 'x' })
    expect(store.version).toBe(2)
  })

  test('a subscriber that mutates on every commit of another key cannot starve the queue', async () => {
    const store = loose({ n: 0, echoes: 0 })
    store.subscribe('n', () => void store.increment('echoes'))
    await Promise.all([store.increment('n'), store.increment('n'), store.increment('n')])
    expect(store.state).toEqual({ n: 3, echoes: 3 })
  })
})

describe('reads never see a draft', () => {
  test('inside an operate function', async () => {
    const store = loose({ todo: { done: false } })
    const seen: unknown[] = []
    await store.operate('todo', (todo: { done: boolean }) => {
      todo.done = true
      seen.push(store.get(['todo', 'done']), isDraft(store.get('todo')), isDraft(store.state), Object.isFrozen(store.get('todo')))
    })
    expect(seen).toEqual([false, false, false, true])
    expect(store.get(['todo', 'done'])).toBe(true)
  })

  test('inside a transaction, sync and async, across awaits', async () => {
    const store = loose({ n: 0, o: { k: 1 } })
    const before = store.state
    const seen: unknown[] = []
    await store.transaction((tx) => {
      tx.set('n', 1)
      tx.data.o.k = 2
      seen.push(store.state === before, store.get('n'), store.get(['o', 'k']), isDraft(store.get('o')))
    })
    await store.transaction(async (tx) => {
      tx.set('n', 2)
      await ticks(3)
      tx.data.o.k = 3
      await new Promise((resolve) => setTimeout(resolve, 1))
      seen.push(store.get('n'), store.get(['o', 'k']), isDraft(store.state), Object.isFrozen(store.state))
    })
    expect(seen).toEqual([true, 0, 1, false, 1, 2, false, true])
    expect(store.state).toEqual({ n: 2, o: { k: 3 } })
  })

  test('a subscriber sees only committed state', async () => {
    const store = loose({ n: 0 })
    const seen: unknown[] = []
    store.subscribe((state) => seen.push(isDraft(state), Object.isFrozen(state), state === store.state))
    await store.transaction((tx) => {
      tx.data.n = 1
    })
    expect(seen).toEqual([false, true, true])
  })
})

describe('the queue and timers', () => {
  test('an idle store has nothing queued and no timers pending', async () => {
    vi.useFakeTimers()
    try {
      const store = loose()
      await store.transaction(async (tx) => tx.set('a', 1), { timeoutMs: 1000 })
      expect(vi.getTimerCount()).toBe(0)
      expect(inspectStore(store).queued).toBe(0)
    } finally {
      vi.useRealTimers()
    }
  })
})
