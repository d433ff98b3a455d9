// A transaction's deadline: its abort signal, its time limit, and the one settlement it may have.
// Local and remote transactions both end through it, so abort, timeout and settle-once exist once.

import { type DatastoreError, fail } from './errors'

/** The longest delay timers can wait; a longer `timeoutMs` (or `Infinity`) means no time limit. */
export const MAX_TIMEOUT = 2 ** 31 - 1

export class Deadline {
  #done = false
  #timer: ReturnType<typeof setTimeout> | undefined
  /** Why it was stopped, once it was. */
  halt: unknown
  readonly #op: string
  readonly #signal: AbortSignal | undefined
  readonly #timeoutMs: number | undefined
  readonly #onStop: (error: unknown) => void
  readonly #onAbort = () => this.stop(fail.aborted(this.#op, this.#signal!.reason))

  /**
   * Watches `signal` from now on. `onStop` is called once, with `ABORTED` or `TIMEOUT` (or what
   * `stop` is given), unless `settle` came first; at once if the signal is already aborted.
   */
  constructor(op: string, signal: AbortSignal | undefined, timeoutMs: number | undefined, onStop: (error: unknown) => void) {
    this.#op = op
    this.#signal = signal
    this.#timeoutMs = timeoutMs
    this.#onStop = onStop
    if (signal?.aborted) this.#onAbort()
    else signal?.addEventListener('abort', this.#onAbort, { once: true })
  }

  /** Whether it has settled or been stopped. */
  get settled(): boolean {
    return this.#done
  }

  /** Starts the clock: `timeoutMs` from now, it stops with `TIMEOUT`. */
  arm(): void {
    const ms = this.#timeoutMs
    if (!this.#done && ms !== undefined && ms <= MAX_TIMEOUT) this.#timer = setTimeout(() => this.stop(fail.timeout(this.#op, ms)), ms)
  }

  /** Stops it with `error`, unless it has settled already. */
  stop(error: unknown): void {
    if (!this.settle()) return
    this.halt = error
    this.#onStop(error)
  }

  /** Settles it: true the first time, after which the timer and the signal are let go. */
  settle(): boolean {
    if (this.#done) return false
    this.#done = true
    clearTimeout(this.#timer)
    this.#signal?.removeEventListener('abort', this.#onAbort)
    return true
  }
}

/** A `TYPE_MISMATCH` for a transaction's function or options that cannot be used, or `undefined`. */
export function checkArguments(fn: unknown, signal: unknown, timeoutMs: unknown, name?: unknown): DatastoreError | undefined {
  const op = 'transaction'
  if (typeof fn !== 'function') return fail.typeMismatch(op, [], 'function', fn)
  if (name !== undefined && typeof name !== 'string') return fail.typeMismatch(op, [], 'name', name)
  if (signal !== undefined && !(typeof signal === 'object' && signal !== null && typeof (signal as AbortSignal).addEventListener === 'function' && 'aborted' in signal)) {
    return fail.typeMismatch(op, [], 'signal', signal)
  }
  if (timeoutMs !== undefined && !(typeof timeoutMs === 'number' && timeoutMs >= 0)) {
    return fail.typeMismatch(op, [], 'timeoutMs', timeoutMs)
  }
  return undefined
}
