// One store path as useSyncExternalStore wants it: a subscribe function, a snapshot of the value at
// the path, and a server snapshot read from the store's initial state.

import { type Key, type PathInput, toKeys } from '../core/path'
import type { DatastoreLike } from '../core/store'
import { MISSING, resolve } from '../core/tree'

/** Any store the hooks can read: a local `Datastore`, a worker replica, or a hand-written one. */
export type AnyStore = DatastoreLike<any>

export interface Binding {
  readonly subscribe: (onChange: () => void) => () => void
  readonly getSnapshot: () => unknown
  readonly getServerSnapshot: () => unknown
}

/** The value at `keys` of `root`, `undefined` where they do not resolve. */
export const valueAt = (root: unknown, keys: readonly Key[]): unknown => {
  const found = resolve(root, keys)
  return found === MISSING ? undefined : found
}

/** The three functions that tie `path` of `store` to React. They use only the store interface. */
export function bind(store: AnyStore, path: PathInput): Binding {
  let keys: readonly Key[] | undefined
  return {
    subscribe: (onChange) => store.subscribe(path, onChange),
    getSnapshot: () => store.get(path),
    getServerSnapshot: () => valueAt(store.initialState, (keys ??= toKeys('useDatastore', path))),
  }
}

/**
 * A string that two paths share exactly when they name the same value, so that a path written as a
 * fresh array literal on every render keeps its binding. `'a'` and `['a']` share one.
 */
export function pathKey(path: unknown): string {
  if (typeof path === 'string') return JSON.stringify([path])
  return Array.isArray(path) ? JSON.stringify(path) : String(path)
}
