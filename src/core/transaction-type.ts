// The public type of a transaction's view: what `store.transaction(fn)` hands to `fn`. The class that
// implements it (transaction.ts) stays inside the package, so nobody can construct one.

import type { Draft } from 'immer'
import type { Reader } from './read'
import type { Recipe } from './transaction'
import type { DeepReadonly, Path, PathTo, PathValue } from './types'

type Item<A> = A extends readonly (infer E)[] ? E : unknown

/**
 * What a transaction's function works with: every read and mutator of the store, synchronous,
 * against one private draft that commits at once when the function returns.
 *
 * @example
 * await store.transaction((tx) => {
 *   const from = tx.get(['accounts', 'a'])
 *   tx.decrement(['accounts', 'a'], 10)
 *   tx.increment(['accounts', 'b'], 10)
 *   return from - 10
 * })
 */
export interface Transaction<T extends object>
  extends Pick<Reader<T>, 'get' | 'has' | 'size' | 'keys' | 'values' | 'entries' | typeof Symbol.iterator> {
  /** The store's version when the transaction took it. */
  readonly version: number
  /** The whole state as the transaction sees it now. */
  readonly state: DeepReadonly<T>
  /** The root the store was created with, as the store's own `initialState`. */
  readonly initialState: T
  /** The raw Immer draft of the root: mutate it freely; it commits with the rest. */
  readonly data: Draft<T>
  set<const P extends Path<T>>(path: P, value: DeepReadonly<PathValue<T, P>>): void
  delete(path: Path<T>): boolean
  init<const P extends Path<T>>(path: P, value: DeepReadonly<PathValue<T, P>>): DeepReadonly<PathValue<T, P>>
  increment(path: PathTo<T, number>, by?: number): number
  decrement(path: PathTo<T, number>, by?: number): number
  append<const P extends PathTo<T, readonly unknown[]>>(path: P, ...values: DeepReadonly<Item<PathValue<T, P>>>[]): number
  concat<const P extends PathTo<T, string | readonly unknown[]>>(path: P, value: DeepReadonly<NonNullable<PathValue<T, P>>>): DeepReadonly<PathValue<T, P>>
  operate<const P extends Path<T>>(path: P, fn: Recipe<PathValue<T, P>>): DeepReadonly<PathValue<T, P>>
  update<K extends Path<T> & string>(key: K, fn: Recipe<PathValue<T, K>>): DeepReadonly<PathValue<T, K>>
  /** A nested transaction: if `fn` throws, only its own changes are rolled back. */
  transaction<R>(fn: (tx: this) => R): R
  /** Ends the view: every later use throws. */
  close(): void
}
