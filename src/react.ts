// atomic-datastore/react: read a store from React components, re-rendering only what changed.

export { DatastoreProvider, createDatastoreContext } from './react/context'
export type { DatastoreContext, DatastoreProviderProps, TypedUseDatastore } from './react/context'
export { useDatastore } from './react/use-datastore'
export type { Equality, Selector } from './react/use-path-value'
export { useHydrated } from './react/use-hydrated'
