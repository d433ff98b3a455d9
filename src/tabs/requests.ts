// A following tab's requests that have no answer yet, in the order they were made. Each keeps its
// sequence number for life, so that it can be sent again, unchanged, to whichever tab leads next;
// each settles once, with the answer of the one leader that applied it.

import type { Op } from '../core/internal'
import { fromWire } from '../worker/wire'
import type { Answer } from './applied'

/** Where a request stands: a named mutation, a lease asked for, a lease held (its function runs), its commit sent. */
export type Stage = 'op' | 'acquire' | 'running' | 'commit'

export interface Pending {
  readonly seq: number
  stage: Stage
  readonly op?: Op
  readonly timeoutMs?: number | undefined
  /** The lease's version and the transaction's patches, once its function has run. */
  commit?: { readonly version: number; readonly patches: unknown }
  /** Settles the lease request: the version it was granted at, or `LOCAL` when this tab now leads. */
  granted(version: number | typeof LOCAL): void
  resolve(value: unknown): void
  reject(error: unknown): void
}

/** The lease of a tab that took the lead before its lease was granted: the transaction runs here. */
export const LOCAL = Symbol('local')

export class Requests {
  readonly #pending = new Map<number, Pending>()
  /** Answers for this tab that name a version the replica has not reached yet. */
  #held: [number, Answer][] = []
  #seq = 0

  get size(): number {
    return this.#pending.size
  }

  /** A new request; `deliver` sends it now if there is a leader to send it to. */
  add(init: Pick<Pending, 'stage' | 'op' | 'timeoutMs'>, deliver: (pending: Pending) => void): { pending: Pending; done: Promise<unknown>; granted: Promise<number | typeof LOCAL> } {
    let pending!: Pending
    let granted!: (version: number | typeof LOCAL) => void
    const grant = new Promise<number | typeof LOCAL>((resolve) => (granted = resolve))
    const done = new Promise<unknown>((resolve, reject) => {
      pending = { seq: ++this.#seq, ...init, granted: (version) => granted(version), resolve, reject }
    })
    this.#pending.set(pending.seq, pending)
    deliver(pending)
    return { pending, done, granted: grant }
  }

  get(seq: number): Pending | undefined {
    return this.#pending.get(seq)
  }

  /** Every request not answered, oldest first. */
  all(): Pending[] {
    return [...this.#pending.values()]
  }

  /** Settles request `seq` with `answer` once the replica has reached the answer's version. */
  answer(seq: number, answer: Answer | true, version: number): void {
    if (answer !== true && answer[2] > version) return void this.#held.push([seq, answer])
    const pending = this.#pending.get(seq)
    if (!pending) return
    this.#pending.delete(seq)
    if (answer === true) pending.resolve(undefined)
    else if (answer[0]) pending.resolve(answer[1])
    else pending.reject(fromWire(answer[1]))
  }

  /** The replica reached `version`: settles the answers held for it. */
  caughtUp(version: number): void {
    if (!this.#held.length) return
    const held = this.#held
    this.#held = []
    for (const [seq, answer] of held) this.answer(seq, answer, version)
  }

  /** Drops request `seq` without settling it (it is settled elsewhere). */
  forget(seq: number): void {
    this.#pending.delete(seq)
  }

  /** Rejects every request with `error`. */
  failAll(error: (pending: Pending) => unknown): void {
    const all = this.all()
    this.#pending.clear()
    this.#held = []
    for (const pending of all) pending.reject(error(pending))
  }
}
