// The replica: the store itself, with reads, subscriptions and paths unchanged, whose mutations go
// to the owner's queue. Named mutations travel as operations, `operate` optimistically as patches
// checked against a base version, and transactions under a lease on the owner's queue.

import { fail } from '../core/errors'
import { makeOp, operate as operateOp } from '../core/ops'
import { applyPatches, diff } from '../core/patches'
import type { Key } from '../core/path'
import { Datastore, type DatastoreOptions, type OpRequest } from '../core/store'
import { checkArguments, MAX_TIMEOUT, Transaction, type TransactionOptions, writerOf } from '../core/transaction'
import { adopt } from '../core/value'
import { warnDottedPath } from '../core/warn'
import { Writer } from '../core/writer'
import type { Endpoint } from './endpoint'
import { Link } from './link'
import { type LivenessOptions, Msg, type OwnerMessage } from './protocol'

export interface ConnectOptions extends LivenessOptions, DatastoreOptions {}

/** How many optimistic rounds `operate` tries before it takes the owner's lease. */
const OPTIMISTIC_ROUNDS = 3

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
export async function connectDatastore<T extends object = Record<string, any>>(endpoint: Endpoint, options: ConnectOptions = {}): Promise<RemoteDatastore<T>> {
  const link = new Link(endpoint, options)
  const snapshot: OwnerMessage = await link.expect('connectDatastore', 0)
  try {
    return new RemoteDatastore<T>(link, snapshot[5] as T, snapshot[7], options)
  } catch (error) {
    link.close()
    throw error
  }
}

/** A store whose state is a replica of an owner's, kept in sync by versioned patches. */
export class RemoteDatastore<T extends object = Record<string, any>> extends Datastore<T> {
  readonly #link: Link
  /** Transactions and `operate`s begun and not settled yet (the link counts the other calls). */
  #running = 0
  /** Set while an `operate` runs: it runs alone. */
  #alone = false
  /** Calls waiting for their turn, in the order they were made, from `#first` on (those before it have begun). */
  #waiting: { readonly alone: boolean; start(): void }[] = []
  #first = 0
  /** Settles once the last transaction or `operate` begun has settled and its callbacks have run. */
  #lastTracked: Promise<unknown> = Promise.resolve()

  /** @internal Created by `connectDatastore`. */
  constructor(link: Link, state: T, version: number, options: DatastoreOptions = {}) {
    super(state, options)
    this.#link = link
    this.#sync(version, undefined, [])
    link.attach(
      this,
      (version, state, patches) => this.#sync(version, state, patches),
      () => this.#pump(),
    )
  }

  /** Whether the connection to the owner is open. */
  get connected(): boolean {
    return this.#link.closedBecause === undefined
  }

  /** Closes the connection: pending requests reject with `DISCONNECTED`; reads keep the last state. */
  close(): void {
    this.#link.close()
  }

  override transaction<R>(fn: (tx: Transaction<T>) => R, options?: TransactionOptions | null): Promise<Awaited<R>> {
    return this.#inOrder((before) => this.#leased('transaction', fn, options ?? {}, before), false, true)
  }

  protected override dispatch(request: OpRequest): Promise<unknown> {
    warnDottedPath(request.type, this.state, request.path)
    try {
      const op = makeOp(request)
      const arg = 'value' in op ? op.value : 'by' in op ? op.by : 'values' in op ? op.values : undefined
      // A checked string path (one top-level key) travels as it is: a string is cheaper to clone.
      const path = typeof request.path === 'string' ? request.path : op.path
      return this.#inOrder(() => this.#link.request(op.type, Msg.Op, op.type, path, arg))
    } catch (error) {
      return Promise.reject(error)
    }
  }

  /**
   * Makes a call in the order it was made. Calls go at once, the owner's queue keeps their order, and
   * each settles once the replica has caught up to it; but an `operate` (`alone`) runs `fn` on the
   * local copy, so it waits until every earlier call has settled, and every later one waits for it.
   */
  #inOrder<R>(send: (before: Promise<unknown>) => Promise<R>, alone = false, tracked = alone): Promise<R> {
    if (this.#first === this.#waiting.length && !this.#alone && !(alone && this.#busy)) return this.#start(send, alone, tracked)
    return new Promise((resolve) => this.#waiting.push({ alone, start: () => resolve(this.#start(send, alone, tracked)) }))
  }

  /** Whether a call is unsettled: one the link is waiting for, or a transaction or `operate` under way. */
  get #busy(): boolean {
    return this.#running > 0 || this.#link.busy
  }

  /**
   * Makes a call; a transaction or an `operate` (`tracked`) is counted until it settles, and is told
   * when the one before it has settled.
   */
  #start<R>(send: (before: Promise<unknown>) => Promise<R>, alone: boolean, tracked: boolean): Promise<R> {
    if (!tracked) return send(this.#lastTracked)
    this.#running++
    this.#alone = alone
    const call = send(this.#lastTracked)
    const settled = () => {
      this.#running--
      if (alone) this.#alone = false
      this.#pump()
    }
    this.#lastTracked = call.then(settled, settled)
    return call
  }

  /**
   * Makes the calls whose turn has come: every one up to the next `operate`, or that `operate` once
   * none is unsettled. A call that settles at once (its send failed) calls this again from within.
   */
  #pump(): void {
    const waiting = this.#waiting
    if (!waiting.length) return
    while (this.#first < waiting.length && !this.#alone && !(waiting[this.#first]!.alone && this.#busy)) waiting[this.#first++]!.start()
    // Drops the calls begun: all of them, or, while more wait, a long run of them.
    if (this.#first === waiting.length || (this.#first > 1024 && this.#first * 2 > waiting.length)) {
      waiting.splice(0, this.#first)
      this.#first = 0
    }
  }

  /** Makes the owner's state, or this state with the owner's patches, the commit at `version`. */
  #sync(version: number, state: unknown, patches?: unknown): void {
    this.queue.push(() => {
      const writer = new Writer(this.state)
      try {
        if (patches) applyPatches(writer, patches)
        else writer.put('snapshot', [], adopt('snapshot', [], state))
        this.commit(writer, 'sync', version, this.#link)
      } catch (error) {
        // A snapshot this replica cannot take in would only be sent again.
        if (patches) this.#link.resync()
        else this.#link.close(`the owner's state cannot be copied here (${String(error)})`)
      }
    })
  }

  /** `operate`, optimistically: a few rounds of patches checked against their base, then the lease. */
  protected override runOperate(op: string, keys: readonly Key[], fn: (value: never) => unknown): Promise<unknown> {
    return this.#inOrder(() => this.#operate(op, keys, fn), true)
  }

  async #operate(op: string, keys: readonly Key[], fn: (value: never) => unknown): Promise<unknown> {
    for (let round = 0; round < OPTIMISTIC_ROUNDS; round++) {
      const version = this.version
      const writer = new Writer(this.state)
      const value = operateOp(writer, op, keys, fn)
      const patches = changes(writer, op)
      if (patches.length === 0) return value
      const answer: OwnerMessage = await this.#link.request(op, Msg.Cas, keys, version, patches)
      if (answer[1] === Msg.Result) return value
    }
    return this.#leased(op, (tx) => operateOp(writerOf(tx), op, keys, fn), {})
  }

  /**
   * Takes the owner's lease, runs `fn` once against the replica at the lease's version, commits once.
   * `fn` runs once the calls made before it (`before`, and those the link waits for) have settled.
   */
  async #leased<R>(op: string, fn: (tx: Transaction<T>) => R, { signal, timeoutMs }: TransactionOptions, before?: Promise<unknown>): Promise<Awaited<R>> {
    const wrong = checkArguments(fn, signal, timeoutMs)
    if (wrong) throw wrong
    if (signal?.aborted) throw fail.aborted(op, signal.reason)
    const link = this.#link
    const granted: Promise<OwnerMessage> = link.request(op, Msg.Acquire, timeoutMs)
    // Rejects to stop the transaction: when it is aborted, when it times out, or when the owner ends the lease.
    let reject!: (error: unknown) => void
    const stopped = new Promise<never>((_, no) => (reject = no))
    stopped.catch(ignore)
    let halted: unknown
    const stop = (error: unknown) => {
      halted ??= error
      reject(error)
    }
    const race = <V>(value: V) => Promise.race([value, stopped])
    const onAbort = () => stop(fail.aborted(op, signal!.reason))
    signal?.addEventListener('abort', onAbort)
    let timer: ReturnType<typeof setTimeout> | undefined
    const end = () => {
      clearTimeout(timer)
      signal?.removeEventListener('abort', onAbort)
    }
    let tx: Transaction<T> | undefined
    let lease: OwnerMessage | undefined
    try {
      lease = await race(granted)
      const final = link.expect(op, lease[4])
      final.catch(stop)
      await race(Promise.all([link.after(lease[4]), before]))
      if (timeoutMs !== undefined && timeoutMs <= MAX_TIMEOUT) timer = setTimeout(() => stop(fail.timeout(op, timeoutMs)), timeoutMs)
      const writer = new Writer(this.state)
      tx = new Transaction<T>(writer, lease[7], op, this.initialState)
      const result = writer.settle(await race(fn(tx)))
      // An abort or a timeout that came as `fn` finished wins over its result, as on a local store.
      if (halted) throw halted
      tx.close()
      end()
      link.notify(Msg.Commit, lease[4], changes(writer, op))
      // Once the commit is sent, the owner decides.
      await final
      return result
    } catch (error) {
      tx?.close()
      if (lease) link.notify(Msg.Release, lease[4])
      else granted.then((lease) => link.notify(Msg.Release, lease[4]), ignore)
      throw error
    } finally {
      end()
    }
  }
}

/** The patches of what `writer` wrote. */
const changes = (writer: Writer, op: string) => diff(writer.base, writer.finish(op), writer.touched)

const ignore = () => {}
