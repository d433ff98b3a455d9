// Where a shared store's mutations run: on the tab's own queue while the tab leads, and through the
// follower's side (requests and leases to the leading tab) while it follows.

import { type Executor, type ExecutorFactory, type Host, type Key, localExecutor, type Op, type TransactionJob, type TransactionOptions } from '../core/internal'

export class TabExecutor implements Executor {
  #host: Host | undefined
  #local: Executor | undefined
  /** Where mutations go while the tab follows; `undefined` while it leads. */
  follower: Executor | undefined

  /** Called by the store as it is built: learns the host and makes the local executor on it. */
  readonly factory: ExecutorFactory = (host) => {
    this.#host = host
    this.#local = localExecutor(host)
    return this
  }

  get host(): Host {
    return this.#host!
  }

  /** The tab's own queue, whatever its role. */
  get local(): Executor {
    return this.#local!
  }

  dispatch(op: Op, origin: unknown): Promise<unknown> {
    return (this.follower ?? this.local).dispatch(op, origin)
  }

  operate(label: string, keys: readonly Key[], fn: (value: never) => unknown, origin: unknown): Promise<unknown> {
    return (this.follower ?? this.local).operate(label, keys, fn, origin)
  }

  transaction<R>(fn: TransactionJob<R>, options: TransactionOptions | null | undefined, origin: unknown): Promise<Awaited<R>> {
    return (this.follower ?? this.local).transaction(fn, options, origin)
  }
}
