// The hooks underneath the others: the value at a path of a given store, or a selection of it.

import { useMemo } from 'react'
import { useSyncExternalStore } from 'use-sync-external-store/shim'
import { useSyncExternalStoreWithSelector } from 'use-sync-external-store/shim/with-selector'
import type { PathInput } from '../core/path'
import { type AnyStore, type Binding, bind, pathKey } from './binding'

/** Picks what a component needs from the value at its path. */
export type Selector<V, S> = (value: V) => S

/** Decides whether a new selection is the same as the last one, so that the component can skip a render. */
export type Equality<S> = (a: S, b: S) => boolean

/** The binding of `path` in `store`, kept while the store and the path's keys stay the same. */
function useBinding(store: AnyStore, path: PathInput): Binding {
  const key = pathKey(path)
  // The key stands for the path: a new array with the same keys keeps the binding.
  return useMemo(() => bind(store, path), [store, key])
}

/** Reads `path` from `store` and re-renders when the value there changes (`Object.is`). */
function usePathValue(store: AnyStore, path: PathInput): unknown {
  const { subscribe, getSnapshot, getServerSnapshot } = useBinding(store, path)
  return useSyncExternalStore(subscribe, getSnapshot, getServerSnapshot)
}

/** Reads `select(value at path)` and re-renders when the selection changes, as `equals` decides. */
function usePathSelection(store: AnyStore, path: PathInput, select: Selector<any, unknown>, equals?: Equality<unknown>): unknown {
  const { subscribe, getSnapshot, getServerSnapshot } = useBinding(store, path)
  return useSyncExternalStoreWithSelector(subscribe, getSnapshot, getServerSnapshot, select, equals)
}

/**
 * `usePathValue` without `select`, `usePathSelection` with it. A call site passes `select` on every
 * render or on none, as with any hook: the two use different hooks underneath.
 */
export function useRead(store: AnyStore, path: PathInput, select?: Selector<any, unknown>, equals?: Equality<unknown>): unknown {
  return select === undefined ? usePathValue(store, path) : usePathSelection(store, path, select, equals)
}
