// IndexedDB as a storage: one database, one object store of texts by key. The connection opens on
// first use, and opens again if the browser closed it (another version of the page upgraded it).

import type { PersistStorage } from './storage'

const STORE = 'state'

/**
 * The default storage in browsers: texts in the IndexedDB database `dbName`.
 *
 * @example
 * const saved = persist(store, { key: 'app', storage: indexedDBStorage('my-app') })
 */
export function indexedDBStorage(dbName = 'atomic-datastore'): PersistStorage {
  let opening: Promise<IDBDatabase> | undefined
  const open = () =>
    (opening ??= new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(dbName, 1)
      request.onupgradeneeded = () => request.result.createObjectStore(STORE)
      request.onsuccess = () => {
        const db = request.result
        const forget = () => {
          db.close()
          opening = undefined
        }
        db.onversionchange = forget
        db.onclose = () => (opening = undefined)
        resolve(db)
      }
      request.onerror = () => {
        opening = undefined
        reject(request.error)
      }
      request.onblocked = () => {
        opening = undefined
        reject(new Error(`IndexedDB '${dbName}' is blocked by another connection`))
      }
    }))

  const run = async <R>(mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest | undefined): Promise<R> => {
    const db = await open()
    return new Promise<R>((resolve, reject) => {
      const tx = db.transaction(STORE, mode)
      const request = work(tx.objectStore(STORE))
      tx.oncomplete = () => resolve(request?.result as R)
      tx.onerror = () => reject(tx.error)
      tx.onabort = () => reject(tx.error ?? new Error('the IndexedDB transaction was aborted'))
    })
  }

  return {
    get: (key) => run<string | undefined>('readonly', (store) => store.get(key)),
    set: (key, text) => run('readwrite', (store) => store.put(text, key)),
    delete: (key) => run('readwrite', (store) => store.delete(key)),
  }
}
