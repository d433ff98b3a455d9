// Without Web Locks (Node has none), shareDatastore is a local, persisted store and says so once.

import { afterEach, describe, expect, it, vi } from 'vitest'
import { memoryStorage } from '../../src/persist'
import { shareDatastore } from '../../src/tabs'

afterEach(() => vi.restoreAllMocks())

describe('shareDatastore without Web Locks', () => {
  it('is a local store that leads, persists to the storage given, and warns once in development', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const storage = memoryStorage()
    const first = await shareDatastore('app', { count: 0, items: [] as string[] }, { persist: { storage, throttleMs: 5 } })
    expect(first.role).toBe('leader')
    await first.increment('count', 2)
    expect(first.get('count')).toBe(2)
    await first.append('items', 'a')
    await first.transaction((tx) => tx.increment('count'))
    first.close()
    await vi.waitFor(async () => expect(JSON.parse((await storage.get('app'))!).state).toEqual({ count: 3, items: ['a'] }))

    const second = await shareDatastore('app', { count: 0, items: [] as string[] }, { persist: { storage } })
    expect(second.state).toEqual({ count: 3, items: ['a'] })
    second.close()
    expect(warn).toHaveBeenCalledTimes(1)
    expect(String(warn.mock.calls[0]![0])).toMatch(/^\[atomic-datastore\] shareDatastore\('app'\): this environment has no Web Locks or BroadcastChannel/)
  })

  it('with persist: false it keeps the state in memory only', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    const store = await shareDatastore('mem', { n: 1 }, { persist: false })
    expect(await store.increment('n')).toBe(2)
    store.close()
  })
})
