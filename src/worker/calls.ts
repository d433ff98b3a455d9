// The order of a replica's calls, kept by this one object. Calls go to the owner at once and its
// queue keeps their order; each settles once the replica has caught up to the commit its answer
// names. An `operate` runs its recipe on the local copy, so it waits for every earlier call to
// settle and every later call waits for it; a transaction's function waits for the calls before it.

import { fail } from '../core/internal'
import type { Transport } from './link'
import { fromWire, Msg, O, type OwnerMessage } from './wire'

interface Pending {
  readonly op: string
  /** Whether it resolves with the whole answer, or with the answer's value. */
  readonly whole: boolean
  resolve(answer: unknown): void
  reject(error: unknown): void
}

interface Waiting {
  readonly alone: boolean
  start(): void
}

export class Calls {
  readonly #transport: Transport
  readonly #replica: { readonly version: number }
  /** Requests sent and not settled, by id. */
  readonly #pending = new Map<number, Pending>()
  /** Answers that name a commit the replica has not caught up to yet. */
  #held: OwnerMessage[] = []
  #lastId = 0
  /** Who waits for every request before theirs to settle. */
  #after: { readonly id: number; go(): void }[] = []
  /** Transactions and `operate`s begun and not settled yet (the other calls are in `#pending`). */
  #running = 0
  /** Set while an `operate` runs: it runs alone. */
  #alone = false
  /** Calls waiting for their turn, in the order they were made, from `#first` on (those before it have begun). */
  #waiting: Waiting[] = []
  #first = 0
  /** Settles once the last transaction or `operate` begun has settled and its callbacks have run. */
  #lastTracked: Promise<unknown> = Promise.resolve()

  constructor(transport: Transport, replica: { readonly version: number }) {
    this.#transport = transport
    this.#replica = replica
  }

  /**
   * Makes a call in its turn. `send` gets a promise of the last transaction or `operate` before it
   * settling. An `alone` call (an `operate`) waits until every earlier call has settled, and every
   * later one waits for it; a `tracked` one (a transaction, or an `operate`) is counted until it settles.
   */
  inOrder<R>(send: (before: Promise<unknown>) => Promise<R>, alone = false, tracked = alone): Promise<R> {
    if (this.#first === this.#waiting.length && !this.#alone && !(alone && this.#busy)) return this.#start(send, alone, tracked)
    return new Promise((resolve) => this.#waiting.push({ alone, start: () => resolve(this.#start(send, alone, tracked)) }))
  }

  /**
   * Sends a request. Resolves, once the replica has caught up to the commit the answer names, with
   * the whole answer (`whole`) or its value. Rejects with the owner's error, or with `DISCONNECTED`
   * if the connection dies first.
   */
  request(op: string, whole: boolean, kind: Msg, a?: unknown, b?: unknown, c?: unknown): Promise<any> {
    const id = ++this.#lastId
    const answer = this.expect(op, id, whole)
    if (this.#transport.closedBecause === undefined) {
      try {
        this.#transport.send(kind, id, a, b, c)
      } catch (error) {
        this.#settle(id, error)
      }
    }
    return answer
  }

  /** Waits for another answer to an earlier request (a lease's final result). */
  expect(op: string, id: number, whole = true): Promise<any> {
    const closed = this.#transport.closedBecause
    if (closed !== undefined) return Promise.reject(fail.disconnected(op, closed))
    return new Promise((resolve, reject) => this.#pending.set(id, { op, whole, resolve, reject }))
  }

  /**
   * Resolves once every request made before request `id` has settled. The owner answers requests in
   * the order its queue ran them, but a lease can arrive before the answers that precede it.
   */
  after(id: number): Promise<void> {
    return new Promise((go) => {
      this.#after.push({ id, go })
      this.#wake()
    })
  }

  /** Settles an answer, or holds it until the replica has caught up to the commit it names. */
  answer(answer: OwnerMessage): void {
    if (answer[O.Kind] === Msg.Failure) this.#settle(answer[O.Id], fromWire(answer[O.Value]))
    else if (answer[O.Version] <= this.#replica.version) this.#settle(answer[O.Id], undefined, answer)
    else this.#held.push(answer)
  }

  /** The replica took in a new state: the answers held for it settle. */
  caughtUp(): void {
    const held = this.#held
    if (held.length === 0) return
    this.#held = []
    for (const answer of held) this.answer(answer)
  }

  /** Every request in flight fails with `DISCONNECTED`, for `why`. */
  lost(why: string): void {
    const pending = [...this.#pending.values()]
    this.#pending.clear()
    this.#held = []
    for (const request of pending) request.reject(fail.disconnected(request.op, why))
    this.#wake()
    this.#pump()
  }

  #settle(id: number, error: unknown, answer?: OwnerMessage) {
    const pending = this.#pending.get(id)
    if (!pending) return
    this.#pending.delete(id)
    if (answer) pending.resolve(pending.whole ? answer : answer[O.Value])
    else pending.reject(error)
    this.#wake()
    this.#pump()
  }

  #wake() {
    if (this.#after.length) {
      this.#after = this.#after.filter((waiter) => {
        for (const earlier of this.#pending.keys()) if (earlier < waiter.id) return true
        waiter.go()
        return false
      })
    }
  }

  /** Whether a call is unsettled: a request waiting for its answer, or a transaction or `operate` under way. */
  get #busy(): boolean {
    return this.#running > 0 || this.#pending.size > 0
  }

  /** Makes a call; a tracked one is counted until it settles, and is told when the one before it has settled. */
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
}
