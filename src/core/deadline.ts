// A transaction's deadline: its abort signal, its time limit, and the one settlement it may have.
// Local and remote transactions both end through it, so abort, timeout and settle-once exist once.

import { type DatastoreError, fail } from './errors'

/** The longest delay timers can wait; a longer `timeoutMs` (or `Infinity`) means no time limit. */
export const MAX_TIMEOUT = 2 ** 31 - 1

/** A transaction's deadline, made by `Deadline`. */
export interface Deadline {
  /** Whether it has settled or been stopped. */
  readonly settled: boolean
  /** Why it was stopped, once it was. */
  readonly halt: unknown
  /** Starts the clock: `timeoutMs` from now, it stops with `TIMEOUT`. */
  arm(): void
  /** Stops it with `error`, unless it has settled already. */
  stop(error: unknown): void
  /** Settles it: true the first time, after which the timer and the signal are let go. */
  settle(): boolean
}

/**
 * Watches `signal` from now on. `onStop` is called once, with `ABORTED` or `TIMEOUT` (or what
 * `stop` is given), unless `settle` came first; at once if the signal is already aborted.
 */
export function Deadline(op: string, signal: AbortSignal | undefined, timeoutMs: number | undefined, onStop: (error: unknown) => void): Deadline {
  let timer: ReturnType<typeof setTimeout> | undefined
  const onAbort = () => deadline.stop(fail.aborted(op, signal!.reason))
  const deadline = {
    settled: false,
    halt: undefined as unknown,
    arm() {
      if (!deadline.settled && timeoutMs !== undefined && timeoutMs <= MAX_TIMEOUT) timer = setTimeout(() => deadline.stop(fail.timeout(op, timeoutMs)), timeoutMs)
    },
    stop(error: unknown) {
      if (!deadline.settle()) return
      deadline.halt = error
      onStop(error)
    },
    settle() {
      if (deadline.settled) return false
      deadline.settled = true
      clearTimeout(timer)
      signal?.removeEventListener('abort', onAbort)
      return true
    },
  }
  if (signal?.aborted) onAbort()
  else signal?.addEventListener('abort', onAbort, { once: true })
  return deadline
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
