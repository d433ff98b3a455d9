import { afterEach, describe, expect, test, vi } from 'vitest'
import { createDatastore } from '../../src/index'
import { inspectStore } from '../../src/core/store'
import { expectDatastoreError, expectRejection, ticks, turn } from './helpers'
import { loose } from '../shared'


afterEach(() => {
  vi.useRealTimers()
})

describe('async transactions', () => {
  test('hold the whole store across awaits; other mutations wait behind', async () => {
    const store = loose({ n: 0 })
    const log: string[] = []
    const tx = store.transaction(async (tx) => {
      log.push('tx start')
      tx.set('n', tx.get('n') + 1)
      await ticks(5)
      await turn()
      log.push(`tx middle: store n=${store.get('n')}, queued=${inspectStore(store).queued}`)
      tx.set('n', tx.get('n') * 10)
      await turn()
      log.push('tx end')
      return 'done'
    })
    const other = store.set('n', 5).then(() => log.push(`other done: n=${store.get('n')}`))
    const inc = store.increment('n').then((n) => log.push(`increment: ${n}`))
    expect(store.get('n')).toBe(0)
    expect(inspectStore(store).queued).toBe(2)
    expect(await tx).toBe('done')
    await Promise.all([other, inc])
    expect(log).toEqual(['tx start', 'tx middle: store n=0, queued=2', 'tx end', 'other done: n=6', 'increment: 6'])
    expect(store.get('n')).toBe(6)
    expect(store.version).toBe(3)
  })

  test('commit once, when fn settles: one notification', async () => {
    const store = loose({ a: 0, b: 0 })
    const root = vi.fn()
    store.subscribe(root)
    await store.transaction(async (tx) => {
      tx.set('a', 1)
      await turn()
      tx.set('b', 1)
      await turn()
      tx.increment('a')
      expect(root).not.toHaveBeenCalled()
    })
    expect(root).toHaveBeenCalledTimes(1)
    expect(root.mock.calls[0]![0]).toEqual({ a: 2, b: 1 })
    expect(store.version).toBe(1)
  })

  test('a throw rolls back and releases the queue', async () => {
    const store = loose({ a: 0 })
    const boom = new Error('boom')
    const tx = store.transaction(async (tx) => {
      tx.set('a', 1)
      await turn()
      tx.set('b', 1)
      throw boom
    })
    const after = store.increment('a')
    await expect(tx).rejects.toBe(boom)
    expect(await after).toBe(1)
    expect(store.state).toEqual({ a: 1 })
    expect(store.version).toBe(1)
  })

  test('two async transactions run one after the other, the second sees the first', async () => {
    const store = loose({ n: 0 })
    const bump = () =>
      store.transaction(async (tx) => {
        const n = tx.get('n')
        await turn()
        tx.set('n', n + 1)
        return n
      })
    expect(await Promise.all([bump(), bump(), bump()])).toEqual([0, 1, 2])
    expect(store.get('n')).toBe(3)
  })

  test('an aborted signal rolls it back with ABORTED and releases the queue', async () => {
    const store = loose({ a: 0 })
    const controller = new AbortController()
    let later: unknown
    const tx = store.transaction(
      async (tx) => {
        tx.set('a', 1)
        await turn()
        await turn()
        try {
          tx.set('a', 2)
        } catch (error) {
          later = error
        }
      },
      { signal: controller.signal },
    )
    const after = store.set('b', 1)
    await ticks(2)
    controller.abort('user left')
    const error = await expectRejection(tx, 'ABORTED')
    expect(error.message).toContain('user left')
    expect(error.cause).toBe('user left')
    await after
    expect(store.state).toEqual({ a: 0, b: 1 })
    await turn()
    await turn()
    expectDatastoreError(later, 'ABORTED')
    expect(store.state).toEqual({ a: 0, b: 1 })
    expect(store.version).toBe(1)
  })

  test('a signal already aborted rejects at once and fn never runs', async () => {
    const store = loose()
    const fn = vi.fn()
    const error = await expectRejection(store.transaction(fn, { signal: AbortSignal.abort('early') }), 'ABORTED')
    expect(error.cause).toBe('early')
    expect(fn).not.toHaveBeenCalled()
    expect(inspectStore(store).queued).toBe(0)
  })

  test('aborting while still waiting in the queue rejects at once; fn never runs; the queue goes on', async () => {
    const store = loose({ n: 0 })
    let release!: () => void
    const holder = store.transaction(() => new Promise<void>((resolve) => (release = resolve)))
    const controller = new AbortController()
    const fn = vi.fn()
    const waiting = store.transaction(fn, { signal: controller.signal })
    const after = store.increment('n')
    let rejected = false
    waiting.catch(() => (rejected = true))
    controller.abort()
    await ticks(2)
    expect(rejected).toBe(true)
    await expectRejection(waiting, 'ABORTED')
    expect(store.get('n')).toBe(0)
    release()
    await holder
    expect(await after).toBe(1)
    expect(fn).not.toHaveBeenCalled()
  })

  test('aborting a sync transaction from inside fn rolls it back', async () => {
    const store = loose()
    const controller = new AbortController()
    await expectRejection(
      store.transaction(
        (tx) => {
          tx.set('a', 1)
          controller.abort()
        },
        { signal: controller.signal },
      ),
      'ABORTED',
    )
    expect(store.state).toEqual({})
  })

  test('an async transaction aborted before its first await releases the queue', async () => {
    const store = loose({ n: 0 })
    const controller = new AbortController()
    const aborted = store.transaction(
      async (tx) => {
        tx.set('n', 100)
        controller.abort()
        await turn()
      },
      { signal: controller.signal },
    )
    const after = store.increment('n')
    await expectRejection(aborted, 'ABORTED')
    expect(await after).toBe(1)
    expect(inspectStore(store).queued).toBe(0)
    expect(await store.increment('n')).toBe(2)
  })

  test('aborting after it committed changes nothing', async () => {
    const store = loose()
    const controller = new AbortController()
    await store.transaction(async (tx) => tx.set('a', 1), { signal: controller.signal })
    controller.abort()
    expect(store.get('a')).toBe(1)
  })

  test('timeoutMs rolls it back with TIMEOUT and releases the queue', async () => {
    vi.useFakeTimers()
    const store = loose({ n: 0 })
    let later: unknown
    const tx = store.transaction(
      async (tx) => {
        tx.set('n', 1)
        await new Promise((resolve) => setTimeout(resolve, 1000))
        try {
          tx.set('n', 2)
        } catch (error) {
          later = error
        }
      },
      { timeoutMs: 100 },
    )
    const after = store.increment('n')
    let settled = false
    tx.catch(() => (settled = true))
    await vi.advanceTimersByTimeAsync(99)
    expect(settled).toBe(false)
    expect(store.get('n')).toBe(0)
    await vi.advanceTimersByTimeAsync(1)
    const error = await expectRejection(tx, 'TIMEOUT')
    expect(error.message).toBe('transaction: did not finish within 100 ms and was rolled back')
    expect(await after).toBe(1)
    await vi.advanceTimersByTimeAsync(1000)
    expectDatastoreError(later, 'ABORTED')
    expect(store.get('n')).toBe(1)
    expect(store.version).toBe(1)
  })

  test('timeoutMs counts from the moment it takes the store, not from the call', async () => {
    vi.useFakeTimers()
    const store = loose()
    const first = store.transaction(async (tx) => {
      await new Promise((resolve) => setTimeout(resolve, 300))
      tx.set('first', true)
    })
    const second = store.transaction(
      async (tx) => {
        await new Promise((resolve) => setTimeout(resolve, 80))
        tx.set('second', true)
      },
      { timeoutMs: 100 },
    )
    await vi.advanceTimersByTimeAsync(300)
    await first
    await vi.advanceTimersByTimeAsync(80)
    await second
    expect(store.state).toEqual({ first: true, second: true })
  })

  test('a transaction that finishes in time clears its timer', async () => {
    vi.useFakeTimers()
    const store = loose()
    await store.transaction(
      async (tx) => {
        await ticks(2)
        tx.set('a', 1)
      },
      { timeoutMs: 50 },
    )
    expect(vi.getTimerCount()).toBe(0)
    expect(store.get('a')).toBe(1)
  })

  test('a bad timeoutMs is refused', async () => {
    const store = loose()
    const fn = vi.fn()
    await expectRejection(store.transaction(fn, { timeoutMs: -1 }), 'TYPE_MISMATCH', [])
    await expectRejection(store.transaction(fn, { timeoutMs: Number.NaN }), 'TYPE_MISMATCH', [])
    expect(fn).not.toHaveBeenCalled()
  })
})

describe('the lost-update contrast', () => {
  const workers = 200

  test('naive read, await, write loses updates', async () => {
    const store = createDatastore({ counter: 0 })
    await Promise.all(
      Array.from({ length: workers }, async (_, i) => {
        const current = store.get('counter')
        await (i % 2 === 0 ? ticks(1) : turn())
        await store.set('counter', current + 1)
      }),
    )
    expect(store.get('counter')).toBe(1)
    expect(store.version).toBe(1)
  })

  test('the same code in an async transaction loses none', async () => {
    const store = createDatastore({ counter: 0 })
    await Promise.all(
      Array.from({ length: workers }, (_, i) =>
        store.transaction(async (tx) => {
          const current = tx.get('counter')
          await (i % 2 === 0 ? ticks(1) : turn())
          tx.set('counter', current + 1)
        }),
      ),
    )
    expect(store.get('counter')).toBe(workers)
    expect(store.version).toBe(workers)
  })

  test('a failing transaction among them costs only its own update', async () => {
    const store = createDatastore({ counter: 0 })
    const results = await Promise.allSettled(
      Array.from({ length: workers }, (_, i) =>
        store.transaction(async (tx) => {
          const current = tx.get('counter')
          await turn()
          tx.set('counter', current + 1)
          if (i % 10 === 0) throw new Error(`worker ${i}`)
        }),
      ),
    )
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(workers / 10)
    expect(store.get('counter')).toBe(workers - workers / 10)
  })
})
