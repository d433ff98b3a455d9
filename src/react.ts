// atomic-datastore/react: read a store from React components, re-rendering only what changed.

export { DatastoreProvider, createDatastoreContext } from './react/context'
export type { DatastoreContext, DatastoreProviderProps, TypedUseDatastore } from './react/context'
export { useDatastore } from './react/use-datastore'
export type { ArrayPath, ValuesAt } from './react/use-datastore'
export { shallowEqual } from './react/shallow-equal'
export type { Equality, Selector } from './react/use-path-value'
export { useHistory } from './react/use-history'
export { useHydrated } from './react/use-hydrated'
