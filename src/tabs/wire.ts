// The messages between tabs: the worker bridge's own wire format (flat arrays tagged with `TAG`, its
// `Msg` kinds and its field indexes, laid out as its `ReplicaMessage` and `OwnerMessage`), with the few fields
// that only failover needs placed after the bridge's: the leader's epoch on a request, the version a
// lease was granted at, and on the leader's messages the table of applied requests and a batch of
// answers. A follower's id is the bridge's `from`, its request's sequence number the bridge's `id`.

import type { Addressed } from './applied'
import { isOwnerKind, Msg, type OwnerMessage, PROTOCOL, R, type ReplicaMessage, TAG } from '../worker/wire'
import { readMessage } from '../worker/wire-reader'

/** The tabs' own fields of a follower's message, after the bridge's `R` fields. */
export const enum TabR {
  /** The epoch of the leader the request is addressed to: another leader ignores it. */
  Epoch = 7,
  /** Commit: the version the lease was granted at, so that a later leader can check it. */
  Granted = 8,
}

/** The tabs' own fields of the leader's message, after the bridge's `O` fields. */
export const enum TabO {
  /** Snapshot: the table of applied requests (`Applied.snapshot()`). */
  Applied = 9,
  /** Patch: the answers these commits settle, for any tabs, as `[tab, seq, ok, value, version]`. */
  Answers = 10,
}

/** A follower's message to the leader of `epoch`: the bridge's replica message, then the tabs' fields. */
export const request = (kind: Msg, tab: number, seq: number, epoch: number, a?: unknown, b?: unknown, c?: unknown, granted?: number): unknown[] => {
  const bridge: ReplicaMessage = [TAG, kind, tab, seq, a, b, c]
  return [...bridge, epoch, granted]
}

/** The leader's message: the bridge's owner message, then the tabs' fields. */
export const broadcast = (kind: Msg, epoch: number, to: number, id: number, value: unknown, since: number, version: number, patches: unknown, applied?: unknown, answers?: readonly Addressed[]): unknown[] => {
  const bridge: OwnerMessage = [TAG, kind, epoch, to, id, value, since, version, patches]
  return [...bridge, applied, answers]
}

/** A follower's hello: the bridge's, with the bridge's protocol version. */
export const hello = (tab: number, epoch: number): unknown[] => request(Msg.Hello, tab, 0, epoch, PROTOCOL)

/** Whether `data` is one of the tabs' messages (a tab's id and a number where each must be). */
export const isTabMessage = (data: unknown): data is unknown[] => Array.isArray(data) && data[0] === TAG && typeof data[R.From] === 'number' && typeof data[R.Kind] === 'number'

/**
 * A tab message read with named fields: the bridge's `readMessage`, plus the tabs' own fields
 * (`epoch` and `granted` on a follower's message, `applied` and `answers` on the leader's).
 */
export function readTabMessage(raw: unknown): Record<string, any> | undefined {
  const message = readMessage(raw)
  if (!message) return undefined
  const data = raw as unknown[]
  if (isOwnerKind(data[R.Kind])) return Object.assign(message, { applied: data[TabO.Applied], answers: data[TabO.Answers] })
  return Object.assign(message, { epoch: data[TabR.Epoch], granted: data[TabR.Granted] })
}
