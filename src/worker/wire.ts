// The bridge's wire format, in one place: the message kinds, where each field sits, which kinds
// carry what, and the encoding of both sides' messages. A message is one flat array (far cheaper to
// clone than nested objects); its first entry is `TAG`, so the bridge can share an endpoint with the
// application's own messages and ignore everything else.

import { DatastoreError, type DatastoreErrorCode, type Key, PatchOp } from '../core/internal'

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

/** A replica's message; `a`, `b`, `c` are its kind's own fields, in the order `R` gives them. */
export const replicaMessage = (tag: string, kind: Msg, from: number, id: number, a?: unknown, b?: unknown, c?: unknown): ReplicaMessage => [tag, kind, from, id, a, b, c]

/** An owner's message. */
export const ownerMessage = (tag: string, kind: Msg, epoch: number, to: number, id: number, value: unknown, since: number, version: number, patches: unknown): OwnerMessage => [
  tag,
  kind,
  epoch,
  to,
  id,
  value,
  since,
  version,
  patches,
]

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

const KIND_NAMES: Readonly<Record<number, string>> = {
  [Msg.Hello]: 'hello',
  [Msg.Op]: 'op',
  [Msg.Cas]: 'cas',
  [Msg.Acquire]: 'acquire',
  [Msg.Commit]: 'commit',
  [Msg.Release]: 'release',
  [Msg.Resync]: 'resync',
  [Msg.Ping]: 'ping',
  [Msg.Bye]: 'bye',
  [Msg.Announce]: 'announce',
  [Msg.Snapshot]: 'snapshot',
  [Msg.Pong]: 'pong',
  [Msg.Refuse]: 'refuse',
  // A goodbye either way; a failure is a request's final answer, like a result.
  [Msg.Goodbye]: 'bye',
  [Msg.Patch]: 'patch',
  [Msg.Result]: 'result',
  [Msg.Failure]: 'result',
  [Msg.Conflict]: 'conflict',
  [Msg.Lease]: 'lease',
}
const PATCH_OP_NAMES: Readonly<Record<number, string>> = { [PatchOp.Add]: 'add', [PatchOp.Replace]: 'replace', [PatchOp.Remove]: 'remove', [PatchOp.Elements]: 'elements' }

/** Flat patches as `{ op, path, value }` objects. */
export const readPatches = (patches: readonly unknown[]): Record<string, unknown>[] =>
  Array.from({ length: patches.length / 3 }, (_, i) => ({ op: PATCH_OP_NAMES[patches[i * 3] as number], path: patches[i * 3 + 1], value: patches[i * 3 + 2] }))

/**
 * One of the bridge's messages as an object with named fields (`raw` is the message itself), or
 * `undefined` for any other message: for tests and tools that watch the wire. Patches come as
 * `{ op, path, value }` objects; a failure is a `result` with an `error`.
 */
export function readMessage(raw: unknown, tag = TAG): Record<string, any> | undefined {
  if (!Array.isArray(raw) || raw[0] !== tag) return undefined
  const kind: unknown = raw[R.Kind]
  const patches = (list: unknown) => (Array.isArray(list) ? readPatches(list) : list)
  if (!isOwnerKind(kind)) {
    const base = { tag, kind: KIND_NAMES[kind as number] ?? kind, from: raw[R.From], id: raw[R.Id], raw }
    switch (kind) {
      case Msg.Hello:
        return { ...base, protocol: raw[R.Protocol] }
      case Msg.Op: {
        const arg = raw[R.Arg]
        // A string path (one top-level key) travels as it is.
        return { ...base, op: { type: raw[R.Type], path: typeof raw[R.Path] === 'string' ? [raw[R.Path]] : raw[R.Path], value: arg, by: arg, values: arg } }
      }
      case Msg.Cas:
        return { ...base, path: raw[R.CasPath], base: raw[R.Base], patches: patches(raw[R.CasPatches]) }
      case Msg.Acquire:
        return { ...base, timeoutMs: raw[R.TimeoutMs] }
      case Msg.Commit:
        return { ...base, patches: patches(raw[R.Patches]) }
    }
    return base
  }
  const message: Record<string, any> = { tag, kind: KIND_NAMES[kind as number], epoch: raw[O.Epoch], to: raw[O.To], id: raw[O.Id], version: raw[O.Version], raw }
  const value = raw[O.Value]
  if (kind === Msg.Snapshot) message.state = value
  if (kind === Msg.Refuse || kind === Msg.Goodbye) message.reason = value
  if (carriesPatches(kind)) Object.assign(message, { since: raw[O.Since], patches: readPatches(raw[O.Patches]) })
  if (kind === Msg.Result) message.value = value
  if (kind === Msg.Failure) message.error = { code: value[0], message: value[1], path: value[2] }
  return message
}
