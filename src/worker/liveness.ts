// How each side of the bridge knows its peer is alive: the heartbeat, the silence allowed, and the
// bridge's name, which makes the tag its messages carry.

import { fail, MAX_TIMEOUT } from '../core/internal'
import { TAG } from './wire'

/** Options shared by both sides. */
export interface LivenessOptions {
  /** How often a side says it is alive (ms), above 0 and at most 2^31 − 1. Default 1000. */
  readonly heartbeatMs?: number | undefined
  /**
   * How long a silent peer is given before its requests fail with `DISCONNECTED` (ms), above 0;
   * `Infinity` waits forever. Default 10000.
   */
  readonly timeoutMs?: number | undefined
  /**
   * The bridge's name, the same on both sides. A replica connects only to the store exposed under its
   * name, so that one endpoint can carry several stores; an endpoint serves one bridge per name.
   */
  readonly name?: string | undefined
}

/**
 * The tick (the heartbeat, or half the timeout if that is shorter), how many silent ticks make a peer
 * dead, and the tag of the bridge's messages. Throws `TYPE_MISMATCH` for a period that could never fire.
 */
export function liveness(op: string, { heartbeatMs = 1000, timeoutMs = 10_000, name }: LivenessOptions): [number, number, string] {
  if (!(typeof heartbeatMs === 'number' && heartbeatMs > 0 && heartbeatMs <= MAX_TIMEOUT)) throw fail.typeMismatch(op, [], 'heartbeatMs', heartbeatMs)
  if (!(typeof timeoutMs === 'number' && timeoutMs > 0)) throw fail.typeMismatch(op, [], 'silenceMs', timeoutMs)
  const tick = Math.min(heartbeatMs, timeoutMs / 2)
  return [tick, Math.ceil(timeoutMs / tick), name === undefined ? TAG : `${TAG}:${name}`]
}
