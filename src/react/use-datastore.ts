// useDatastore: the value at a path of the store from the nearest DatastoreProvider, or of a store
// passed in, re-rendering only when that value changes.

import { useContext } from 'react'
import { fail } from '../core/errors'
import type { PathInput } from '../core/path'
import type { DatastoreLike } from '../core/store'
import type { Path, PathValue } from '../core/types'
import type { AnyStore } from './binding'
import { StoreContext } from './context'
import { type Equality, type Selector, useRead } from './use-path-value'

const isPath = (value: unknown): value is PathInput => typeof value === 'string' || Array.isArray(value)

/**
 * The value at `path`, kept current: the component re-renders when, and only when, that value
 * changes (`Object.is`). One commit is one render, however many keys it touched. With `select`, the
 * component gets `select(value)` and re-renders when the selection changes, as `equals` (default
 * `Object.is`) decides. The store comes from the nearest `DatastoreProvider`, unless one is passed
 * first; with neither, it throws a `DatastoreError` (`NO_STORE`).
 *
 * @example
 * function Score() {
 *   const score = useDatastore(store, ['user', 'profile', 'score'])   // number, from the store's type
 *   return <span>{score}</span>
 * }
 *
 * function Names() {
 *   // the store from <DatastoreProvider>; a new array each time, so an `equals` that compares items
 *   const names = useDatastore('users', (users: User[]) => users.map((u) => u.name), sameItems)
 *   return <ul>{names.map((name) => <li key={name}>{name}</li>)}</ul>
 * }
 */
export function useDatastore<T extends object, const P extends Path<T>>(store: DatastoreLike<T>, path: P): PathValue<T, P>
export function useDatastore<T extends object, const P extends Path<T>, S>(
  store: DatastoreLike<T>,
  path: P,
  select: Selector<PathValue<T, P>, S>,
  equals?: Equality<S>,
): S
export function useDatastore<V = any>(path: PathInput): V
export function useDatastore<S>(path: PathInput, select: Selector<any, S>, equals?: Equality<S>): S
export function useDatastore(first: unknown, second?: unknown, third?: unknown, fourth?: unknown): unknown {
  const provided = useContext(StoreContext)
  const own = !isPath(first)
  const store = (own ? (first as AnyStore | null | undefined) : undefined) ?? provided
  if (store === null) throw fail.noStore()
  return useRead(
    store,
    (own ? second : first) as PathInput,
    (own ? third : second) as Selector<any, unknown> | undefined,
    (own ? fourth : third) as Equality<unknown> | undefined,
  )
}
