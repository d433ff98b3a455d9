// The bridge's wire format. A message is one flat array of numbers, strings, paths and values, which
// costs far less to clone than nested objects with named fields. Its first entry is `TAG`, so the
// bridge can share an endpoint with the application's own messages and ignore everything else.

import { DatastoreError, type DatastoreErrorCode, fail } from '../core/errors'
import type { Key } from '../core/path'
import { MAX_TIMEOUT } from '../core/transaction'

export const TAG = 'atomic-datastore'
export const PROTOCOL = 2

/**
 * Message kinds. A replica sends `[TAG, kind, from, id, a, b, c]`; the owner sends
 * `[TAG, kind, epoch, to, id, value, since, version, patches]`, where `to` 0 means every replica on
 * the endpoint. From `Patch` on, an owner's message carries the patches of the commits it has not sent
 * yet (`since` → `version`, none when equal), so an answer travels with the patches that catch its
 * replica up, and every other replica on the endpoint takes them from it too.
 */
export const enum Msg {
  /** a: the protocol version, b: how often the replica pings (ms). */
  Hello,
  /** a: the mutation's type, b: its path, c: its value, `by` or values. */
  Op,
  /** An optimistic write. a: its path, b: the version it was based on, c: its patches. */
  Cas,
  /** Asks for the lease. a: timeoutMs. */
  Acquire,
  /** Ends the lease `id` with its patches. a: the patches. */
  Commit,
  /** Ends the lease `id` without a commit. */
  Release,
  Resync,
  Ping,
  Bye,
  Announce,
  /** value: the state at `version`. */
  Snapshot,
  Pong,
  /** value: why. */
  Refuse,
  /** value: why. */
  Goodbye,
  Patch,
  /** value: the request's result. */
  Result,
  /** value: its error, as `toWire` writes it. */
  Failure,
  /** The optimistic write lost: the value at its path changed. */
  Conflict,
  /** The lease `id` is granted, at `version`. */
  Lease,
}

/** What a replica sends. */
export type ReplicaMessage = readonly [tag: string, Msg, from: number, id: number, a?: unknown, b?: unknown, c?: unknown]

/** What the owner sends. */
export type OwnerMessage = readonly [
  tag: string,
  Msg,
  epoch: number,
  to: number,
  id: number,
  value: unknown,
  since: number,
  version: number,
  patches: unknown,
]

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
  if (!(typeof heartbeatMs === 'number' && heartbeatMs > 0 && heartbeatMs <= MAX_TIMEOUT)) throw fail.typeMismatch(op, [], 'heartbeatMs to be a number of ms above 0', heartbeatMs)
  if (!(typeof timeoutMs === 'number' && timeoutMs > 0)) throw fail.typeMismatch(op, [], 'timeoutMs to be a number of ms above 0', timeoutMs)
  const tick = Math.min(heartbeatMs, timeoutMs / 2)
  return [tick, Math.ceil(timeoutMs / tick), name === undefined ? TAG : `${TAG}:${name}`]
}

/** A failed request, as it crosses the wire: `[code, message, path]`. */
export const toWire = (error: unknown): [code: DatastoreErrorCode, message: string, path?: readonly Key[] | undefined] =>
  error instanceof DatastoreError
    ? [error.code, error.message, error.path]
    : ['INVALID_VALUE', error instanceof Error ? error.message : String(error)]

/** The owner's error as the replica rejects with it; a malformed one still makes a `DatastoreError`. */
export function fromWire(wire: unknown): DatastoreError {
  const [code, message, path] = Array.isArray(wire) ? wire : []
  return new DatastoreError(
    typeof code === 'string' ? (code as DatastoreErrorCode) : 'INVALID_VALUE',
    typeof message === 'string' ? message : 'the owner refused the request',
    Array.isArray(path) ? path : undefined,
  )
}
