// The bridge's wire format, in one place: the message kinds, where each field sits, which kinds
// carry what, and the encoding of both sides' messages. A message is one flat array (far cheaper to
// clone than nested objects); its first entry is `TAG`, so the bridge can share an endpoint with the
// application's own messages and ignore everything else.

import { DatastoreError, type DatastoreErrorCode, type Key, makeOp, type Op } from '../core/internal'

export const TAG = 'atomic-datastore'
export const PROTOCOL = 2

/** Message kinds. Each has its own number; nothing depends on their order. */
export const enum Msg {
  // A replica's requests and notices.
  Hello = 0,
  Op = 1,
  /** An optimistic write: patches checked against a base version. */
  Cas = 2,
  /** Asks for the lease. */
  Acquire = 3,
  /** Ends the lease `id` with its patches. */
  Commit = 4,
  /** Ends the lease `id` without a commit. */
  Release = 5,
  Resync = 6,
  Ping = 7,
  Bye = 8,
  // The owner's messages.
  Announce = 9,
  Snapshot = 10,
  Pong = 11,
  Refuse = 12,
  Goodbye = 13,
  Patch = 14,
  Result = 15,
  Failure = 16,
  /** The optimistic write lost: the value at its path changed. */
  Conflict = 17,
  /** The lease `id` is granted, at `version`. */
  Lease = 18,
}

/** Where each field of a replica's message sits: `[TAG, kind, from, id, ...the kind's own fields]`. */
export const enum R {
  Kind = 1,
  /** The replica's id on the endpoint. */
  From = 2,
  /** The request's id; later requests have higher ids. */
  Id = 3,
  /** Hello: the protocol version, and how often the replica pings (ms). */
  Protocol = 4,
  PingMs = 5,
  /** Op: the mutation's type, its path, and its value, `by` or values. */
  Type = 4,
  Path = 5,
  Arg = 6,
  /** Cas: the path, the version the write was based on, its patches (Path is shared with Op). */
  CasPath = 4,
  Base = 5,
  CasPatches = 6,
  /** Acquire: the transaction's timeoutMs. */
  TimeoutMs = 4,
  /** Commit: the lease's patches. */
  Patches = 4,
}

/**
 * Where each field of an owner's message sits. `to` 0 means every replica on the endpoint. A kind
 * that `carriesPatches` brings the patches of the commits not sent yet (`since` → `version`, none
 * when equal), so an answer travels with the patches that catch its replica up, and every other
 * replica on the endpoint takes them from it too.
 */
export const enum O {
  Kind = 1,
  /** Which bridge sent it: a new one after a restart. */
  Epoch = 2,
  To = 3,
  Id = 4,
  /** Snapshot: the state; Result: the value; Failure: the error (`toWire`); Refuse, Goodbye: why. */
  Value = 5,
  Since = 6,
  Version = 7,
  Patches = 8,
}

/** What a replica sends: the three fields after `id` are its kind's own (see `R`). */
export type ReplicaMessage = readonly [tag: string, kind: Msg, from: number, id: number, a?: unknown, b?: unknown, c?: unknown]

/** What the owner sends. */
export type OwnerMessage = readonly [tag: string, kind: Msg, epoch: number, to: number, id: number, value: unknown, since: number, version: number, patches: unknown]

const REPLICA_KINDS: readonly Msg[] = [Msg.Hello, Msg.Op, Msg.Cas, Msg.Acquire, Msg.Commit, Msg.Release, Msg.Resync, Msg.Ping, Msg.Bye]
const OWNER_KINDS: ReadonlySet<unknown> = new Set([Msg.Announce, Msg.Snapshot, Msg.Pong, Msg.Refuse, Msg.Goodbye, Msg.Patch, Msg.Result, Msg.Failure, Msg.Conflict, Msg.Lease])
const PATCH_KINDS: ReadonlySet<unknown> = new Set([Msg.Patch, Msg.Result, Msg.Failure, Msg.Conflict, Msg.Lease])

/** Whether a message of this kind comes from an owner (else a replica, or no bridge, sent it). */
export const isOwnerKind = (kind: unknown): boolean => OWNER_KINDS.has(kind)

/** The highest kind this protocol knows: a later protocol numbers its new kinds above it. */
const LAST_KIND = Math.max(...REPLICA_KINDS, ...(OWNER_KINDS as Set<number>))

/** Whether an owner leaves a message of this kind alone: another owner's, or a kind of a later protocol. */
export const isForAnotherOwner = (kind: unknown): boolean => isOwnerKind(kind) || (typeof kind === 'number' && kind > LAST_KIND)

/** Whether an owner's message of this kind brings the patches of the commits not sent yet. */
export const carriesPatches = (kind: unknown): boolean => PATCH_KINDS.has(kind)

/** A named mutation's fields as an Op message carries them (`R.Type`, `R.Path`, `R.Arg`); one top-level key travels as a string, cheaper to clone. */
export const opFields = (op: Op): [type: Op['type'], path: string | readonly Key[], arg: unknown] => [
  op.type,
  op.path.length === 1 && typeof op.path[0] === 'string' ? op.path[0] : op.path,
  'value' in op ? op.value : 'by' in op ? op.by : 'values' in op ? op.values : undefined,
]

/** The mutation an Op message asks for, checked and copied as a local one is (throws a `DatastoreError`). */
export function readOp(message: readonly unknown[]): Op {
  const arg = message[R.Arg]
  return makeOp({ type: message[R.Type], path: message[R.Path], value: arg, by: arg, values: arg })
}

/** A failed request, as it crosses the wire: `[code, message, path]`. */
export const toWire = (error: unknown): [code: DatastoreErrorCode, message: string, path?: readonly Key[] | undefined] =>
  error instanceof DatastoreError ? [error.code, error.message, error.path] : ['INVALID_VALUE', error instanceof Error ? error.message : String(error)]

/** The owner's error as the replica rejects with it; a malformed one still makes a `DatastoreError`. */
export function fromWire(wire: unknown): DatastoreError {
  const [code, message, path] = Array.isArray(wire) ? wire : []
  return new DatastoreError(
    typeof code === 'string' ? (code as DatastoreErrorCode) : 'INVALID_VALUE',
    typeof message === 'string' ? message : 'the owner refused the request',
    Array.isArray(path) ? path : undefined,
  )
}
