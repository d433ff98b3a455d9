// The hooks underneath the others: the value at a path of a given store, a selection of it, or a
// selection over several paths.

import { useMemo } from 'react'
import { useSyncExternalStore } from 'use-sync-external-store/shim'
import { useSyncExternalStoreWithSelector } from 'use-sync-external-store/shim/with-selector'
import { describe, extensionError } from '../core/errors'
import type { Key, PathInput } from '../core/path'
import { type AnyStore, type Binding, bind, pathKey } from './binding'
import { bindPaths, isPathList } from './paths-binding'

/** Picks what a component needs from the value at its path. */
export type Selector<V, S> = (value: V) => S

/** Decides whether a new selection is the same as the last one, so that the component can skip a render. */
export type Equality<S> = (a: S, b: S) => boolean

/** The hook under a concurrent provider (use-concurrent.ts), which the provider hands down. */
export type ConcurrentReader = (store: AnyStore, target: Target, select?: Selector<any, unknown>, equals?: Equality<unknown>) => unknown

/** What a hook reads: one path, or a list of array paths whose values a selector combines. */
export type Target = PathInput | readonly (readonly Key[])[]

/** The binding of `target` in `store`, kept while the store and the paths' keys stay the same. */
function useBinding(store: AnyStore, target: Target): Binding {
  const key = pathKey(target)
  // The key stands for the paths: a new array with the same keys keeps the binding.
  return useMemo(() => (isPathList(target) ? bindPaths(store, target) : bind(store, target as PathInput)), [store, key])
}

/** Reads `path` from `store` and re-renders when the value there changes (`Object.is`). */
function usePathValue(store: AnyStore, path: PathInput): unknown {
  const { subscribe, getSnapshot, getServerSnapshot } = useBinding(store, path)
  return useSyncExternalStore(subscribe, getSnapshot, getServerSnapshot)
}

/** Reads `select(value)` (over a tuple, `select(...values)`) and re-renders when the selection changes. */
function usePathSelection(store: AnyStore, target: Target, select: Selector<any, unknown>, equals?: Equality<unknown>): unknown {
  const { subscribe, getSnapshot, getServerSnapshot } = useBinding(store, target)
  const many = isPathList(target)
  const pick = many ? (values: any) => (select as (...values: unknown[]) => unknown)(...values) : select
  return useSyncExternalStoreWithSelector(subscribe, getSnapshot, getServerSnapshot, pick, equals)
}

/**
 * `usePathValue` without `select`, `usePathSelection` with it, and `concurrent` (the concurrent hook)
 * under a concurrent provider. A call site passes `select` on every render or on none, as with any
 * hook: they use different hooks underneath.
 */
export function useRead(store: AnyStore, target: Target, select?: Selector<any, unknown>, equals?: Equality<unknown>, concurrent?: ConcurrentReader): unknown {
  if (isPathList(target) && typeof select !== 'function') throw extensionError('TYPE_MISMATCH', 'useDatastore', [], () => `expected a selector function after a list of paths, found ${describe(select)}`)
  if (concurrent) return concurrent(store, target, select, equals)
  return select === undefined ? usePathValue(store, target as PathInput) : usePathSelection(store, target, select, equals)
}
