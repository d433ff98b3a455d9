// The stored form of a state: one JSON text with the state in the store's JSON form (Maps, Sets and
// Dates tagged), the app's `version` of it, and the store version it was written at. Reading checks
// everything and upgrades older versions; anything it cannot take in is an error, never a guess.

import { adopt, decode, type DatastoreError, encode } from '../core/internal'
import { storageError } from './errors'

/** A state read back from storage. */
export interface Loaded {
  /** The state, checked and sealed, ready to be the store's root. */
  readonly state: unknown
  /** The store version it was written at (0 if unknown). */
  readonly at: number
  /** What an extension wrote beside the state. */
  readonly meta: unknown
}

export type Migrate = (stored: any, fromVersion: number) => unknown

/** The text stored for `state`. */
export function write(state: unknown, version: number, at: number, meta?: unknown): string {
  return JSON.stringify({ version, at, state: encode(state), ...(meta === undefined ? {} : { meta }) })
}

/**
 * The state in `text`, stored under `key`. Throws `STORAGE` when the text is not a stored state,
 * comes from a newer version, or cannot be migrated.
 */
export async function read(key: string, text: string, version: number, migrate: Migrate | undefined): Promise<Loaded> {
  const op = `persist '${key}'`
  let record: { version?: unknown; at?: unknown; state?: unknown; meta?: unknown }
  try {
    record = JSON.parse(text)
  } catch (error) {
    throw storageError(op, 'the stored text is not JSON; it was left as it is', error)
  }
  if (typeof record !== 'object' || record === null || !('state' in record) || typeof record.version !== 'number') {
    throw storageError(op, 'the stored value is not a saved state (no version and state); it was left as it is')
  }
  const from = record.version
  if (from > version) throw storageError(op, `the stored state is from version ${from}, newer than this app's version ${version}; it was left as it is`)
  let state: unknown
  try {
    state = decode(record.state)
  } catch (error) {
    throw storageError(op, `the stored state is corrupt (${(error as DatastoreError).message}); it was left as it is`, error)
  }
  if (from < version) {
    if (!migrate) throw storageError(op, `the stored state is from version ${from}, and no migrate function upgrades it to ${version}; it was left as it is`)
    try {
      state = adopt('migrate', [], await migrate(state, from))
    } catch (error) {
      throw storageError(op, `migrate from version ${from} to ${version} failed (${error instanceof Error ? error.message : String(error)}); the stored state was left as it is`, error)
    }
  }
  const at = typeof record.at === 'number' && Number.isSafeInteger(record.at) && record.at >= 0 ? record.at : 0
  return { state, at, meta: record.meta }
}
