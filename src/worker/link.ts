// A replica's connection to its owner: the handshake, requests and their answers, heartbeats, and
// holding each answer back until the replica has caught up to the commit it names.

import { fail } from '../core/errors'
import { type Channel, type Endpoint, openChannel } from './endpoint'
import { fromWire, liveness, type LivenessOptions, Msg, type OwnerMessage, PROTOCOL, type ReplicaMessage } from './protocol'

/** Makes `state` (a snapshot), or the replica's state with `patches` applied, its commit at `version`. */
export type Sync = (version: number, state: unknown, patches?: unknown) => void

interface Pending {
  readonly op: string
  /** Whether it resolves with the whole answer, or with its value. */
  readonly whole: boolean
  resolve(answer: unknown): void
  reject(error: unknown): void
}

export class Link {
  readonly id = Math.random()
  readonly #channel: Channel
  readonly #pending = new Map<number, Pending>()
  /** Answers that name a commit the replica has not caught up to yet. */
  #held: OwnerMessage[] = []
  readonly #tag: string
  #lastId = 0
  #silent = 0
  #epoch: unknown
  #resyncing = false
  /** A bridge's goodbye heard before the snapshot: it may be one closed before another opened. */
  #goodbye: string | undefined
  /** Says hello, with how often this side pings, so that the owner knows how long to wait for it. */
  readonly #hello: () => void
  /** The replica, once it exists, and how to bring it up to date. */
  #replica: { readonly version: number } | undefined
  #sync: Sync | undefined
  #settled: (() => void) | undefined
  /** Who waits for every request before theirs to settle. */
  #after: { readonly id: number; go(): void }[] = []
  /** Why the link is closed, once it is. */
  closedBecause: string | undefined

  /** Says hello on `endpoint`. The owner's first snapshot is the answer to request 0. */
  constructor(endpoint: Endpoint, options: LivenessOptions) {
    const [tick, limit, tag] = liveness('connectDatastore', options)
    this.#tag = tag
    this.#channel = openChannel(
      endpoint,
      tag,
      tick,
      (message) => this.#receive(message as OwnerMessage),
      (why) => this.#die(why),
      () => {
        // After a goodbye before the snapshot, a bridge opened since has a whole silent tick to announce itself.
        if (++this.#silent > 1 && this.#epoch === undefined && this.#goodbye !== undefined) return this.#die(this.#goodbye)
        if (this.#silent >= limit) return this.#die('the owner stopped answering')
        // Until its snapshot arrives the owner does not know this replica, and would refuse a ping.
        if (this.#epoch !== undefined) this.#send(Msg.Ping)
      },
    )
    this.#hello = () => this.#send(Msg.Hello, 0, PROTOCOL, tick)
    this.#hello()
  }

  /** Attaches the replica: how to bring it up to date, and what to call whenever a request settles. */
  attach(replica: { readonly version: number }, sync: Sync, settled: () => void): void {
    this.#replica = replica
    this.#sync = sync
    this.#settled = settled
  }

  /** Whether a request is waiting for its answer, or for the replica to catch up to it. */
  get busy(): boolean {
    return this.#pending.size > 0
  }

  /**
   * Sends a request. Resolves, once the replica has caught up to the commit the answer names, with
   * the answer's value for an operation, or else the whole answer. Rejects with the owner's error,
   * or with `DISCONNECTED` if the link dies first.
   */
  request(op: string, kind: Msg, a?: unknown, b?: unknown, c?: unknown): Promise<any> {
    const id = ++this.#lastId
    const answer = this.expect(op, id, kind !== Msg.Op)
    if (this.closedBecause === undefined) {
      try {
        this.#send(kind, id, a, b, c)
      } catch (error) {
        this.#settle(id, error)
      }
    }
    return answer
  }

  /** Waits for another answer to an earlier request (a lease's final result). */
  expect(op: string, id: number, whole = true): Promise<any> {
    if (this.closedBecause !== undefined) return Promise.reject(fail.disconnected(op, this.closedBecause))
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

  #wake() {
    if (this.#after.length) this.#after = this.#after.filter((waiter) => {
      for (const earlier of this.#pending.keys()) if (earlier < waiter.id) return true
      waiter.go()
      return false
    })
  }

  /** Tells the owner something that needs no answer. */
  notify(kind: Msg, id: number, a?: unknown): void {
    if (this.closedBecause === undefined) this.#send(kind, id, a)
  }

  close(why = 'the replica closed its connection'): void {
    if (this.closedBecause !== undefined) return
    this.#send(Msg.Bye)
    this.#die(why)
  }

  /** Asks the owner for a fresh snapshot (after a gap in the versions, or a patch that failed). */
  resync(): void {
    if (this.#resyncing) return
    this.#resyncing = true
    this.#send(Msg.Resync)
  }

  #receive(message: OwnerMessage): void {
    const [, kind, epoch, to, , value, since, version, patches] = message
    // A replica's message, from another replica facing this endpoint, is not for this one.
    if (this.closedBecause !== undefined || !(kind >= Msg.Announce)) return
    this.#silent = 0
    if (kind >= Msg.Patch) {
      // Every replica on the endpoint takes the patches; only the one it answers takes the answer.
      const replica = this.#replica
      if (replica && epoch === this.#epoch && version > replica.version) {
        if (since !== replica.version) this.resync()
        else {
          this.#sync!(version, undefined, patches)
          this.#release()
        }
      }
      if (to === this.id) this.#answer(message)
      return
    }
    if (to && to !== this.id) return
    switch (kind) {
      case Msg.Announce:
        if (epoch !== this.#epoch) {
          this.#goodbye = undefined
          this.#hello()
        }
        return
      case Msg.Snapshot:
        return this.#snapshot(message)
      case Msg.Refuse:
        return this.#die(`the owner refused the connection: ${value}`)
      case Msg.Goodbye:
        // A replica not yet connected waits a tick for a bridge opened after this one closed.
        if (epoch === this.#epoch) return this.#die(String(value))
        if (this.#epoch === undefined) this.#goodbye = String(value)
    }
  }

  #snapshot(message: OwnerMessage) {
    const [, , epoch, , , state, , version] = message
    if (typeof version !== 'number') return
    const restarted = this.#epoch !== undefined && epoch !== this.#epoch
    this.#epoch = epoch
    this.#resyncing = false
    if (!this.#replica) return this.#settle(0, undefined, message)
    // The new state first: a call waiting for those that fail here runs against it.
    this.#sync!(version, state)
    if (restarted) this.#fail('the owner restarted; the request may or may not have been applied')
    this.#release()
  }

  /** Settles an answer, or holds it until the replica has caught up to the commit it names. */
  #answer(answer: OwnerMessage) {
    if (answer[1] === Msg.Failure) this.#settle(answer[4], fromWire(answer[5]))
    else if (answer[7] <= (this.#replica?.version ?? Infinity)) this.#settle(answer[4], undefined, answer)
    else this.#held.push(answer)
  }

  #release() {
    const held = this.#held
    if (held.length === 0) return
    this.#held = []
    for (const answer of held) this.#answer(answer)
  }

  #settle(id: number, error: unknown, answer?: OwnerMessage) {
    const pending = this.#pending.get(id)
    if (!pending) return
    this.#pending.delete(id)
    if (answer) pending.resolve(pending.whole ? answer : answer[5])
    else pending.reject(error)
    this.#wake()
    this.#settled?.()
  }

  #fail(why: string) {
    const pending = [...this.#pending.values()]
    this.#pending.clear()
    this.#held = []
    for (const request of pending) request.reject(fail.disconnected(request.op, why))
    this.#wake()
    this.#settled?.()
  }

  #die(why: string) {
    if (this.closedBecause !== undefined) return
    this.closedBecause = why
    this.#channel.close()
    this.#fail(why)
  }

  #send(kind: Msg, id = 0, a?: unknown, b?: unknown, c?: unknown) {
    const message: ReplicaMessage = [this.#tag, kind, this.id, id, a, b, c]
    this.#channel.send(message)
  }
}
