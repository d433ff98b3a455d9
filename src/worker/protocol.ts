// The bridge's messages, owner and replica. Every message carries `tag`, so the bridge can share an
// endpoint with the application's own messages and ignore everything that is not its own.

import { DatastoreError, type DatastoreErrorCode } from '../core/errors'
import type { Patch } from '../core/patches'
import type { Key } from '../core/path'

export const TAG = 'atomic-datastore'
export const PROTOCOL = 1

/** A failed request, as it crosses the wire. */
export interface WireError {
  readonly code: DatastoreErrorCode
  readonly message: string
  readonly path?: readonly Key[] | undefined
}

/** A named mutation, as the replica sends it; the owner checks it again with `makeOp`. */
export interface WireOp {
  readonly type: string
  readonly path: unknown
  readonly value?: unknown
  readonly by?: unknown
  readonly values?: unknown
}

/** Sent by the side that owns the store. `to` addresses one replica on a shared endpoint. */
export type OwnerMessage =
  | { tag: typeof TAG; kind: 'announce'; epoch: string }
  | { tag: typeof TAG; kind: 'snapshot'; to: string; epoch: string; version: number; state: unknown }
  | { tag: typeof TAG; kind: 'patch'; epoch: string; since: number; version: number; patches: Patch[] }
  | { tag: typeof TAG; kind: 'result'; to: string; id: number; version: number; value?: unknown; error?: WireError }
  | { tag: typeof TAG; kind: 'conflict'; to: string; id: number; version: number }
  | { tag: typeof TAG; kind: 'lease'; to: string; id: number; version: number }
  | { tag: typeof TAG; kind: 'pong'; to: string }
  | { tag: typeof TAG; kind: 'refuse'; to: string; reason: string }
  | { tag: typeof TAG; kind: 'bye'; epoch: string; reason: string }

/** Sent by a replica. `from` is its id. */
export type ReplicaMessage =
  | { tag: typeof TAG; kind: 'hello'; from: string; protocol: number }
  | { tag: typeof TAG; kind: 'op'; from: string; id: number; op: WireOp }
  | { tag: typeof TAG; kind: 'cas'; from: string; id: number; path: readonly Key[]; base: number; patches: Patch[] }
  | { tag: typeof TAG; kind: 'acquire'; from: string; id: number; timeoutMs?: number | undefined }
  | { tag: typeof TAG; kind: 'commit'; from: string; id: number; patches: Patch[] }
  | { tag: typeof TAG; kind: 'release'; from: string; id: number }
  | { tag: typeof TAG; kind: 'resync'; from: string }
  | { tag: typeof TAG; kind: 'ping'; from: string }
  | { tag: typeof TAG; kind: 'bye'; from: string }

type Body<M> = M extends unknown ? Omit<M, 'tag'> : never
export type OwnerBody = Body<OwnerMessage>
export type ReplicaBody = Body<ReplicaMessage>

/** Whether `data` is one of the bridge's messages (its fields are checked where they are used). */
export const isOwn = (data: unknown): data is { tag: typeof TAG; kind: unknown } =>
  typeof data === 'object' && data !== null && (data as { tag?: unknown }).tag === TAG

/** Options shared by both sides. */
export interface LivenessOptions {
  /** How often a side says it is alive (ms). Default 1000. */
  readonly heartbeatMs?: number | undefined
  /** How long a silent peer is given before its requests fail with `DISCONNECTED` (ms). Default 10000. */
  readonly timeoutMs?: number | undefined
}

export const DEFAULT_HEARTBEAT_MS = 1000
export const DEFAULT_TIMEOUT_MS = 10_000

export function toWire(error: unknown): WireError {
  if (error instanceof DatastoreError) return { code: error.code, message: error.message, path: error.path }
  return { code: 'INVALID_VALUE', message: error instanceof Error ? error.message : String(error) }
}

export function fromWire(error: unknown): DatastoreError {
  const wire = (typeof error === 'object' && error !== null ? error : {}) as Partial<WireError>
  const path = Array.isArray(wire.path) ? wire.path : undefined
  const code = typeof wire.code === 'string' ? wire.code : 'INVALID_VALUE'
  return new DatastoreError(code, typeof wire.message === 'string' ? wire.message : 'the owner refused the request', path)
}
