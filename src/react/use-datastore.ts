// useDatastore: the value at a path of the store from the nearest DatastoreProvider, or of a store
// passed in, re-rendering only when that value changes.

import { useContext } from 'react'
import { fail } from '../core/errors'
import type { PathInput } from '../core/path'
import type { DatastoreLike } from '../core/store'
import type { Key } from '../core/path'
import type { DeepReadonly, Path, PathValue } from '../core/types'
import type { AnyStore } from './binding'
import { StoreContext, useConcurrentFor } from './context'
import { type Equality, type Selector, type Target, useRead } from './use-path-value'

/** A path written as an array, as each path of a multi-path selection is. */
export type ArrayPath<T> = Extract<Path<T>, readonly unknown[]>

/** The values at `Ps` of `T`, one per path, as a multi-path selector receives them. */
export type ValuesAt<T, Ps extends readonly unknown[]> = { [I in keyof Ps]: DeepReadonly<PathValue<T, Ps[I]>> }

const isPath = (value: unknown): value is Target => typeof value === 'string' || Array.isArray(value)

/**
 * The value at `path`, kept current: the component re-renders when, and only when, that value
 * changes (`Object.is`). One commit is one render, however many keys it touched. With `select`, the
 * component gets `select(value)` and re-renders when the selection changes, as `equals` (default
 * `Object.is`) decides. With a list of array paths, `select` receives their values in order, and the
 * component re-renders only after a commit that changed one of them, when the selection differs. The
 * store comes from the nearest `DatastoreProvider`, unless one is passed
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
 *
 * function Greeting() {
 *   // several paths, each an array: re-renders only when one of them changed and the text differs
 *   const text = useDatastore(store, [['user', 'name'], ['counter']], (name, count) => `${name} (${count})`)
 *   return <p>{text}</p>
 * }
 */
export function useDatastore<T extends object, const P extends Path<T>>(store: DatastoreLike<T>, path: P): DeepReadonly<PathValue<T, P>>
export function useDatastore<T extends object, const P extends Path<T>, S>(
  store: DatastoreLike<T>,
  path: P,
  select: Selector<DeepReadonly<PathValue<T, P>>, S>,
  equals?: Equality<S>,
): S
export function useDatastore<T extends object, const Ps extends readonly ArrayPath<T>[], S>(
  store: DatastoreLike<T>,
  paths: readonly [...Ps],
  select: (...values: ValuesAt<T, Ps>) => S,
  equals?: Equality<S>,
): S
export function useDatastore<V = unknown>(path: PathInput): V
export function useDatastore<V, S>(path: PathInput, select: Selector<V, S>, equals?: Equality<S>): S
export function useDatastore<Vs extends readonly unknown[], S>(paths: readonly (readonly Key[])[], select: (...values: Vs) => S, equals?: Equality<S>): S
export function useDatastore(first: unknown, second?: unknown, third?: unknown, fourth?: unknown): unknown {
  const provided = useContext(StoreContext)
  const own = !isPath(first)
  const store = (own ? (first as AnyStore | null | undefined) : undefined) ?? provided
  if (store === null) throw fail.noStore()
  return useRead(
    store,
    (own ? second : first) as Target,
    (own ? third : second) as Selector<any, unknown> | undefined,
    (own ? fourth : third) as Equality<unknown> | undefined,
    useConcurrentFor(store),
  )
}
