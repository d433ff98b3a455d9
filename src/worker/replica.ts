// The replica: the store itself, with reads, subscriptions and paths unchanged, whose mutations go
// to the owner's queue. Named mutations travel as operations, `operate` optimistically as patches
// checked against a base version, and transactions under a lease on the owner's queue.

import { fail } from '../core/errors'
import { makeOp, operate as operateOp, isThenable } from '../core/ops'
import { applyPatches, diff } from '../core/patches'
import type { Key } from '../core/path'
import { Datastore, type DatastoreOptions, type OpRequest } from '../core/store'
import { Transaction, type TransactionOptions, writerOf } from '../core/transaction'
import { adopt } from '../core/value'
import { Writer } from '../core/writer'
import type { Endpoint } from './endpoint'
import { type Answer, Link } from './link'
import type { LivenessOptions, OwnerMessage } from './protocol'

export interface ConnectOptions extends LivenessOptions, DatastoreOptions {}

/** How many optimistic rounds `operate` tries before it takes the owner's lease. */
const OPTIMISTIC_ROUNDS = 3

type Snapshot = Extract<OwnerMessage, { kind: 'snapshot' }>

/**
 * Connects to a store exposed on `endpoint` and resolves with a replica that has the store's whole
 * interface: synchronous reads from a local copy, mutators that resolve once the owner committed
 * them and the replica caught up, `subscribe`, `transaction`.
 *
 * @example
 * // worker.ts
 * const store = await connectDatastore<State>(self)
 * await store.increment('counter')
 */
export function connectDatastore<T extends object = Record<string, any>>(endpoint: Endpoint, options: ConnectOptions = {}): Promise<RemoteDatastore<T>> {
  return new Promise((resolve, reject) => {
    const link: Link = new Link(
      endpoint,
      options,
      (snapshot) => {
        try {
          resolve(new RemoteDatastore<T>(link, snapshot, options))
        } catch (error) {
          link.close()
          reject(error)
        }
      },
      reject,
    )
  })
}

/** A store whose state is a replica of an owner's, kept in sync by versioned patches. */
export class RemoteDatastore<T extends object = Record<string, any>> extends Datastore<T> {
  readonly #link: Link

  /** @internal Created by `connectDatastore`. */
  constructor(link: Link, snapshot: Snapshot, options: DatastoreOptions = {}) {
    super(snapshot.state as T, options)
    this.#link = link
    this.#sync('snapshot', () => {}, snapshot.version)
    const store = this
    link.attach({
      get version() {
        return store.version
      },
      snapshot: (message) => this.#sync('snapshot', (writer) => writer.put('snapshot', [], adopt('snapshot', [], message.state)), message.version),
      patches: (message) => this.#sync('patch', (writer) => applyPatches(writer, message.patches), message.version),
    })
  }

  /** Whether the connection to the owner is open. */
  get connected(): boolean {
    return this.#link.closedBecause === undefined
  }

  /** Closes the connection: pending requests reject with `DISCONNECTED`; reads keep the last state. */
  close(): void {
    this.#link.close()
  }

  override transaction<R>(fn: (tx: Transaction<T>) => R, options: TransactionOptions = {}): Promise<Awaited<R>> {
    return this.#leased('transaction', fn, options)
  }

  protected override dispatch(request: OpRequest): Promise<unknown> {
    let op
    try {
      op = makeOp(request)
    } catch (error) {
      return Promise.reject(error)
    }
    return this.#settled(this.#link.request(op.type, { kind: 'op', op }).answer)
  }

  protected override runOperate(op: string, keys: readonly Key[], fn: (value: never) => unknown): Promise<unknown> {
    return this.#optimistic(op, keys, fn)
  }

  /** Applies the owner's changes locally, as a commit at the owner's version. */
  #sync(op: string, job: (writer: Writer) => void, version: number): void {
    this.enqueue(op, job, version).catch(() => this.#link.resync())
  }

  async #optimistic(op: string, keys: readonly Key[], fn: (value: never) => unknown): Promise<unknown> {
    for (let round = 0; round < OPTIMISTIC_ROUNDS; round++) {
      const base = this.state
      const version = this.version
      const writer = new Writer(base)
      const value = operateOp(writer, op, keys, fn)
      const patches = diff(base, writer.finish(op), writer.touched)
      if (patches.length === 0) return value
      const answer = await this.#link.request(op, { kind: 'cas', path: keys, base: version, patches }).answer
      await this.#link.caughtUp(answer.version)
      if (answer.kind === 'result') return value
    }
    return this.#leased(op, (tx) => operateOp(writerOf(tx), op, keys, fn), {})
  }

  /** Takes the owner's lease, runs `fn` once against the replica at the lease's version, commits once. */
  async #leased<R>(op: string, fn: (tx: Transaction<T>) => R, { signal, timeoutMs }: TransactionOptions): Promise<Awaited<R>> {
    if (signal?.aborted) throw fail.aborted(op, signal.reason)
    const link = this.#link
    const { id, answer } = link.request(op, { kind: 'acquire', timeoutMs })
    let stop: (error: unknown) => void = () => {}
    const stopped = new Promise<never>((_, reject) => (stop = reject))
    stopped.catch(() => {})
    const onAbort = () => stop(fail.aborted(op, signal!.reason))
    signal?.addEventListener('abort', onAbort, { once: true })
    let timer: ReturnType<typeof setTimeout> | undefined
    let tx: Transaction<T> | undefined
    let granted = false
    try {
      await Promise.race([answer.then(() => (granted = true)), stopped])
      const lease = (await answer) as Extract<Answer, { kind: 'lease' }>
      const final = link.expect(op, id)
      final.then(undefined, stop)
      await link.caughtUp(lease.version)
      if (timeoutMs !== undefined) timer = setTimeout(() => stop(fail.timeout(op, timeoutMs)), timeoutMs)
      const base = this.state
      const writer = new Writer(base)
      tx = new Transaction<T>(writer, lease.version, op)
      const run = fn(tx)
      const result = (isThenable(run) ? await Promise.race([run, stopped]) : run) as Awaited<R>
      tx.close()
      clearTimeout(timer)
      signal?.removeEventListener('abort', onAbort)
      const patches = diff(base, writer.finish(op), writer.touched)
      link.notify({ kind: 'commit', from: link.id, id, patches })
      const done = (await Promise.race([final, stopped])) as Extract<Answer, { kind: 'result' }>
      await link.caughtUp(done.version)
      return result
    } catch (error) {
      tx?.close()
      if (granted) link.notify({ kind: 'release', from: link.id, id })
      else answer.then(() => link.notify({ kind: 'release', from: link.id, id }), () => {})
      throw error
    } finally {
      if (timer !== undefined) clearTimeout(timer)
      signal?.removeEventListener('abort', onAbort)
    }
  }

  async #settled(answer: Promise<Answer>): Promise<unknown> {
    const reply = (await answer) as Extract<Answer, { kind: 'result' }>
    await this.#link.caughtUp(reply.version)
    return reply.value
  }
}
