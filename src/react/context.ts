// Stores handed down through React context: the default provider, and typed contexts made by
// createDatastoreContext, each with its own Provider, useDatastore and useStore.

import { type Context, createContext, createElement, type ReactElement, type ReactNode, useContext, useMemo } from 'react'
import { fail } from '../core/errors'
import type { Datastore, DatastoreLike } from '../core/store'
import type { DeepReadonly, Path, PathValue } from '../core/types'
import type { AnyStore } from './binding'
import { ConcurrentRoot } from './concurrent-root'
import { useConcurrentRead } from './use-concurrent'
import type { ArrayPath, ValuesAt } from './use-datastore'
import { type ConcurrentReader, type Equality, type Selector, type Target, useRead } from './use-path-value'

export interface DatastoreProviderProps<S> {
  readonly store: S
  readonly children?: ReactNode
  /**
   * Render this store's updates the way React renders its own state: an update issued inside
   * `startTransition` becomes a transition (interruptible; the committed screen stays while it is
   * pending), with no tearing. Keep it the same for the provider's lifetime.
   */
  readonly concurrent?: boolean | undefined
}

/** The context that `DatastoreProvider` fills and the default `useDatastore` reads. */
export const StoreContext: Context<AnyStore | null> = createContext<AnyStore | null>(null)
StoreContext.displayName = 'DatastoreContext'

/**
 * The stores whose hooks render concurrently here, as the providers above decided, each with the
 * concurrent hook: a provider hands it down, so that an app that never renders one never bundles it.
 */
const ConcurrentContext: Context<ReadonlyMap<AnyStore, ConcurrentReader>> = createContext<ReadonlyMap<AnyStore, ConcurrentReader>>(new Map())
ConcurrentContext.displayName = 'DatastoreConcurrentContext'

/** The concurrent hook, where hooks reading `store` here run in concurrent mode. */
export const useConcurrentFor = (store: AnyStore): ConcurrentReader | undefined => useContext(ConcurrentContext).get(store)

/** Wraps `children` so that the hooks of `store` below run concurrently, or not, as `concurrent` says. */
function useModeFor(store: unknown, concurrent: boolean | undefined, children: ReactNode): ReactElement {
  const above = useContext(ConcurrentContext)
  const own = store as AnyStore
  const value = useMemo(() => {
    if (above.has(own) === Boolean(concurrent)) return above
    const next = new Map(above)
    if (concurrent) next.set(own, useConcurrentRead)
    else next.delete(own)
    return next
  }, [above, own, concurrent])
  return createElement(ConcurrentContext.Provider, { value }, concurrent ? createElement(ConcurrentRoot, { store: own }, children) : children)
}

/**
 * Makes `store` the store of every `useDatastore(path)` below it. With `concurrent`, updates issued
 * inside `startTransition` render as transitions, as React state does.
 *
 * @example
 * const store = createDatastore({ user: { name: 'Ada' } })
 * createRoot(element).render(
 *   <DatastoreProvider store={store}>
 *     <App />
 *   </DatastoreProvider>,
 * )
 *
 * // updates inside startTransition(() => store.set(...)) render as transitions
 * <DatastoreProvider store={store} concurrent>...</DatastoreProvider>
 */
export function DatastoreProvider({ store, children, concurrent }: DatastoreProviderProps<AnyStore>): ReactElement {
  return createElement(StoreContext.Provider, { value: store }, useModeFor(store, concurrent, children))
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
    const store = useStore() as AnyStore
    return useRead(store, path, select, equals, useConcurrentFor(store))
  }
  function Provider({ store, children, concurrent }: DatastoreProviderProps<S>): ReactElement {
    return createElement(context.Provider, { value: store }, useModeFor(store, concurrent, children))
  }
  return {
    Provider,
    useDatastore: useDatastore as TypedUseDatastore<T>,
    useStore,
  }
}
