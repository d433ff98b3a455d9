// The messages between tabs on the shared BroadcastChannel. Every request carries the tab's id and a
// sequence number that stays the same when it is resent to a new leader; every leader message
// carries the leader's epoch, so a tab never mixes two leaders' versions.

import type { Addressed } from './applied'

/** A named mutation, checked by the sender. */
export interface OpMessage {
  readonly type: string
  readonly path: unknown
  readonly value?: unknown
  readonly by?: unknown
  readonly values?: unknown
}

/** What a following tab sends to the leader. */
export type Request =
  | { readonly t: 'hello'; readonly from: string }
  | { readonly t: 'op'; readonly from: string; readonly epoch: string; readonly seq: number; readonly op: OpMessage }
  /** Asks for the leader's queue, to run a transaction against the replica. */
  | { readonly t: 'acquire'; readonly from: string; readonly epoch: string; readonly seq: number; readonly timeoutMs?: number | undefined }
  /** Ends the lease `seq` with the transaction's patches, computed against `version`. */
  | { readonly t: 'commit'; readonly from: string; readonly epoch: string; readonly seq: number; readonly version: number; readonly patches: unknown }
  | { readonly t: 'release'; readonly from: string; readonly epoch: string; readonly seq: number }

/** What the leader sends. */
export type Broadcast =
  | { readonly t: 'lead'; readonly epoch: string }
  | { readonly t: 'state'; readonly epoch: string; readonly to: string; readonly version: number; readonly state: unknown; readonly applied: unknown }
  /** The commits from `since` to `version`, then the answers they settle. */
  | { readonly t: 'patch'; readonly epoch: string; readonly since: number; readonly version: number; readonly patches: unknown[]; readonly answers: Addressed[] }
  | { readonly t: 'lease'; readonly epoch: string; readonly to: string; readonly seq: number; readonly version: number }

export type Message = Request | Broadcast

export const isMessage = (data: unknown): data is Message => typeof data === 'object' && data !== null && typeof (data as { t?: unknown }).t === 'string'
