// A replica's connection to its owner: the handshake, heartbeats, the owner's epoch, and the
// owner's state as it arrives (snapshots, and the patches every owner message may carry). What the
// replica asks, and the order its calls settle in, belong to its executor (calls.ts, remote.ts).

import { fail } from '../core/internal'
import { type Channel, type Endpoint, openChannel } from './endpoint'
import { liveness, type LivenessOptions } from './liveness'
import { carriesPatches, isOwnerKind, Msg, O, type OwnerMessage, PROTOCOL, type ReplicaMessage } from './wire'

/** How a replica's requests reach an owner. */
export interface Transport {
  /** Why the connection is closed, once it is. */
  readonly closedBecause: string | undefined
  /** Sends a replica message of `kind` for request `id`, with its kind's fields. Throws if it cannot be posted. */
  send(kind: Msg, id?: number, a?: unknown, b?: unknown, c?: unknown): void
}

/** What the link tells the replica it serves. */
export interface LinkClient {
  /** The replica's version. */
  readonly version: number
  /** Makes `state` (a snapshot), or the replica's state with `patches` applied, its commit at `version`. */
  sync(version: number, state: unknown, patches?: unknown): void
  /** An answer to one of this replica's requests. */
  answer(message: OwnerMessage): void
  /** The replica took in a new state: answers held for it may settle. */
  caughtUp(): void
  /** Every request in flight is lost, for `why`. */
  lost(why: string): void
}

export class Link implements Transport {
  readonly id = Math.random()
  readonly #channel: Channel
  readonly #tag: string
  #silent = 0
  #epoch: unknown
  #resyncing = false
  /** A bridge's goodbye heard before the snapshot: it may be one closed before another opened. */
  #goodbye: string | undefined
  /** Says hello, with how often this side pings, so that the owner knows how long to wait for it. */
  readonly #hello: () => void
  #client: LinkClient | undefined
  #connected!: { resolve(snapshot: OwnerMessage): void; reject(error: unknown): void }
  /** The owner's first snapshot, or `DISCONNECTED` if the link dies first. */
  readonly connected: Promise<OwnerMessage>
  closedBecause: string | undefined

  /** Says hello on `endpoint`. */
  constructor(endpoint: Endpoint, options: LivenessOptions) {
    const [tick, limit, tag] = liveness('connectDatastore', options)
    this.#tag = tag
    this.connected = new Promise((resolve, reject) => (this.#connected = { resolve, reject }))
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
        if (this.#epoch !== undefined) this.send(Msg.Ping)
      },
    )
    this.#hello = () => this.send(Msg.Hello, 0, PROTOCOL, tick)
    this.#hello()
  }

  /** Serves `client` from now on: the owner's state and the answers to its requests go to it. */
  attach(client: LinkClient): void {
    this.#client = client
  }

  send(kind: Msg, id = 0, a?: unknown, b?: unknown, c?: unknown): void {
    const message: ReplicaMessage = [this.#tag, kind, this.id, id, a, b, c]
    this.#channel.send(message)
  }

  /** Tells the owner something that needs no answer. */
  notify(kind: Msg, id: number, a?: unknown): void {
    if (this.closedBecause === undefined) this.send(kind, id, a)
  }

  close(why = 'the replica closed its connection'): void {
    if (this.closedBecause !== undefined) return
    this.send(Msg.Bye)
    this.#die(why)
  }

  /** Asks the owner for a fresh snapshot (after a gap in the versions, or a patch that failed). */
  resync(): void {
    if (this.#resyncing) return
    this.#resyncing = true
    this.send(Msg.Resync)
  }

  #receive(message: OwnerMessage): void {
    const kind = message[O.Kind]
    // A replica's message, from another replica facing this endpoint, is not for this one.
    if (this.closedBecause !== undefined || !isOwnerKind(kind)) return
    this.#silent = 0
    const to = message[O.To]
    const client = this.#client
    if (carriesPatches(kind)) {
      // Every replica on the endpoint takes the patches; only the one it answers takes the answer.
      const version = message[O.Version]
      if (client && message[O.Epoch] === this.#epoch && version > client.version) {
        if (message[O.Since] !== client.version) this.resync()
        else {
          client.sync(version, undefined, message[O.Patches])
          client.caughtUp()
        }
      }
      if (to === this.id) client?.answer(message)
      return
    }
    if (to && to !== this.id) return
    const epoch = message[O.Epoch]
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
        return this.#die(`the owner refused the connection: ${message[O.Value]}`)
      case Msg.Goodbye:
        // A replica not yet connected waits a tick for a bridge opened after this one closed.
        if (epoch === this.#epoch) return this.#die(String(message[O.Value]))
        if (this.#epoch === undefined) this.#goodbye = String(message[O.Value])
    }
  }

  #snapshot(message: OwnerMessage) {
    const version = message[O.Version]
    if (typeof version !== 'number') return
    const epoch = message[O.Epoch]
    const restarted = this.#epoch !== undefined && epoch !== this.#epoch
    this.#epoch = epoch
    this.#resyncing = false
    const client = this.#client
    if (!client) return this.#connected.resolve(message)
    // The new state first: a call waiting for those that fail here runs against it.
    client.sync(version, message[O.Value])
    if (restarted) client.lost('the owner restarted; the request may or may not have been applied')
    client.caughtUp()
  }

  #die(why: string) {
    if (this.closedBecause !== undefined) return
    this.closedBecause = why
    this.#channel.close()
    if (this.#client) this.#client.lost(why)
    else this.#connected.reject(fail.disconnected('connectDatastore', why))
  }
}
