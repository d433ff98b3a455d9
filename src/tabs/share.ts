// `shareDatastore`: one store for every tab of an origin, led by the tab that holds its Web Lock.

import { openShared, type SharedDatastore, type ShareOptions } from './store'

/**
 * Shares a store between the tabs of this origin under `name`. Resolves, once the shared (or stored)
 * state is in it, to the store itself: the same interface on every tab, with `role`,
 * `subscribeRole` and `close`. The leading tab owns the store and persists it (IndexedDB by default);
 * when it closes or crashes, another tab takes over. Without Web Locks or BroadcastChannel it is a
 * local, persisted store.
 *
 * @example
 * const store = await shareDatastore('app', { count: 0, items: [] as string[] })
 * await store.increment('count')          // applied once, by the leading tab
 * store.subscribeRole((role) => console.log('this tab is now the', role))
 */
export function shareDatastore<T extends object = Record<string, any>>(name: string, initial?: T, options: ShareOptions = {}): Promise<SharedDatastore<T>> {
  return openShared(name, initial, options)
}
