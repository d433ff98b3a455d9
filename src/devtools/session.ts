// One store seen by one devtools connection: every commit goes out under its name with the state in
// JSON form; a state coming back (a jump, an import, a reset) becomes one job on the store's queue,
// whose commit is not sent back. Pausing stops sending; locking holds the store's queue.

import { coreOf, type Datastore, decode, encode } from '../core/internal'
import { nameOf } from './names'

/** Where a session sends its commits: the extension's connection, or the remote one. */
export interface Outlet {
  send(name: string, state: unknown): void
  /** Shows an error in the monitor. */
  error(message: string): void
}

export class DevtoolsSession {
  /** While paused, commits are not sent. */
  paused = false
  readonly #store: Datastore<any>
  readonly #outlet: Outlet
  readonly #unobserve: () => void
  /** The JSON text of states being put, whose commits are not sent back. */
  readonly #putting = new Set<string>()
  #release: (() => void) | undefined

  constructor(store: Datastore<any>, outlet: Outlet) {
    this.#store = store
    this.#outlet = outlet
    this.#unobserve = coreOf(store).observe((commit) => {
      if (commit.origin === this || this.paused) return
      const state = encode(commit.next)
      // A replica's own put comes back from its owner as a synced commit.
      if (this.#putting.size && this.#putting.has(JSON.stringify(state))) return
      outlet.send(nameOf(commit), state)
    })
  }

  /** The store's state in JSON form. */
  get state(): unknown {
    return encode(this.#store.state)
  }

  /** The state the store was created with, in JSON form. */
  get initialState(): unknown {
    return encode(this.#store.initialState)
  }

  /** Makes `json` (a state in JSON form, or its text) the store's state, as one job on its queue. */
  async put(json: unknown): Promise<void> {
    let text: string | undefined
    try {
      const value = decode(json)
      text = JSON.stringify(encode(value))
      this.#putting.add(text)
      await coreOf(this.#store).dispatch({ type: 'set', path: [], value }, this)
    } catch (error) {
      this.#outlet.error(error instanceof Error ? error.message : String(error))
    } finally {
      if (text !== undefined) this.#putting.delete(text)
    }
  }

  /**
   * Locks or unlocks changes. A lock holds the store's queue, as a transaction that waits: the
   * app's mutations (and states put by the monitor) wait their turn until it is released.
   */
  lock(locked: boolean): void {
    if (!locked) {
      this.#release?.()
      this.#release = undefined
      return
    }
    if (this.#release) return
    const released = new Promise<void>((resolve) => (this.#release = resolve))
    coreOf(this.#store)
      .transaction(() => released, { name: 'devtools lock' }, this)
      .catch((error: unknown) => this.#outlet.error(String(error)))
  }

  stop(): void {
    this.#unobserve()
    this.lock(false)
  }
}
