// The replica's executor: the same store, whose mutations go to the owner's queue. Named mutations
// travel as operations, `operate` optimistically as patches checked against a base version, and
// transactions under a lease on the owner's queue. The owner's state comes back through `sync`.

import {
  adopt,
  applyPatches,
  checkArguments,
  Deadline,
  diff,
  type Executor,
  type Host,
  type Key,
  type Op,
  openTransaction,
  operate,
  type Transaction,
  type TransactionJob,
  type TransactionOptions,
  Writer,
} from '../core/internal'
import { Calls } from './calls'
import type { Link, LinkClient } from './link'
import { Msg, O, opFields, type OwnerMessage } from './wire'

/** How many optimistic rounds `operate` tries before it takes the owner's lease. */
const OPTIMISTIC_ROUNDS = 3

export class RemoteExecutor implements Executor, LinkClient {
  readonly #host: Host
  readonly #link: Link
  readonly #calls: Calls

  /** Serves the store behind `host`, whose state is the owner's at `version`, over `link`. */
  constructor(host: Host, link: Link, version: number) {
    this.#host = host
    this.#link = link
    this.#calls = new Calls(link, host)
    this.sync(version, undefined, [])
    link.attach(this)
  }

  get version(): number {
    return this.#host.version
  }

  dispatch(op: Op): Promise<unknown> {
    return this.#calls.inOrder(() => this.#calls.request(op.type, false, Msg.Op, ...opFields(op)))
  }

  operate(label: string, keys: readonly Key[], fn: (value: never) => unknown): Promise<unknown> {
    return this.#calls.inOrder(() => this.#operate(label, keys, fn), true)
  }

  transaction<R>(fn: TransactionJob<R>, options: TransactionOptions | null | undefined): Promise<Awaited<R>> {
    return this.#calls.inOrder((before) => this.#leased('transaction', fn, options ?? {}, before), false, true)
  }

  /** Makes the owner's state, or this state with the owner's patches, the commit at `version`. */
  sync(version: number, state: unknown, patches?: unknown): void {
    const host = this.#host
    host.queue.push(() => {
      const writer = new Writer(host.root)
      try {
        if (patches) applyPatches(writer, patches)
        else writer.put('snapshot', [], adopt('snapshot', [], state))
        host.commit(writer, 'sync', this.#link, version)
      } catch (error) {
        // A snapshot this replica cannot take in would only be sent again.
        if (patches) this.#link.resync()
        else this.#link.close(`the owner's state cannot be copied here (${String(error)})`)
      }
    })
  }

  answer(message: OwnerMessage): void {
    this.#calls.answer(message)
  }

  caughtUp(): void {
    this.#calls.caughtUp()
  }

  lost(why: string): void {
    this.#calls.lost(why)
  }

  /** `operate`, optimistically: a few rounds of patches checked against their base, then the lease. */
  async #operate(label: string, keys: readonly Key[], fn: (value: never) => unknown): Promise<unknown> {
    for (let round = 0; round < OPTIMISTIC_ROUNDS; round++) {
      const version = this.#host.version
      const writer = new Writer(this.#host.root)
      const value = operate(writer, label, keys, fn)
      const patches = changes(writer, label)
      if (patches.length === 0) return value
      const answer: OwnerMessage = await this.#calls.request(label, true, Msg.Cas, keys, version, patches)
      if (answer[O.Kind] === Msg.Result) return value
    }
    return this.#leased(label, (_, writer) => operate(writer, label, keys, fn), {})
  }

  /**
   * Takes the owner's lease, runs `fn` once against the replica at the lease's version, commits once.
   * `fn` runs once the calls made before it (`before`, and the requests sent before) have settled.
   */
  async #leased<R>(op: string, fn: TransactionJob<R>, { signal, timeoutMs, name }: TransactionOptions, before?: Promise<unknown>): Promise<Awaited<R>> {
    const wrong = checkArguments(fn, signal, timeoutMs, name)
    if (wrong) throw wrong
    // Rejects to stop the transaction: when it is aborted, when it times out, or when the owner ends the lease.
    let reject!: (error: unknown) => void
    const stopped = new Promise<never>((_, no) => (reject = no))
    stopped.catch(ignore)
    const deadline = Deadline(op, signal, timeoutMs, reject)
    if (deadline.halt) throw deadline.halt
    const calls = this.#calls
    const link = this.#link
    const granted: Promise<OwnerMessage> = calls.request(op, true, Msg.Acquire, timeoutMs)
    const race = <V>(value: V) => Promise.race([value, stopped])
    let tx: Transaction<any> | undefined
    let lease: OwnerMessage | undefined
    try {
      lease = await race(granted)
      const id = lease[O.Id]
      const final = calls.expect(op, id)
      final.catch((error) => deadline.stop(error))
      await race(Promise.all([calls.after(id), before]))
      deadline.arm()
      const writer = new Writer(this.#host.root)
      tx = openTransaction(writer, lease[O.Version], op, this.#host.initial)
      const result = writer.settle(await race(fn(tx, writer)))
      // An abort or a timeout that came as `fn` finished wins over its result, as on a local store.
      if (deadline.halt) throw deadline.halt
      tx.close()
      deadline.settle()
      link.notify(Msg.Commit, id, changes(writer, op))
      // Once the commit is sent, the owner decides.
      await final
      return result
    } catch (error) {
      tx?.close()
      if (lease) link.notify(Msg.Release, lease[O.Id])
      else granted.then((lease) => link.notify(Msg.Release, lease[O.Id]), ignore)
      throw error
    } finally {
      deadline.settle()
    }
  }
}

/** The patches of what `writer` wrote. */
const changes = (writer: Writer, label: string) => diff(writer.base, writer.finish(label), writer.touched)

const ignore = () => {}
