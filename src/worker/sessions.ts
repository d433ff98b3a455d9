// The replicas one bridge serves: how long each has been silent, the last request it sent and the
// lease it holds, and the replicas dropped lately, which are refused if they speak again.

import { fail } from '../core/internal'

export interface Session {
  /** Ticks since the replica last spoke. */
  silent: number
  /** How many silent ticks drop it: at least two of the replica's own heartbeats. */
  readonly limit: number
  lastId: number
  lease: { id: number; grant(patches: unknown): void; deny(error: unknown): void } | undefined
}

/** How many dropped replicas are remembered. */
const REMEMBERED = 1024

export class Sessions {
  readonly #open = new Map<number, Session>()
  readonly #dropped = new Set<number>()
  readonly #tick: number
  readonly #limit: number

  /** `tick`: the bridge's heartbeat (ms); `limit`: how many silent ticks drop a replica that pings as often. */
  constructor(tick: number, limit: number) {
    this.#tick = tick
    this.#limit = limit
  }

  get size(): number {
    return this.#open.size
  }

  get(id: number): Session | undefined {
    return this.#open.get(id)
  }

  /** Whether `id` was dropped lately. */
  dropped(id: number): boolean {
    return this.#dropped.has(id)
  }

  /** Opens the session of replica `id`, which pings every `pingMs` (ms) if that is a number above 0. */
  open(id: number, pingMs: unknown): void {
    const limit = typeof pingMs === 'number' && pingMs > 0 ? Math.max(this.#limit, Math.ceil((2 * pingMs) / this.#tick) + 1) : this.#limit
    this.#open.set(id, { silent: 0, limit, lastId: 0, lease: undefined })
  }

  /** A tick of the heartbeat: drops the replicas silent for too long. */
  tick(): void {
    for (const [id, session] of this.#open) if (++session.silent >= session.limit) this.drop(id, 'the replica stopped answering')
  }

  /** Ends the session of replica `id`, and its lease with `DISCONNECTED`. */
  drop(id: number, why: string): void {
    const session = this.#open.get(id)
    if (!session) return
    this.#open.delete(id)
    this.#dropped.add(id)
    if (this.#dropped.size > REMEMBERED) this.#dropped.delete(this.#dropped.values().next().value!)
    session.lease?.deny(fail.disconnected('transaction', why))
  }

  /** Ends every session. */
  dropAll(why: string): void {
    for (const id of [...this.#open.keys()]) this.drop(id, why)
  }
}
