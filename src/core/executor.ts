// The seam between a store and what runs its mutations. A store is its reads and subscriptions
// plus an executor: the local one runs each mutation as a job on the store's own queue; a replica's
// sends it to the owner. Both commit through the host the store lends them.

import { type Op, applyOp, operate } from './ops'
import type { Key } from './path'
import type { DispatchQueue } from './queue'
import { runTransaction, type TransactionHost, type TransactionJob, type TransactionOptions } from './transaction'
import type { Writer } from './writer'

/** Runs a store's mutations. `origin` says on whose behalf (`undefined`: the store's own callers). */
export interface Executor {
  /** A named mutation, already checked. */
  dispatch(op: Op, origin: unknown): Promise<unknown>
  /** `operate` (or `update`, the `label`) at a checked path. */
  operate(label: string, keys: readonly Key[], fn: (value: never) => unknown, origin: unknown): Promise<unknown>
  transaction<R>(fn: TransactionJob<R>, options: TransactionOptions | null | undefined, origin: unknown): Promise<Awaited<R>>
}

/** What a store lends its executor: its committed state, its queue, and the one way to commit. */
export interface Host extends TransactionHost {
  /** Runs `job` on the queue against a writer and commits what it wrote under `label`. */
  run<R>(label: string, job: (writer: Writer) => R, origin: unknown): Promise<R>
  /** Seals what `writer` wrote and makes it the state (numbered `version` if given). */
  commit(writer: Writer, label: string, origin: unknown, version?: number): void
  readonly queue: DispatchQueue
}

/** Makes a store's executor from the host it lends. */
export type ExecutorFactory = (host: Host) => Executor

/** Today's store: every mutation is a job on its own queue. */
export const localExecutor: ExecutorFactory = (host) => ({
  dispatch: (op, origin) => host.run(op.type, (writer) => applyOp(writer, op), origin),
  operate: (label, keys, fn, origin) => host.run(label, (writer) => operate(writer, label, keys, fn), origin),
  transaction: (fn, options, origin) => runTransaction(host, fn, options, origin),
})
