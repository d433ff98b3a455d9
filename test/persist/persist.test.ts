import { describe, expect, it, vi } from 'vitest'
import { createDatastore } from '../../src/index'
import { coreOf } from '../../src/core/internal'
import { memoryStorage, persist, webStorage } from '../../src/persist'
import { probe, until } from './helpers'

const initial = () => ({
  count: 0,
  tags: new Set(['a']),
  seen: new Map([['x', new Date('2026-01-02T03:04:05.000Z')]]),
  items: [] as string[],
})

describe('persist: load and save', () => {
  it('saves the state in its JSON form and loads it back into a new store as one commit; Maps, Sets and Dates survive', async () => {
    const storage = memoryStorage()
    const first = createDatastore(initial())
    const saved = persist(first, { key: 'app', storage })
    await saved.ready
    await first.increment('count', 5)
    await first.operate('tags', (tags) => void tags.add('b'))
    await saved.flush()

    const second = createDatastore(initial())
    const commits: string[] = []
    coreOf(second).observe((commit) => commits.push(commit.label))
    const listener = vi.fn()
    second.subscribe(listener)
    const again = persist(second, { key: 'app', storage })
    expect(again.loaded).toBe(false)
    await again.ready
    expect(again.loaded).toBe(true)
    expect(commits).toEqual(['hydrate'])
    expect(listener).toHaveBeenCalledTimes(1)
    expect(second.version).toBe(1)
    expect(second.get('count')).toBe(5)
    expect(second.get('tags')).toEqual(new Set(['a', 'b']))
    expect(second.get('seen').get('x')).toEqual(new Date('2026-01-02T03:04:05.000Z'))
    expect(Object.isFrozen(second.state)).toBe(true)
  })

  it('with nothing stored, ready resolves and the store keeps its state with no commit', async () => {
    const store = createDatastore(initial())
    const saved = persist(store, { key: 'none', storage: memoryStorage() })
    await saved.ready
    expect(store.version).toBe(0)
  })

  it('a burst of 1,000 commits costs one write, holding the last commit', async () => {
    const storage = probe()
    const store = createDatastore(initial())
    const saved = persist(store, { key: 'burst', storage, throttleMs: 30 })
    await saved.ready
    for (let i = 0; i < 1000; i++) void store.increment('count')
    await until(() => storage.writes.length > 0)
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(storage.writes.length).toBe(1)
    expect(JSON.parse(storage.writes[0]!).state.count).toBe(1000)
  })

  it('commits spread over time cost one write per throttle window, and the last commit is always written', async () => {
    const storage = probe()
    const store = createDatastore(initial())
    const saved = persist(store, { key: 'spread', storage, throttleMs: 40 })
    await saved.ready
    for (let i = 0; i < 20; i++) {
      await store.append('items', `item ${i}`)
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
    await until(() => JSON.parse(storage.writes.at(-1) ?? '{"state":{"items":[]}}').state.items.length === 20)
    // 20 commits over about 100+ ms: a handful of writes, not 20.
    expect(storage.writes.length).toBeGreaterThanOrEqual(1)
    expect(storage.writes.length).toBeLessThanOrEqual(6)
  })

  it('a 1-key change on a 1 MB state costs one write of the whole state per window, however many commits', async () => {
    const storage = probe()
    const big: Record<string, string> = {}
    for (let i = 0; i < 1000; i++) big[`k${i}`] = 'x'.repeat(1000)
    const store = createDatastore<{ big: Record<string, string>; n: number }>({ big, n: 0 })
    const saved = persist(store, { key: 'big', storage, throttleMs: 30 })
    await saved.ready
    for (let i = 0; i < 200; i++) void store.increment('n')
    await until(() => storage.writes.length === 1)
    await new Promise((resolve) => setTimeout(resolve, 80))
    const bytes = storage.writes.reduce((sum, text) => sum + text.length, 0)
    expect(storage.writes.length).toBe(1)
    expect(bytes).toBeGreaterThan(1_000_000)
    expect(bytes).toBeLessThan(1_100_000)
  })

  it('migrates an older stored version, and the upgraded state is written back over it', async () => {
    const storage = memoryStorage()
    await storage.set('m', JSON.stringify({ version: 1, state: { total: 3 } }))
    const store = createDatastore({ count: 0 })
    const saved = persist(store, { key: 'm', storage, version: 2, migrate: (old: { total: number }, from) => ({ count: old.total * 10 + from }) })
    await saved.ready
    expect(store.get('count')).toBe(31)
    await saved.flush()
    expect(JSON.parse((await storage.get('m'))!)).toMatchObject({ version: 2, state: { count: 31 } })
  })

  it('stop writes what is pending and then nothing more; clear deletes the stored state', async () => {
    const storage = probe()
    const store = createDatastore(initial())
    const saved = persist(store, { key: 's', storage, throttleMs: 10_000 })
    await saved.ready
    await store.increment('count')
    await saved.stop()
    expect(storage.writes.length).toBe(1)
    await store.increment('count')
    await new Promise((resolve) => setTimeout(resolve, 30))
    expect(storage.writes.length).toBe(1)
    await saved.clear()
    expect(await storage.peek('s')).toBeUndefined()
  })

  it('webStorage keeps the state in a Web Storage object', async () => {
    const items = new Map<string, string>()
    const local = { getItem: (k: string) => items.get(k) ?? null, setItem: (k: string, v: string) => void items.set(k, v), removeItem: (k: string) => void items.delete(k) }
    const store = createDatastore(initial())
    const saved = persist(store, { key: 'w', storage: webStorage(local) })
    await saved.ready
    await store.append('items', 'a')
    await saved.flush()
    expect(JSON.parse(items.get('w')!).state.items).toEqual(['a'])
  })
})
