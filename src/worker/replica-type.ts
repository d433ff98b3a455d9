// The public type of a replica: what `connectDatastore` resolves with. The class that implements it
// (replica.ts) stays inside the package, so nobody can construct one.

import type { Datastore } from '../core/internal'

/**
 * A store whose state is a replica of an owner's, kept in sync by versioned patches: the whole
 * interface of a `Datastore`, plus its connection.
 *
 * @example
 * const remote = await connectDatastore<State>(worker)
 * if (remote.connected) await remote.increment('counter')
 * remote.close()
 */
export interface RemoteDatastore<T extends object = Record<string, any>> extends Datastore<T> {
  /** Whether the connection to the owner is open. */
  readonly connected: boolean
  /** Closes the connection: pending requests reject with `DISCONNECTED`; reads keep the last state. */
  close(): void
}
