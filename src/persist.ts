// atomic-datastore/persist: keep a store's state across reloads, in IndexedDB, Web Storage, files or a storage of your own.

export { persist } from './persist/persist'
export type { Persisted, PersistOptions } from './persist/persist'
export type { Migrate } from './persist/record'
export { indexedDBStorage } from './persist/indexeddb'
export { fileStorage } from './persist/file'
export { memoryStorage, webStorage } from './persist/storage'
export type { PersistStorage, WebStorageLike } from './persist/storage'
