// Bad stored data is never overwritten; a failing or hanging storage is reported and retried.

import { describe, expect, it } from 'vitest'
import { createDatastore, DatastoreError } from '../../src/index'
import { persist } from '../../src/persist'
import { probe, until } from './helpers'

const refusal = async (ready: Promise<void>) => {
  const error = await ready.then(() => undefined, (e: unknown) => e)
  expect(error).toBeInstanceOf(DatastoreError)
  expect((error as DatastoreError).code).toBe('STORAGE')
  return (error as DatastoreError).message
}

/** Loads `text`, expects a refusal, then checks the store is usable and the text survives commits and flushes. */
async function refused(text: string, options: { version?: number; migrate?: (state: any, from: number) => unknown } = {}) {
  const storage = probe()
  await storage.set('k', text)
  storage.writes.length = 0
  const store = createDatastore({ count: 0 })
  const saved = persist(store, { key: 'k', storage, throttleMs: 5, ...options })
  const message = await refusal(saved.ready)
  expect(store.get('count')).toBe(0)
  expect(store.version).toBe(0)
  await store.increment('count')
  expect(store.get('count')).toBe(1)
  await new Promise((resolve) => setTimeout(resolve, 40))
  await expect(saved.flush()).rejects.toMatchObject({ code: 'STORAGE' })
  expect(storage.writes).toEqual([])
  expect(await storage.peek('k')).toBe(text)
  return { message, saved, storage, store }
}

describe('persist: stored data it cannot take in is left untouched', () => {
  it('corrupt text (not JSON)', async () => {
    const { message } = await refused('{"version":1,"state":{"cou')
    expect(message).toBe("persist 'k': the stored text is not JSON; it was left as it is")
  })

  it('JSON that is not a stored state', async () => {
    const { message } = await refused('[1,2,3]')
    expect(message).toMatch(/not a saved state/)
  })

  it('a state the store refuses (a forbidden key)', async () => {
    const { message } = await refused('{"version":1,"state":{"__proto__":{"x":1}}}')
    expect(message).toMatch(/the stored state is corrupt/)
  })

  it('a state from a newer version', async () => {
    const { message } = await refused(JSON.stringify({ version: 3, state: { count: 9 } }), { version: 2 })
    expect(message).toBe("persist 'k': the stored state is from version 3, newer than this app's version 2; it was left as it is")
  })

  it('an older version and no migrate', async () => {
    const { message } = await refused(JSON.stringify({ version: 1, state: { count: 9 } }), { version: 2 })
    expect(message).toMatch(/no migrate function upgrades it to 2/)
  })

  it('a migrate that throws', async () => {
    const { message } = await refused(JSON.stringify({ version: 1, state: { count: 9 } }), {
      version: 2,
      migrate: () => {
        throw new Error('no column "total"')
      },
    })
    expect(message).toBe(`persist 'k': migrate from version 1 to 2 failed (no column "total"); the stored state was left as it is`)
  })

  it('a migrate that returns something that cannot be a root', async () => {
    const { message } = await refused(JSON.stringify({ version: 1, state: { count: 9 } }), { version: 2, migrate: () => 42 })
    expect(message).toMatch(/cannot be the root/)
  })

  it('clear() deletes the refused state on purpose, and persisting resumes', async () => {
    const { saved, storage, store } = await refused('not json')
    await saved.clear()
    expect(await storage.peek('k')).toBeUndefined()
    await store.increment('count')
    await saved.flush()
    expect(JSON.parse((await storage.peek('k'))!).state.count).toBe(2)
  })
})

describe('persist: a failing storage is reported, never thrown, and retried with the newest state', () => {
  it('a full quota: every failed write goes to onError; once there is room the newest state is written', async () => {
    const storage = probe()
    const errors: DatastoreError[] = []
    const store = createDatastore({ count: 0 })
    const saved = persist(store, { key: 'q', storage, throttleMs: 5, onError: (e) => errors.push(e) })
    await saved.ready
    storage.mode = 'full'
    await store.increment('count')
    await until(() => errors.length >= 2)
    expect(errors[0]!.code).toBe('STORAGE')
    expect(errors[0]!.message).toMatch(/^persist 'q': the storage failed to write \(QuotaExceededError/)
    await store.increment('count', 10)
    expect(store.get('count')).toBe(11)
    storage.mode = 'ok'
    await until(() => storage.writes.length > 0, 10_000)
    expect(JSON.parse(storage.writes.at(-1)!).state.count).toBe(11)
    await saved.stop()
  })

  it('an explicit flush on a full storage rejects with STORAGE, and the app goes on', async () => {
    const storage = probe()
    const errors: DatastoreError[] = []
    const store = createDatastore({ count: 0 })
    const saved = persist(store, { key: 'f', storage, throttleMs: 1000, onError: (e) => errors.push(e) })
    await saved.ready
    storage.mode = 'full'
    await store.increment('count')
    await expect(saved.flush()).rejects.toMatchObject({ code: 'STORAGE' })
    expect(errors.length).toBe(1)
    storage.mode = 'ok'
    await saved.flush()
    expect(JSON.parse(storage.writes.at(-1)!).state.count).toBe(1)
  })

  it('a storage that hangs on read: ready rejects after timeoutMs, the store stays usable and nothing is written', async () => {
    const storage = probe()
    storage.mode = 'hang'
    const store = createDatastore({ count: 0 })
    const saved = persist(store, { key: 'h', storage, timeoutMs: 50, throttleMs: 5 })
    expect(await refusal(saved.ready)).toBe("persist 'h': the storage did not read within 50 ms")
    await store.increment('count')
    storage.mode = 'ok'
    await new Promise((resolve) => setTimeout(resolve, 40))
    expect(storage.writes).toEqual([])
  })

  it('a storage that hangs on write: reported after timeoutMs, then retried with the newest state', async () => {
    const storage = probe()
    const errors: DatastoreError[] = []
    const store = createDatastore({ count: 0 })
    const saved = persist(store, { key: 'w', storage, timeoutMs: 30, throttleMs: 5, onError: (e) => errors.push(e) })
    await saved.ready
    storage.mode = 'hang'
    await store.increment('count')
    await until(() => errors.length >= 1)
    expect(errors[0]!.message).toBe("persist 'w': the storage did not write within 30 ms")
    await store.increment('count')
    storage.mode = 'ok'
    await until(() => storage.writes.length > 0, 10_000)
    expect(JSON.parse(storage.writes.at(-1)!).state.count).toBe(2)
    await saved.stop()
  })

  it('a storage whose read fails: ready rejects, and the stored data is not written over', async () => {
    const storage = probe()
    await storage.set('b', JSON.stringify({ version: 1, state: { count: 7 } }))
    storage.writes.length = 0
    storage.mode = 'broken'
    const store = createDatastore({ count: 0 })
    const saved = persist(store, { key: 'b', storage, throttleMs: 5 })
    expect(await refusal(saved.ready)).toMatch(/the storage failed to read \(Error: the disk is unreadable\)/)
    storage.mode = 'ok'
    await store.increment('count')
    await new Promise((resolve) => setTimeout(resolve, 40))
    expect(storage.writes).toEqual([])
  })
})
