// Several store paths as one useSyncExternalStore source: a snapshot that is the tuple of their
// values, kept the same array until one of them changes, so a selection over it reruns only then.

import { type Key, toKeys } from '../core/path'
import { type AnyStore, type Binding, valueAt } from './binding'

/** Whether `path` is a list of array paths (`[['a'], ['b', 'c']]`) rather than one path. */
export const isPathList = (path: unknown): path is readonly (readonly Key[])[] =>
  Array.isArray(path) && path.length > 0 && path.every((item) => Array.isArray(item))

/** The tuple of values at `paths` of `root`, or `last` when every value is the same as in `last`. */
export function valuesAt(root: unknown, keys: readonly (readonly Key[])[], last?: readonly unknown[]): readonly unknown[] {
  const values = keys.map((path) => valueAt(root, path))
  return last !== undefined && values.every((value, index) => Object.is(value, last[index])) ? last : values
}

/** The three functions that tie `paths` of `store` to React, as one tuple of values. */
export function bindPaths(store: AnyStore, paths: readonly (readonly Key[])[]): Binding {
  const keys = paths.map((path) => toKeys('useDatastore', path))
  let last: readonly unknown[] | undefined
  let server: readonly unknown[] | undefined
  return {
    subscribe: (onChange) => {
      const stops = paths.map((path) => store.subscribe(path, onChange))
      return () => stops.forEach((stop) => stop())
    },
    getSnapshot: () => (last = valuesAt(store.state, keys, last)),
    getServerSnapshot: () => (server ??= valuesAt(store.initialState, keys)),
  }
}
