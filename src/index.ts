// atomic-datastore: the store, its errors, path and JSON helpers.

export { Datastore, createDatastore, fromJSON } from './core/store'
export type { DatastoreLike, DatastoreOptions } from './core/store'
export type { Recipe, TransactionOptions } from './core/transaction'
export type { Transaction } from './core/transaction-type'
export { DatastoreError, formatPath } from './core/errors'
export type { DatastoreErrorCode } from './core/errors'
export type { Key, PathInput } from './core/path'
export type { DeepReadonly, Path, PathTo, PathValue } from './core/types'
