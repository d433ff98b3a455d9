// Where a shared store's mutations run: on the tab's own queue while the tab leads, and through the
// follower's side (requests and leases to the leading tab) while it follows. A leader that has been
// silent a while (frozen, or hung) first checks that it still leads: if it lost the lead meanwhile,
// the mutation goes to the new leader instead, and nothing is written to a state no one shares.

import { type Executor, type ExecutorFactory, type Host, type Key, localExecutor, type Op, type TransactionJob, type TransactionOptions } from '../core/internal'

/** What the executor asks of the election while the tab leads. */
export interface Fence {
  /** Whether the tab led a moment ago, so it needs no check. */
  readonly fresh: boolean
  /** Whether it still leads; if not, it follows by the time this resolves. */
  verify(): Promise<boolean>
}

export class TabExecutor implements Executor {
  #host: Host | undefined
  #local: Executor | undefined
  /** Where mutations go while the tab follows. */
  remote: Executor | undefined
  /** `undefined` while the tab follows; while it leads, the fence (`null` with no other tabs to fear). */
  #fence: Fence | null | undefined

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

  /** Runs mutations here from now on, checked by `fence` after a silence. */
  lead(fence: Fence | undefined): void {
    this.#fence = fence ?? null
  }

  /** Sends mutations to the leader from now on. */
  follow(): void {
    this.#fence = undefined
  }

  /** The executor to use now, or a promise of it once a silent leader has checked that it still leads. */
  #where(): Executor | Promise<Executor> {
    const fence = this.#fence
    if (fence === undefined) return this.remote!
    if (fence === null || fence.fresh) return this.local
    return fence.verify().then(() => this.#where())
  }

  dispatch(op: Op, origin: unknown): Promise<unknown> {
    const where = this.#where()
    return where instanceof Promise ? where.then((executor) => executor.dispatch(op, origin)) : where.dispatch(op, origin)
  }

  operate(label: string, keys: readonly Key[], fn: (value: never) => unknown, origin: unknown): Promise<unknown> {
    const where = this.#where()
    return where instanceof Promise ? where.then((executor) => executor.operate(label, keys, fn, origin)) : where.operate(label, keys, fn, origin)
  }

  transaction<R>(fn: TransactionJob<R>, options: TransactionOptions | null | undefined, origin: unknown): Promise<Awaited<R>> {
    const where = this.#where()
    return where instanceof Promise ? where.then((executor) => executor.transaction(fn, options, origin)) : where.transaction(fn, options, origin)
  }
}
