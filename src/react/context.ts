// Stores handed down through React context: the default provider, and typed contexts made by
// createDatastoreContext, each with its own Provider, useDatastore and useStore.

import { type Context, createContext, createElement, type ReactElement, type ReactNode, useContext } from 'react'
import { fail } from '../core/errors'
import type { Datastore, DatastoreLike } from '../core/store'
import type { DeepReadonly, Path, PathValue } from '../core/types'
import type { AnyStore } from './binding'
import type { ArrayPath, ValuesAt } from './use-datastore'
import { type Equality, type Selector, type Target, useRead } from './use-path-value'

export interface DatastoreProviderProps<S> {
  readonly store: S
  readonly children?: ReactNode
}

/** The context that `DatastoreProvider` fills and the default `useDatastore` reads. */
export const StoreContext: Context<AnyStore | null> = createContext<AnyStore | null>(null)
StoreContext.displayName = 'DatastoreContext'

/**
 * Makes `store` the store of every `useDatastore(path)` below it.
 *
 * @example
 * const store = createDatastore({ user: { name: 'Ada' } })
 * createRoot(element).render(
 *   <DatastoreProvider store={store}>
 *     <App />
 *   </DatastoreProvider>,
 * )
 */
export function DatastoreProvider({ store, children }: DatastoreProviderProps<AnyStore>): ReactElement {
  return createElement(StoreContext.Provider, { value: store }, children)
}

/** The store that `context` holds here; throws `NO_STORE` where no provider gave one. */
export function useStoreIn<S>(context: Context<S | null>): S {
  const store = useContext(context)
  if (store === null) throw fail.noStore('Provider')
  return store
}

/** The path forms of `useDatastore`, typed by the state `T`. */
export interface TypedUseDatastore<T extends object> {
  <const P extends Path<T>>(path: P): DeepReadonly<PathValue<T, P>>
  <const P extends Path<T>, S>(path: P, select: Selector<DeepReadonly<PathValue<T, P>>, S>, equals?: Equality<S>): S
  <const Ps extends readonly ArrayPath<T>[], S>(paths: readonly [...Ps], select: (...values: ValuesAt<T, Ps>) => S, equals?: Equality<S>): S
}

/** A context of its own for stores of state `T`, as `createDatastoreContext<T>()` returns it. */
export interface DatastoreContext<T extends object, S extends DatastoreLike<T> = Datastore<T>> {
  /** Makes `store` the store of this context's hooks below it. */
  readonly Provider: (props: DatastoreProviderProps<S>) => ReactElement
  /** The value at a path of this context's store, typed by `T`; optionally a selection of it. */
  readonly useDatastore: TypedUseDatastore<T>
  /** This context's store, to call its mutators. */
  readonly useStore: () => S
}

/**
 * Creates a context for stores of state `T`, with hooks that infer every path and value from `T`.
 * Each call makes a separate context, so several stores can be provided side by side.
 *
 * @example
 * interface State { user: { profile: { score: number } } }
 * export const { Provider, useDatastore, useStore } = createDatastoreContext<State>()
 *
 * function Score() {
 *   const score = useDatastore(['user', 'profile', 'score'])   // number
 *   const store = useStore()
 *   return <button onClick={() => store.increment(['user', 'profile', 'score'])}>{score}</button>
 * }
 */
export function createDatastoreContext<T extends object, S extends DatastoreLike<T> = Datastore<T>>(): DatastoreContext<T, S> {
  const context = createContext<S | null>(null)
  context.displayName = 'DatastoreContext'
  const useStore = () => useStoreIn(context)
  function useDatastore(path: Target, select?: Selector<any, unknown>, equals?: Equality<unknown>): unknown {
    return useRead(useStore() as AnyStore, path, select, equals)
  }
  return {
    Provider: ({ store, children }) => createElement(context.Provider, { value: store }, children),
    useDatastore: useDatastore as TypedUseDatastore<T>,
    useStore,
  }
}
