// The one door into the core for the rest of the package: the worker bridge and the extensions
// (persistence, tabs, Yjs, devtools, history) import the core from here and from nowhere else.

import { type Datastore, internalsOf, type StoreInternals } from './store'

export { checkArguments, Deadline, MAX_TIMEOUT } from './deadline'
export { DatastoreError, type DatastoreErrorCode, describe, extensionError, fail, formatPath } from './errors'
export { type Executor, type ExecutorFactory, type Host, localExecutor } from './executor'
export { decode, encode } from './json'
export { applyOp, makeOp, type Op, operate } from './ops'
export { applyPatches } from './patch-apply'
export { diff, PatchOp, type Patches } from './patches'
export { isForbiddenKey, isPrefix, type Key, toKeys } from './path'
export { DispatchQueue } from './queue'
export {
  Datastore,
  type Commit,
  type CommitObserver,
  type DatastoreOptions,
  type OpRequest,
  reportLater,
  type StoreInternals,
  withExecutor,
} from './store'
export { openTransaction, type Transaction, type TransactionJob, type TransactionOptions } from './transaction'
export { childOf, keysOf, MISSING, resolve } from './tree'
export { adopt, MAX_DEPTH } from './value'
export { warnDottedPath } from './warn'
export { type LoggedOp, Writer } from './writer'

/**
 * The store's plumbing: its queue (jobs with an origin, so an extension can tell its own commits
 * from others'), and every commit with what it touched and which mutations made it.
 *
 * @example
 * const stop = coreOf(store).observe((commit) => console.log(commit.label, commit.ops))
 * await coreOf(store).enqueue('load', (writer) => writer.put('load', [], adopt('load', [], saved)), me)
 */
export const coreOf = (store: Datastore<any>): StoreInternals => internalsOf(store)!

/** Whether `value` is a store (local or replica) this package made. */
export const isDatastore = (value: unknown): value is Datastore<any> => internalsOf(value) !== undefined
