// Where a persisted state lives: one small async key-value interface, and the storages that come
// with the package (memory, localStorage/sessionStorage). IndexedDB and files have their own rooms.

/**
 * A place to keep text under a key. Every method may return a Promise; a failure rejects (or throws)
 * and is reported through `persist`'s `onError`. Write your own for React Native, encrypted storage...
 *
 * @example
 * const storage: PersistStorage = {
 *   get: (key) => AsyncStorage.getItem(key),
 *   set: (key, text) => AsyncStorage.setItem(key, text),
 *   delete: (key) => AsyncStorage.removeItem(key),
 * }
 */
export interface PersistStorage {
  /** The text stored under `key`, or `null`/`undefined` when there is none. */
  get(key: string): Promise<string | null | undefined> | string | null | undefined
  set(key: string, text: string): Promise<void> | void
  delete(key: string): Promise<void> | void
}

/**
 * A storage that lives as long as the page or process: for tests, and for servers.
 *
 * @example
 * const saved = persist(store, { key: 'app', storage: memoryStorage() })
 */
export function memoryStorage(): PersistStorage {
  const items = new Map<string, string>()
  return {
    get: async (key) => items.get(key),
    set: async (key, text) => void items.set(key, text),
    delete: async (key) => void items.delete(key),
  }
}

/** The part of the Web Storage API that `webStorage` uses. */
export interface WebStorageLike {
  getItem(key: string): string | null
  setItem(key: string, value: string): void
  removeItem(key: string): void
}

/**
 * `localStorage` or `sessionStorage` as a storage. A full quota rejects the write, which `persist`
 * reports and retries.
 *
 * @example
 * const saved = persist(store, { key: 'app', storage: webStorage(localStorage) })
 */
export function webStorage(storage: WebStorageLike): PersistStorage {
  return {
    get: async (key) => storage.getItem(key),
    set: async (key, text) => storage.setItem(key, text),
    delete: async (key) => storage.removeItem(key),
  }
}
