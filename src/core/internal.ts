// The one door into the core for the rest of the package: the worker bridge and the extensions
// (persistence, tabs, Yjs, devtools, history) import the core from here and from nowhere else.

import { type Datastore, internals, type StoreInternals } from './store'

export { DatastoreError, describe, fail, formatPath } from './errors'
export { decode, encode } from './json'
export { applyOp, makeOp, type Op } from './ops'
export { applyPatches, diff, type Patches } from './patches'
export { isForbiddenKey, type Key, toKeys } from './path'
export { Datastore, type Commit, type CommitObserver, type DatastoreOptions, type OpRequest, type StoreInternals } from './store'
export { Transaction, type TransactionOptions, writerOf } from './transaction'
export { childOf, keysOf, MISSING, resolve } from './tree'
export { adopt, MAX_DEPTH } from './value'
export { type LoggedOp, Writer } from './writer'

/**
 * The store's plumbing: its queue (jobs with an origin, so an extension can tell its own commits
 * from others'), and every commit with what it touched and which mutations made it.
 *
 * @example
 * const stop = coreOf(store).observe((commit) => console.log(commit.label, commit.ops))
 * await coreOf(store).enqueue('load', (writer) => writer.put('load', [], adopt('load', [], saved)), me)
 */
export const coreOf = (store: Datastore<any>): StoreInternals => store[internals]

/** Whether `value` is a store (local or replica) this package made. */
export const isDatastore = (value: unknown): value is Datastore<any> =>
  typeof value === 'object' && value !== null && internals in value
