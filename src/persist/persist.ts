// `persist`: loads a store's saved state into it as one commit, then writes the state back after
// its commits, coalesced (one write per `throttleMs`, the last commit always written). A state it
// cannot read is never overwritten; a storage that fails or hangs is reported and retried.

import { coreOf, type Datastore, DatastoreError } from '../core/internal'
import { storageError } from './errors'
import { indexedDBStorage } from './indexeddb'
import { type Loaded, type Migrate, read, write } from './record'
import { memoryStorage, type PersistStorage } from './storage'

export interface PersistOptions {
  /** The key the state is stored under. */
  readonly key: string
  /** Where it is stored. Default: IndexedDB where it exists, else memory. */
  readonly storage?: PersistStorage | undefined
  /** The version of the state's shape. A stored state of an older version goes through `migrate`. Default 1. */
  readonly version?: number | undefined
  /** Upgrades a stored state of an older version; may be async. A throw leaves the stored state as it is. */
  readonly migrate?: Migrate | undefined
  /** At most one write per this many ms (default 100). */
  readonly throttleMs?: number | undefined
  /** How long a storage call may take before it counts as failed (ms, default 10000). */
  readonly timeoutMs?: number | undefined
  /** Receives every storage failure (a `DatastoreError` with code `STORAGE`). Default: a console warning. */
  readonly onError?: ((error: DatastoreError) => void) | undefined
}

export interface Persisted {
  /** Resolves once the stored state, if any, is in the store (one commit); rejects with `STORAGE` if it cannot be read. */
  readonly ready: Promise<void>
  /** Whether loading has finished, with or without a stored state. */
  readonly loaded: boolean
  /** Writes the current state now; resolves once written, rejects with `STORAGE` if the write fails. */
  flush(): Promise<void>
  /** Deletes the stored state (also one `ready` refused to read); later commits are written again. */
  clear(): Promise<void>
  /** Stops persisting after writing what is pending. */
  stop(): Promise<void>
}

/** What the tabs layer adds: extra data stored beside the state, and its own way to take a loaded state in. */
export interface PersistHooks {
  meta?(): unknown
  hydrate?(loaded: Loaded): void | Promise<void>
}

/** The most a failing storage waits between retries (ms). */
const MAX_BACKOFF = 30_000

/**
 * Keeps `store` in `storage` under `key`: loads the saved state into it, then saves its commits.
 *
 * @example
 * const store = createDatastore({ todos: [] as string[] })
 * const saved = persist(store, { key: 'todos', storage: memoryStorage() })
 * await saved.ready
 * await store.append('todos', 'milk')
 * await saved.flush()
 */
export function persist(store: Datastore<any>, options: PersistOptions, hooks: PersistHooks = {}): Persisted {
  const { key, version = 1, migrate, throttleMs = 100, timeoutMs = 10_000 } = options
  const op = `persist '${key}'`
  const storage = options.storage ?? defaultStorage()
  const report = (error: DatastoreError) => {
    if (options.onError) options.onError(error)
    else console.warn(`[atomic-datastore] ${error.message}`)
  }
  const call = <R>(what: string, work: () => Promise<R> | R): Promise<R> =>
    new Promise<R>((resolve, reject) => {
      const timer = setTimeout(() => reject(storageError(op, `the storage did not ${what} within ${timeoutMs} ms`)), timeoutMs)
      Promise.resolve()
        .then(work)
        .then(resolve, (error) => reject(error instanceof DatastoreError && error.code === 'STORAGE' ? error : storageError(op, `the storage failed to ${what} (${String(error)})`, error)))
        .finally(() => clearTimeout(timer))
    })

  /** Set once the stored state may be written over: after a clean load, or a `clear`. */
  let writable = false
  let loaded = false
  let stopped = false
  let dirty = false
  let failures = 0
  let timer: ReturnType<typeof setTimeout> | undefined
  let writing: Promise<void> | undefined

  const me = {}
  const core = coreOf(store)

  const save = async (): Promise<void> => {
    clearTimeout(timer)
    timer = undefined
    while (writing) await writing.catch(() => {})
    if (!dirty || !writable) return
    dirty = false
    const text = write(store.state, version, store.version, hooks.meta?.())
    writing = call('write', () => storage.set(key, text))
    try {
      await writing
      failures = 0
    } catch (error) {
      dirty = true
      failures++
      report(error as DatastoreError)
      throw error
    } finally {
      writing = undefined
      if (dirty && !stopped) schedule()
    }
  }

  const schedule = () => {
    if (timer !== undefined || !writable) return
    const wait = failures ? Math.min(throttleMs * 2 ** failures, MAX_BACKOFF) : throttleMs
    timer = setTimeout(() => save().catch(() => {}), wait)
    ;(timer as { unref?: () => void }).unref?.()
  }

  const unobserve = core.observe((commit) => {
    if (commit.origin === me || stopped) return
    dirty = true
    schedule()
  })

  const onHide = () => {
    if (dirty) save().catch(() => {})
  }
  const doc = (globalThis as { document?: { visibilityState?: string; addEventListener(t: string, f: () => void): void; removeEventListener(t: string, f: () => void): void } }).document
  const onVisibility = () => doc?.visibilityState === 'hidden' && onHide()
  doc?.addEventListener('visibilitychange', onVisibility)

  const ready = (async () => {
    try {
      const text = await call('read', () => storage.get(key))
      if (text !== null && text !== undefined) {
        const found = await read(key, String(text), version, migrate)
        if (hooks.hydrate) await hooks.hydrate(found)
        else await core.enqueue('hydrate', (writer) => writer.put('hydrate', [], found.state), me).catch((error) => {
          throw storageError(op, `the stored state cannot be the root (${(error as Error).message}); it was left as it is`, error)
        })
      }
      writable = true
      schedule()
    } catch (error) {
      throw error instanceof DatastoreError ? error : storageError(op, String(error), error)
    } finally {
      loaded = true
    }
  })()
  ready.catch(() => {})

  return {
    ready,
    get loaded() {
      return loaded
    },
    async flush() {
      await ready.catch((error: unknown) => {
        if (!writable) throw error
      })
      dirty = true
      await save()
    },
    async clear() {
      await ready.catch(() => {})
      clearTimeout(timer)
      timer = undefined
      if (writing) await writing.catch(() => {})
      await call('delete', () => storage.delete(key))
      writable = !stopped
    },
    async stop() {
      if (stopped) return
      stopped = true
      unobserve()
      doc?.removeEventListener('visibilitychange', onVisibility)
      await ready.catch(() => {})
      if (dirty && writable) await save().catch(() => {})
      clearTimeout(timer)
      writable = false
    },
  }
}

let warned = false

function defaultStorage(): PersistStorage {
  if (typeof indexedDB !== 'undefined') return indexedDBStorage()
  if (typeof process !== 'undefined' && process.env.NODE_ENV !== 'production' && !warned) {
    warned = true
    console.warn('[atomic-datastore] persist: there is no IndexedDB here, so the state is kept in memory only; pass a storage such as fileStorage(dir)')
  }
  return memoryStorage()
}
