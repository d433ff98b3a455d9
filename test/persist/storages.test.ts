// The storages that come with the package, each against the real thing: files in a temporary
// folder, and IndexedDB (fake-indexeddb, an implementation of the spec for Node).

import 'fake-indexeddb/auto'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createDatastore } from '../../src/index'
import { fileStorage, indexedDBStorage, persist } from '../../src/persist'

const dir = mkdtempSync(join(tmpdir(), 'ads-persist-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('fileStorage', () => {
  it('writes one file per key by rename, leaves no temporary file, and loads it back', async () => {
    const folder = join(dir, 'nested', 'data')
    const store = createDatastore({ items: [] as string[], at: new Date(0) })
    const saved = persist(store, { key: 'app/main', storage: fileStorage(folder) })
    await saved.ready
    await store.append('items', 'a', 'b')
    await saved.flush()
    await store.append('items', 'c')
    await saved.flush()
    expect(readdirSync(folder)).toEqual(['app%2Fmain.json'])
    expect(JSON.parse(readFileSync(join(folder, 'app%2Fmain.json'), 'utf8')).state.items).toEqual(['a', 'b', 'c'])

    const again = createDatastore({ items: [] as string[], at: new Date(1) })
    await persist(again, { key: 'app/main', storage: fileStorage(folder) }).ready
    expect(again.get('items')).toEqual(['a', 'b', 'c'])
    expect(again.get('at')).toEqual(new Date(0))
  })

  it('get of a missing key is nothing; delete removes the file', async () => {
    const storage = fileStorage(join(dir, 'other'))
    expect(await storage.get('missing')).toBeUndefined()
    await storage.set('x', 'text')
    expect(await storage.get('x')).toBe('text')
    await storage.delete('x')
    expect(await storage.get('x')).toBeUndefined()
  })
})

describe('indexedDBStorage', () => {
  it('is the default where IndexedDB exists, and keeps the state across stores', async () => {
    const store = createDatastore({ tags: new Set<string>(), n: 0 })
    const saved = persist(store, { key: 'idb' })
    await saved.ready
    await store.operate('tags', (tags) => void tags.add('x'))
    await store.increment('n', 2)
    await saved.flush()
    const again = createDatastore({ tags: new Set<string>(), n: 0 })
    await persist(again, { key: 'idb', storage: indexedDBStorage() }).ready
    expect(again.get('tags')).toEqual(new Set(['x']))
    expect(again.get('n')).toBe(2)
  })

  it('keeps databases apart by name, and deletes', async () => {
    const a = indexedDBStorage('a')
    const b = indexedDBStorage('b')
    await a.set('k', 'in a')
    expect(await b.get('k')).toBeUndefined()
    expect(await a.get('k')).toBe('in a')
    await a.delete('k')
    expect(await a.get('k')).toBeUndefined()
  })
})
