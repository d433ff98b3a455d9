// A storage that counts its calls and can be told to fail or hang, around a real memory storage.

import { memoryStorage, type PersistStorage } from '../../src/persist'

export interface Probe extends PersistStorage {
  readonly writes: string[]
  /** 'ok', 'full' (writes reject), 'hang' (every call never settles), 'broken' (reads reject). */
  mode: 'ok' | 'full' | 'hang' | 'broken'
  /** The text stored under `key` now, read past the faults. */
  peek(key: string): Promise<string | null | undefined>
}

export function probe(inner: PersistStorage = memoryStorage()): Probe {
  const hang = () => new Promise<never>(() => {})
  const storage: Probe = {
    writes: [],
    mode: 'ok',
    peek: async (key) => inner.get(key),
    async get(key) {
      if (storage.mode === 'hang') return hang()
      if (storage.mode === 'broken') throw new Error('the disk is unreadable')
      return inner.get(key)
    },
    async set(key, text) {
      if (storage.mode === 'hang') return hang()
      if (storage.mode === 'full') throw new DOMException('The quota has been exceeded.', 'QuotaExceededError')
      storage.writes.push(text)
      await inner.set(key, text)
    },
    async delete(key) {
      if (storage.mode === 'hang') return hang()
      await inner.delete(key)
    },
  }
  return storage
}

export const until = async (check: () => boolean, ms = 5000) => {
  const end = Date.now() + ms
  while (!check()) {
    if (Date.now() > end) throw new Error('the condition never held')
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}
