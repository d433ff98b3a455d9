// The development warning for a job stuck behind an async transaction, such as a transaction that
// awaits a mutation of its own store (a deadlock), and what a timeout does to that deadlock.

import { afterEach, beforeEach, describe, expect, type MockInstance, test, vi } from 'vitest'

let warn: MockInstance<typeof console.warn>

beforeEach(() => {
  vi.useFakeTimers()
  vi.resetModules()
  warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
})

afterEach(() => {
  vi.useRealTimers()
  vi.unstubAllEnvs()
  warn.mockRestore()
})

/** A fresh copy of the package, so that each test starts with nothing warned yet. */
const load = () => import('../../src/index')

describe('a job waiting behind an async transaction', () => {
  test('await store.set inside the transaction: one warning after about a second, naming tx', async () => {
    const { createDatastore } = await load()
    const store = createDatastore({ a: 0, b: 0 })
    const done = vi.fn()
    void store.transaction(async () => {
      await store.set('a', 1)
    }).then(done)
    await vi.advanceTimersByTimeAsync(900)
    expect(warn).not.toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(200)
    expect(warn).toHaveBeenCalledTimes(1)
    const message = String(warn.mock.calls[0]![0])
    expect(message.startsWith('[atomic-datastore] ')).toBe(true)
    expect(message).toContain('async transaction')
    expect(message).toContain('tx.set(')
    const later = vi.fn()
    void store.set('b', 1).then(later)
    await vi.advanceTimersByTimeAsync(5000)
    expect(warn).toHaveBeenCalledTimes(1)
    expect(done).not.toHaveBeenCalled()
    expect(later).not.toHaveBeenCalled()
    expect(store.get('a')).toBe(0)
  })

  test('with timeoutMs the transaction fails with TIMEOUT, then the queued set commits', async () => {
    const { createDatastore } = await load()
    const store = createDatastore({ a: 0 })
    const result = store.transaction(
      async (tx) => {
        tx.set('a', 5)
        await store.set('a', 1)
      },
      { timeoutMs: 2000 },
    )
    const failure = result.catch((error: unknown) => error)
    await vi.advanceTimersByTimeAsync(2000)
    expect(await failure).toMatchObject({ code: 'TIMEOUT' })
    expect(store.get('a')).toBe(1)
    expect(warn).toHaveBeenCalledTimes(1)
  })

  test('a transaction that writes through tx and finishes quickly warns about nothing', async () => {
    const { createDatastore } = await load()
    const store = createDatastore({ a: 0 })
    const tx = store.transaction(async (view) => {
      await new Promise((resolve) => setTimeout(resolve, 500))
      view.set('a', 1)
    })
    const queued = store.set('a', 2)
    await vi.advanceTimersByTimeAsync(600)
    await Promise.all([tx, queued])
    await vi.advanceTimersByTimeAsync(5000)
    expect(store.get('a')).toBe(2)
    expect(warn).not.toHaveBeenCalled()
  })

  test('a slow transaction with nothing waiting behind it warns about nothing', async () => {
    const { createDatastore } = await load()
    const store = createDatastore({ a: 0 })
    const tx = store.transaction(async (view) => {
      await new Promise((resolve) => setTimeout(resolve, 3000))
      view.set('a', 1)
    })
    await vi.advanceTimersByTimeAsync(3000)
    await tx
    expect(warn).not.toHaveBeenCalled()
  })

  test('production builds never warn', async () => {
    vi.stubEnv('NODE_ENV', 'production')
    const { createDatastore } = await load()
    const store = createDatastore({ a: 0 })
    void store.transaction(async () => {
      await store.set('a', 1)
    })
    await vi.advanceTimersByTimeAsync(5000)
    expect(warn).not.toHaveBeenCalled()
  })
})
