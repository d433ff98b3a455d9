// What a tab does as it takes the lead: it persists the store (from the newer of its replica and the
// stored state, with the table of applied requests stored beside it), writing only while it holds
// the lock, and it runs here the requests it made while it followed, unless they were applied.

import { applyPatches, coreOf, type Datastore, fail } from '../core/internal'
import { indexedDBStorage } from '../persist/indexeddb'
import { persist, type PersistHooks, type Persisted } from '../persist/persist'
import type { PersistStorage } from '../persist/storage'
import { Applied } from './applied'
import type { Election } from './election'
import type { Follower } from './follower'
import { LOCAL, type Pending, type Requests } from './requests'
import type { ShareOptions } from './store'

/** One IndexedDB connection per store, however often its tab takes the lead. */
const databases = new WeakMap<Datastore<any>, PersistStorage>()

/**
 * Persists `store` under `name` (unless `options` is `false`); a stored state that cannot be read is
 * reported, and the store goes on. With an `election`, every write first asks the lock manager
 * whether this tab still leads: a leader deposed while frozen writes nothing.
 */
export function persistLead(store: Datastore<any>, name: string, options: ShareOptions['persist'], election: Election | undefined, hooks: PersistHooks | undefined): Persisted | undefined {
  if (options === false) return undefined
  let storage = options?.storage
  if (election) {
    if (!storage && typeof indexedDB !== 'undefined') databases.set(store, (storage = databases.get(store) ?? indexedDBStorage()))
    if (storage) storage = fenced(storage, election)
  }
  const saved = persist(store, { ...options, key: options?.key ?? name, storage }, hooks)
  saved.ready.catch((error) => {
    if (options?.onError) options.onError(error as never)
    else console.warn(`[atomic-datastore] ${(error as Error).message}`)
  })
  return saved
}

/** A storage that writes only while this tab holds the store's lock. */
const fenced = (storage: PersistStorage, election: Election): PersistStorage => ({
  get: (key) => storage.get(key),
  set: async (key, text) => {
    if (await election.holds()) await storage.set(key, text)
  },
  delete: async (key) => {
    if (await election.holds()) await storage.delete(key)
  },
})

/** The hooks that store the table of applied requests, and take the stored state if it is newer than the replica. */
export const hydrateFrom = (store: Datastore<any>, applied: Applied, follower: Follower): PersistHooks => ({
  meta: () => applied.toJSON(),
  hydrate: ({ state, at, meta }) => {
    // The stored state is taken if it is newer than this tab's replica, or the replica has nothing yet.
    if (store.version > 0 && at <= store.version) return
    follower.sync(Math.max(at, 1), state)
    applied.merge(Applied.fromJSON(meta).snapshot())
  },
})

/** A request made while this tab followed, now that it leads: applied here unless the table says it was applied. */
export function runHere(store: Datastore<any>, applied: Applied, requests: Requests, tab: number, pending: Pending): void {
  const known = applied.lookup(tab, pending.seq)
  if (known !== undefined) return requests.answer(pending.seq, known, Infinity)
  if (pending.stage === 'running') return
  requests.forget(pending.seq)
  if (pending.stage === 'acquire') return pending.granted(LOCAL)
  const core = coreOf(store)
  const done =
    pending.stage === 'op'
      ? core.dispatch(pending.op!)
      : core.enqueue('transaction', (writer) => {
          const { version, patches } = pending.commit!
          if (store.version !== version) throw fail.disconnected('transaction', 'the leading tab changed while the transaction ran; nothing was committed')
          applyPatches(writer, patches, 'transaction')
        })
  done.then(pending.resolve, pending.reject)
}
